import type { WorkspaceView } from './workspace';

/**
 * The engine's public vocabulary. Positions and ranges are 0-based and count UTF-16 code units,
 * exactly as the Language Server Protocol does, so the server can pass them through untouched.
 */

/** `daemon` is daemon.json; `systemd` a systemd unit file or drop-in (where dockerd's flags are written). */
export type FileKind = 'dockerfile' | 'compose' | 'daemon' | 'systemd';

export type Severity = 'error' | 'warning' | 'info';

export type SeveritySetting = Severity | 'off';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** A place in another file (or in the same one when `uri` is absent). */
export interface RelatedLocation {
  uri?: string;
  range: Range;
  message: string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/**
 * A fix is a set of text edits on the linted document, labelled safe or unsafe (behaviour changes).
 * A fix that reaches beyond the document (a secret moved into a new file, a line added to
 * `.gitignore`, a Compose file edited from a Dockerfile finding) lists those changes in `files`.
 */
export interface Fix {
  title: string;
  safe: boolean;
  /** Edits on the linted document itself. */
  edits: TextEdit[];
  /** Changes to other files, applied in order after `edits`: a file is created before it is edited. */
  files?: FileChange[];
}

/** A file a fix creates, with its whole content. It must not exist yet: an existing file is never overwritten. */
export interface CreateFile {
  kind: 'create';
  /** Where, in the same form as the linted document's `uri` (a URI or a path). */
  uri: string;
  text: string;
  /** The text is a secret (a value moved out of a variable): written, but never shown. */
  secret?: boolean;
}

/** Edits on another file, with ranges in that file's text as the engine read it through the workspace. */
export interface EditFile {
  kind: 'edit';
  uri: string;
  edits: TextEdit[];
}

export type FileChange = CreateFile | EditFile;

export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  fixes?: Fix[];
  /** Edits that add a suppression comment for this finding: above its statement, or for the file. */
  ignore?: { line: TextEdit; file: TextEdit };
}

/** What a caller hands the engine: a document's text and, when it knows them, its name and language. */
export interface LintDocument {
  /** A URI or a path; only its last segment is used to recognise the file kind. */
  uri: string;
  text: string;
  /** The editor's language id (`dockerfile`, `dockercompose`, `yaml`, `json`), if any. */
  languageId?: string;
  /** Forces the kind; otherwise it is recognised from the name and language id. */
  kind?: FileKind;
}

export interface LintOptions {
  /** Per-rule severity overrides, or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Documents longer than this many characters get one `file-too-large` finding instead of a lint. */
  maxFileSize?: number;
  /** The files around the document, for rules that read more than one file; without it they stay silent. */
  workspace?: WorkspaceView;
  /**
   * The registries images may come from: hosts (`ghcr.io`, `registry.example.com:5000`) or host/path
   * prefixes (`ghcr.io/myorg`, `docker.io/library`); a first part without a dot, colon or `localhost`
   * is a Docker Hub path, as in image references. Empty or absent: every registry is trusted.
   */
  trustedRegistries?: readonly string[];
}

export interface LintResult {
  /** The recognised kind, or undefined when the document is none of the kinds Bulwark lints. */
  kind: FileKind | undefined;
  findings: Finding[];
  /** The other files the lint read through the workspace (those absent included): when one changes, the result may. */
  dependencies: string[];
}
