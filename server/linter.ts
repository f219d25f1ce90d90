import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectKind, folderOf, lint, tooLargeToRead, type FileKind, type Finding, type LintOptions } from '../rules';
import { lintFailureDiagnostic, toDiagnostic } from './diagnostics';
import { describeError, guard, type ErrorLogger } from './guard';
import type { ServerSettings } from './settings';

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
  /**
   * What its last lint read besides itself: files (a Compose file's Dockerfiles, `.env`, override and
   * extended files; a unit file's daemon.json) and listed folders, as `folder/` (build contexts).
   */
  dependencies?: ReadonlySet<string>;
}

interface PublishedLint {
  version: number | undefined;
  /** The lint's findings, at the severities the rules report (no severity setting applied). */
  findings: readonly Finding[];
  diagnostics: Diagnostic[];
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
  /**
   * The last lint published per document: its diagnostics (hovers, the status of a scan) and the
   * findings they were made from (code actions, fix-all), with the version linted.
   */
  private readonly published = new Map<string, PublishedLint>();

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

  /**
   * A document was closed: forget it; its diagnostics go, unless `keep` gives the text to lint instead
   * (a scanned file). The documents that read it now read the disk.
   */
  closed(document: TextDocument, keep = false): void {
    clearTimeout(this.states.get(document.uri)?.pendingLint);
    this.states.delete(document.uri);
    this.relintDependents([document.uri]);
    if (!lintableKind(document)) return;
    if (keep) this.lintFile({ uri: document.uri, text: document.getText(), languageId: document.languageId });
    else this.clear(document.uri);
  }

  /** Files changed on the disk (`workspace/didChangeWatchedFiles`): re-lint the open documents that read them. */
  filesChanged(uris: readonly string[]): void {
    this.relintDependents(uris);
  }

  /** New settings apply to later lints; when they lint differently, the open documents are linted again at once. */
  applySettings(settings: ServerSettings, relint: boolean, openDocuments: readonly TextDocument[]): void {
    this.currentSettings = settings;
    if (relint) this.relint(openDocuments);
  }

  /** Lints the documents again now, once each (the configuration they are linted with changed). */
  relint(documents: readonly TextDocument[]): void {
    for (const document of documents) {
      if (!lintableKind(document)) continue;
      const state = this.stateOf(document.uri);
      clearTimeout(state.pendingLint);
      state.pendingLint = undefined;
      state.lintedVersion = document.version;
      // Every open document is linted here: none needs its dependents linted again.
      this.lintFile({ uri: document.uri, text: document.getText(), languageId: document.languageId, version: document.version });
    }
  }

  /**
   * Lints a file that is not open (the workspace scan) and publishes its diagnostics; returns them,
   * or undefined when the file is not linted (ignored, disabled, not a kind Bulwark knows).
   */
  lintFile(file: LintTarget): Diagnostic[] | undefined {
    const kind = detectKind(file.uri, file.languageId, file.text);
    if (!kind) return undefined;
    return this.publish(file.uri, this.lintOf(file, kind));
  }

  /**
   * A file of the workspace scan too large to be read: published with the finding the engine gives
   * such a file (undefined when the file is not linted at all).
   */
  publishUnread(uri: string, bytes: number): Diagnostic[] | undefined {
    if (!detectKind(uri) || !this.host.lintOptions(uri)) return this.publish(uri, undefined);
    const findings = [tooLargeToRead(bytes)];
    return this.publish(uri, { version: undefined, findings, diagnostics: findings.map((finding, index) => toDiagnostic(finding, uri, undefined, index)) });
  }

  private publish(uri: string, linted: PublishedLint | undefined): Diagnostic[] | undefined {
    if (linted === undefined) {
      this.clear(uri);
      return undefined;
    }
    this.published.set(uri, linted);
    const { version, diagnostics } = linted;
    this.host.publishDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics });
    return diagnostics;
  }

  /**
   * Publishes a file's last findings again with the severities set now, without linting it: only
   * the severity settings changed (no rule turned on or off, nothing else). False when there is no
   * lint to publish again (the caller lints the file instead).
   */
  republishSeverities(uri: string): boolean {
    const linted = this.published.get(uri);
    const options = linted && this.host.lintOptions(uri);
    if (!linted || !options) return false;
    this.publish(uri, { ...linted, diagnostics: diagnosticsOf(linted.findings, options.rules, uri, linted.version) });
    return true;
  }

  /** Clears the diagnostics of a document. */
  clear(uri: string): void {
    if (!this.published.has(uri)) return;
    this.published.delete(uri);
    this.host.publishDiagnostics({ uri, diagnostics: [] });
  }

  /** The diagnostics last published for a document. */
  diagnostics(uri: string): readonly Diagnostic[] {
    return this.published.get(uri)?.diagnostics ?? [];
  }

  /** The findings last published for a document, if they are those of `version` (undefined: a file that is not open). */
  lintedFindings(uri: string, version: number | undefined): readonly Finding[] | undefined {
    const linted = this.published.get(uri);
    return linted && linted.version === version ? linted.findings : undefined;
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
    this.lintFile({ uri: document.uri, text: document.getText(), languageId: document.languageId, version: document.version });
    // Other documents' findings can come from this one (a Compose file reads the Dockerfiles it
    // builds, a Dockerfile the Compose file that gives its build context, a unit file its daemon.json).
    this.relintDependents([document.uri]);
  }

  /**
   * Re-lints, once each, the open documents whose last lint read one of `uris`, or listed the folder
   * it is in (a file created or deleted there changes the listing); not the documents themselves.
   */
  private relintDependents(uris: readonly string[]): void {
    const touched = new Set(uris.flatMap((uri) => [uri, `${uri}/`, folderOf(uri)]));
    for (const other of this.host.openDocuments?.() ?? []) {
      const dependencies = this.states.get(other.uri)?.dependencies;
      if (uris.includes(other.uri) || !dependencies || ![...dependencies].some((location) => touched.has(location))) continue;
      this.lintFile({ uri: other.uri, text: other.getText(), languageId: other.languageId, version: other.version });
    }
  }

  /**
   * The findings of a document now (none when it is not linted): for the fix-all actions. The last
   * lint's, when it linted this version: every change of what a lint reads lints the document again.
   */
  findingsOf(document: TextDocument): readonly Finding[] {
    const linted = this.lintedFindings(document.uri, document.version);
    if (linted) return linted;
    const kind = lintableKind(document);
    const options = kind && this.host.lintOptions(document.uri);
    if (!kind || !options) return [];
    return this.lintEngine({ uri: document.uri, text: document.getText(), languageId: document.languageId, kind }, options).findings;
  }

  /** Undefined when the document is not to be linted. */
  private lintOf(file: LintTarget, kind: FileKind): PublishedLint | undefined {
    try {
      const options = this.host.lintOptions(file.uri);
      if (!options) return undefined;
      // A change of the severity settings alone publishes the files again without linting them
      // (`republishSeverities`): the findings are kept as linted, and published at the settings' severities.
      const { findings, dependencies } = this.lintEngine({ uri: file.uri, text: file.text, languageId: file.languageId, kind }, options);
      const state = this.states.get(file.uri);
      if (state) state.dependencies = new Set(dependencies);
      return { version: file.version, findings, diagnostics: diagnosticsOf(findings, options.rules, file.uri, file.version) };
    } catch (error) {
      this.host.logError(`Bulwark failed to lint ${file.uri}${file.version === undefined ? '' : ` (version ${file.version})`}: ${describeError(error)}`);
      return { version: file.version, findings: [], diagnostics: [lintFailureDiagnostic(file.uri)] };
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

/** The diagnostics of findings at the severities `rules` sets now (as the engine would have). */
function diagnosticsOf(findings: readonly Finding[], rules: LintOptions['rules'], uri: string, version: number | undefined): Diagnostic[] {
  return findings.map((finding, index) => {
    const setting = rules?.[finding.ruleId];
    return toDiagnostic(setting === undefined || setting === 'off' ? finding : { ...finding, severity: setting }, uri, version, index);
  });
}

/** The kind Bulwark lints the document as; undefined for documents that are none of its business. */
export function lintableKind(document: TextDocument): FileKind | undefined {
  return detectKind(document.uri, document.languageId, document.getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }));
}
