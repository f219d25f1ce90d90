import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind, lint, type FileKind, type WorkspaceView } from '../rules';
import { lintFailureDiagnostic, toDiagnostic } from './diagnostics';
import { describeError, guard, type ErrorLogger } from './guard';
import { sameRules, type ServerSettings } from './settings';

/** What the linter needs from the connection. */
export interface LinterHost {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  logError: ErrorLogger;
  /** The files around a document (open documents first), for rules that read several files. */
  workspace?: WorkspaceView;
  /** The documents open now. */
  openDocuments?(): readonly TextDocument[];
}

interface DocumentState {
  pendingLint?: NodeJS.Timeout;
  lintedVersion?: number;
  /** The other files its last lint read (a Compose file's Dockerfiles, `.env`, override, extended files). */
  dependencies?: ReadonlySet<string>;
}

/**
 * The per-document state of the open documents: when each is linted, and with which settings.
 * Linting is synchronous, so the diagnostics published are always those of the version just read:
 * a newer version cannot arrive between the lint and the publish.
 */
export class DocumentLinter {
  private readonly states = new Map<string, DocumentState>();

  /** `lintEngine` is replaceable so tests can make linting fail. */
  constructor(
    private readonly host: LinterHost,
    private currentSettings: ServerSettings,
    private readonly lintEngine = lint,
  ) {}

  get settings(): ServerSettings {
    return this.currentSettings;
  }

  /** A document was opened: lint it at once, nobody is typing yet. Its text now wins over the disk for the documents that read it. */
  opened(document: TextDocument): void {
    this.lintNow(document);
  }

  /** A document changed: lint it when the edits pause. */
  changed(document: TextDocument): void {
    const state = this.stateOf(document.uri);
    // The content-change event also fires for the version that `opened` has just linted.
    if (state.lintedVersion === document.version) return;
    clearTimeout(state.pendingLint);
    if (this.currentSettings.debounceMs === 0) {
      this.lintNow(document);
      return;
    }
    // Every change replaces the timer, so the one that fires holds the latest version.
    state.pendingLint = setTimeout(
      guard(this.host.logError, `linting ${document.uri}`, () => this.lintNow(document)),
      this.currentSettings.debounceMs,
    );
  }

  /** A document was closed: forget it and clear its diagnostics; the documents that read it now read the disk. */
  closed(document: TextDocument): void {
    clearTimeout(this.states.get(document.uri)?.pendingLint);
    this.states.delete(document.uri);
    if (lintableKind(document)) this.host.publishDiagnostics({ uri: document.uri, diagnostics: [] });
    this.relintDependents([document.uri]);
  }

  /** Files changed on disk (`workspace/didChangeWatchedFiles`): re-lint the open documents that read them. */
  filesChanged(uris: readonly string[]): void {
    this.relintDependents(uris);
  }

  /** New settings apply to later lints; new severities re-lint the open documents at once. */
  applySettings(settings: ServerSettings, openDocuments: readonly TextDocument[]): void {
    const rulesChanged = !sameRules(this.currentSettings.rules, settings.rules);
    this.currentSettings = settings;
    if (rulesChanged) for (const document of openDocuments) this.lintNow(document);
  }

  /** Stops every pending lint (on shutdown). */
  dispose(): void {
    for (const state of this.states.values()) clearTimeout(state.pendingLint);
    this.states.clear();
  }

  private lintNow(document: TextDocument): void {
    const state = this.stateOf(document.uri);
    clearTimeout(state.pendingLint);
    state.pendingLint = undefined;
    state.lintedVersion = document.version;
    this.publish(document);
    // Other documents' findings can come from this one (a Compose file reads its Dockerfiles, .env, override): re-lint them.
    this.relintDependents([document.uri]);
  }

  private publish(document: TextDocument): void {
    const kind = lintableKind(document);
    if (kind) this.host.publishDiagnostics({ uri: document.uri, version: document.version, diagnostics: this.diagnosticsOf(document, kind) });
  }

  /** Re-lints, once each, the open documents whose last lint read one of `uris` (not the documents themselves). */
  private relintDependents(uris: readonly string[]): void {
    const changed = new Set(uris);
    for (const other of this.host.openDocuments?.() ?? []) {
      const dependencies = this.states.get(other.uri)?.dependencies;
      if (changed.has(other.uri) || !dependencies || ![...changed].some((uri) => dependencies.has(uri))) continue;
      this.publish(other);
    }
  }

  private diagnosticsOf(document: TextDocument, kind: FileKind): Diagnostic[] {
    try {
      const { findings, dependencies } = this.lintEngine(
        { uri: document.uri, text: document.getText(), languageId: document.languageId, kind },
        { rules: this.currentSettings.rules, workspace: this.host.workspace },
      );
      this.stateOf(document.uri).dependencies = new Set(dependencies);
      return findings.map((finding) => toDiagnostic(finding, document.uri));
    } catch (error) {
      this.host.logError(`Bulwark failed to lint ${document.uri} (version ${document.version}): ${describeError(error)}`);
      return [lintFailureDiagnostic(document.uri)];
    }
  }

  private stateOf(uri: string): DocumentState {
    let state = this.states.get(uri);
    if (!state) {
      state = {};
      this.states.set(uri, state);
    }
    return state;
  }
}

/** The kind Bulwark lints the document as; undefined for documents that are none of its business. */
function lintableKind(document: TextDocument): FileKind | undefined {
  return detectKind(document.uri, document.languageId);
}
