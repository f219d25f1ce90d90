import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind, lint, type FileKind, type Finding, type LintOptions } from '../rules';
import { lintFailureDiagnostic, toDiagnostic } from './diagnostics';
import { describeError, guard, type ErrorLogger } from './guard';
import type { ServerSettings } from './settings';

/**
 * The kinds of file whose findings depend on a file of this kind: a Compose file's on the Dockerfiles
 * it builds, a Dockerfile's on the build context a Compose file gives it, a unit file's on the
 * daemon.json its dockerd reads.
 */
const READERS: Partial<Record<FileKind, FileKind[]>> = { dockerfile: ['compose'], compose: ['dockerfile'], daemon: ['systemd'] };

/** What the linter needs from the connection. */
export interface LinterHost {
  publishDiagnostics(params: PublishDiagnosticsParams): void;
  logError: ErrorLogger;
  /**
   * The options a document is linted with (rules, workspace view...), or undefined when it is not
   * linted at all (Bulwark disabled, or the file ignored by the configuration).
   */
  lintOptions(uri: string): LintOptions | undefined;
  /** The documents open now. */
  openDocuments?(): readonly TextDocument[];
}

interface DocumentState {
  pendingLint?: NodeJS.Timeout;
  lintedVersion?: number;
}

/** A document to lint: an open one, or a file read from the disk by the workspace scan. */
export interface LintTarget {
  uri: string;
  text: string;
  languageId?: string;
  version?: number;
}

/**
 * The per-document state of the open documents: when each is linted, and with which settings.
 * Linting is synchronous, so the diagnostics published are always those of the version just read:
 * a newer version cannot arrive between the lint and the publish.
 */
export class DocumentLinter {
  private readonly states = new Map<string, DocumentState>();
  /** The diagnostics last published per document, for hovers and for the status of a scan. */
  private readonly published = new Map<string, Diagnostic[]>();

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

  /** A document changed: lint it when the edits pause (unless Bulwark lints on save only). */
  changed(document: TextDocument): void {
    const state = this.stateOf(document.uri);
    // The content-change event also fires for the version that `opened` has just linted.
    if (state.lintedVersion === document.version || this.currentSettings.run === 'onSave') return;
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

  /** A document was saved: the moment to lint when Bulwark lints on save. */
  saved(document: TextDocument): void {
    if (this.currentSettings.run === 'onSave' && this.stateOf(document.uri).lintedVersion !== document.version) this.lintNow(document);
  }

  /** A document was closed: forget it; its diagnostics go, unless `keep` gives the text to lint instead (a scanned file). */
  closed(document: TextDocument, keep = false): void {
    clearTimeout(this.states.get(document.uri)?.pendingLint);
    this.states.delete(document.uri);
    // An unsaved .dockerignore no longer stands for the file on the disk.
    if (isDockerignore(document.uri)) this.relintOpen(['dockerfile']);
    if (!lintableKind(document)) return;
    if (keep) this.lintFile({ uri: document.uri, text: document.getText(), languageId: document.languageId });
    else this.clear(document.uri);
  }

  /** Files changed on the disk: the open Dockerfiles' build contexts may have changed with them. */
  filesChanged(): void {
    this.relintOpen(['dockerfile']);
  }

  /** New settings apply to later lints; when they lint differently, the open documents are linted again at once. */
  applySettings(settings: ServerSettings, relint: boolean, openDocuments: readonly TextDocument[]): void {
    this.currentSettings = settings;
    if (relint) this.relint(openDocuments);
  }

  /** Lints the documents again now (the configuration they are linted with changed). */
  relint(documents: readonly TextDocument[]): void {
    for (const document of documents) this.lintNow(document);
  }

  /**
   * Lints a file that is not open (the workspace scan) and publishes its diagnostics; returns them,
   * or undefined when the file is not linted (ignored, disabled, not a kind Bulwark knows).
   */
  lintFile(file: LintTarget): Diagnostic[] | undefined {
    const kind = detectKind(file.uri, file.languageId);
    if (!kind) return undefined;
    const diagnostics = this.diagnosticsOf(file, kind);
    if (diagnostics === undefined) {
      this.clear(file.uri);
      return undefined;
    }
    this.publish(file.uri, file.version, diagnostics);
    return diagnostics;
  }

  /** Clears the diagnostics of a document. */
  clear(uri: string): void {
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    this.host.publishDiagnostics({ uri, diagnostics: [] });
  }

  /** The diagnostics last published for a document. */
  diagnostics(uri: string): readonly Diagnostic[] {
    return this.published.get(uri) ?? [];
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
    const diagnostics = this.lintFile({ uri: document.uri, text: document.getText(), languageId: document.languageId, version: document.version });
    const kind = lintableKind(document);
    if (isDockerignore(document.uri)) this.relintOpen(['dockerfile']);
    else if (diagnostics && kind) this.relintOpen(READERS[kind] ?? []);
  }

  /** Lints the open documents of these kinds again. */
  private relintOpen(kinds: readonly FileKind[]): void {
    if (kinds.length === 0) return;
    for (const other of this.host.openDocuments?.() ?? []) {
      const kind = lintableKind(other);
      if (kind && kinds.includes(kind)) this.lintFile({ uri: other.uri, text: other.getText(), languageId: other.languageId, version: other.version });
    }
  }

  private publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
    this.published.set(uri, diagnostics);
    this.host.publishDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
  }

  /** The findings of a document now, as it is linted (none when it is not linted): for the fix-all actions. */
  findingsOf(document: TextDocument): Finding[] {
    const kind = lintableKind(document);
    const options = kind && this.host.lintOptions(document.uri);
    if (!kind || !options) return [];
    return this.lintEngine({ uri: document.uri, text: document.getText(), languageId: document.languageId, kind }, options).findings;
  }

  /** Undefined when the document is not to be linted. */
  private diagnosticsOf(file: LintTarget, kind: FileKind): Diagnostic[] | undefined {
    try {
      const options = this.host.lintOptions(file.uri);
      if (!options) return undefined;
      const { findings } = this.lintEngine({ uri: file.uri, text: file.text, languageId: file.languageId, kind }, options);
      return findings.map((finding) => toDiagnostic(finding, file.uri, file.version));
    } catch (error) {
      this.host.logError(`Bulwark failed to lint ${file.uri}${file.version === undefined ? '' : ` (version ${file.version})`}: ${describeError(error)}`);
      return [lintFailureDiagnostic(file.uri)];
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
export function lintableKind(document: TextDocument): FileKind | undefined {
  return detectKind(document.uri, document.languageId);
}
