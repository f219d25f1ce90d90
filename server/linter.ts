import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind, lint, type FileKind, type Finding, type WorkspaceView } from '../rules';
import { lintFailureDiagnostic, toDiagnostic } from './diagnostics';
import { describeError, guard, type ErrorLogger } from './guard';
import { sameRules, type ServerSettings } from './settings';

/** What the linter needs from the connection. */
export interface LinterHost {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  logError: ErrorLogger;
  /** The files around a document (open documents first), for rules that read several files. */
  workspaceFor?(documentUri: string): WorkspaceView;
  /** The documents open now. */
  openDocuments?(): readonly TextDocument[];
}

interface DocumentState {
  pendingLint?: NodeJS.Timeout;
  lintedVersion?: number;
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

  /** A document was opened: lint it at once, nobody is typing yet. */
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

  /** A document was closed: forget it and clear its diagnostics. */
  closed(document: TextDocument): void {
    clearTimeout(this.states.get(document.uri)?.pendingLint);
    this.states.delete(document.uri);
    if (lintableKind(document)) this.host.publishDiagnostics({ uri: document.uri, diagnostics: [] });
    // Its unsaved text no longer stands for the file on the disk.
    else if (isDockerignore(document.uri)) this.publishOpen('dockerfile');
  }

  /** Files changed on the disk: the open Dockerfiles' build contexts may have changed with them. */
  filesChanged(): void {
    this.publishOpen('dockerfile');
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
    const kind = lintableKind(document);
    if (kind) this.publish(document, kind);
    // A Compose file's findings can come from the Dockerfiles it builds, and a Dockerfile's from the
    // build context a Compose file gives it and from the .dockerignore: re-lint the open ones.
    if (kind === 'dockerfile') this.publishOpen('compose');
    else if (kind === 'compose' || isDockerignore(document.uri)) this.publishOpen('dockerfile');
  }

  private publishOpen(kind: FileKind): void {
    for (const other of this.host.openDocuments?.() ?? []) {
      if (lintableKind(other) === kind) this.publish(other, kind);
    }
  }

  private publish(document: TextDocument, kind: FileKind): void {
    this.host.publishDiagnostics({ uri: document.uri, version: document.version, diagnostics: this.diagnosticsOf(document, kind) });
  }

  /** The findings of a document now, with the current settings (empty for a document Bulwark does not lint). */
  findingsOf(document: TextDocument, kind = lintableKind(document)): Finding[] {
    if (!kind) return [];
    return this.lintEngine(
      { uri: document.uri, text: document.getText(), languageId: document.languageId, kind },
      { rules: this.currentSettings.rules, workspace: this.host.workspaceFor?.(document.uri) },
    ).findings;
  }

  private diagnosticsOf(document: TextDocument, kind: FileKind): Diagnostic[] {
    try {
      return this.findingsOf(document, kind).map((finding) => toDiagnostic(finding, document.uri));
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

/** `.dockerignore`, or the `<Dockerfile>.dockerignore` beside a Dockerfile. */
function isDockerignore(uri: string): boolean {
  return /\.dockerignore$/i.test(uri.replace(/[?#].*$/, ''));
}

/** The kind Bulwark lints the document as; undefined for documents that are none of its business. */
function lintableKind(document: TextDocument): FileKind | undefined {
  return detectKind(document.uri, document.languageId);
}
