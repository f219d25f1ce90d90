import type { DockerfileModels } from './model/dockerfile-models';
import type { CanonicalImage } from './model/image-ref';
import type { Profile } from './profiles';
import type { WorkspaceView } from './workspace';

/**
 * The engine's public vocabulary. Positions and ranges are 0-based and count UTF-16 code units,
 * exactly as the Language Server Protocol does, so the server can pass them through untouched.
 */

/**
 * `daemon` is daemon.json; `systemd` a systemd unit file or drop-in (where dockerd's flags are written);
 * `devcontainer` a devcontainer.json; `shell` and `ci` scripts and CI files with `docker run` lines.
 */
export type FileKind = 'dockerfile' | 'compose' | 'daemon' | 'systemd' | 'devcontainer' | 'shell' | 'ci';

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
  /** The change only makes sure the file holds this line (see `ensureLineChange`): a caller holding an older lint recomputes it from the file as it is now. */
  ensureLine?: string;
}

/** Edits on another file, with ranges in that file's text as the engine read it through the workspace. */
export interface EditFile {
  kind: 'edit';
  uri: string;
  edits: TextEdit[];
  /** As for `CreateFile`: the edit only adds this line, which may be there by now. */
  ensureLine?: string;
}

export type FileChange = CreateFile | EditFile;

export interface Finding {
  ruleId: string;
  severity: Severity;
  range: Range;
  message: string;
  related?: RelatedLocation[];
  /** Built the first time it is read when the rule reported them lazily: read it only to fix. */
  fixes?: Fix[];
  /** Edits that add a suppression comment for this finding: above its statement, or for the file. */
  ignore?: { line: TextEdit; file: TextEdit };
  /**
   * Hardening advice where it was found, though its rule runs by default elsewhere (a missing
   * `--cap-drop=ALL` on a run line, which Compose reports by default): the editor shows it as a hint.
   */
  advice?: true;
}

/** A finding a suppression comment hides, with where that comment is and the reason it gives. */
export interface SuppressedFinding extends Finding {
  suppression: { range: Range; reason?: string };
}

/** What the project allows of suppression comments (`.bulwark.yaml`'s `suppressions`). */
export interface SuppressionPolicy {
  /** false: suppression comments hide nothing (a CI that wants every finding). Default true. */
  allow?: boolean;
  /** true: a comment without a reason (`-- why`) hides nothing and is reported. */
  requireReason?: boolean;
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
  /**
   * The rule set to run (see rules/profiles.ts); a rule's setting in `rules` wins over it. Absent:
   * every rule of the catalog, as `strict`. The CLI and the language server default to `recommended`.
   */
  profile?: Profile;
  /** Per-rule severity overrides, or `off`. */
  rules?: Record<string, SeveritySetting>;
  /** Documents longer than this many characters get one `file-too-large` finding instead of a lint. */
  maxFileSize?: number;
  /**
   * At most this many findings, the first in position order; past it one `too-many-findings` finding
   * counts the others and takes their highest severity. Unbounded without it: the front ends bound
   * what they print and send (MAX_FINDINGS_PER_FILE).
   */
  maxFindings?: number;
  /** The files around the document, for rules that read more than one file; without it they stay silent. */
  workspace?: WorkspaceView;
  /**
   * The registries images may come from: hosts (`ghcr.io`, `registry.example.com:5000`) or host/path
   * prefixes (`ghcr.io/myorg`, `docker.io/library`); a first part without a dot, colon or `localhost`
   * is a Docker Hub path, as in image references. Empty or absent: every registry is trusted.
   */
  trustedRegistries?: readonly string[];
  /** What registries say about images (online features); absent: the rules that need it stay silent. */
  imageFacts?: ImageFactsProvider;
  /** Dockerfiles parsed by earlier lints, kept by a caller that lints the same files often (the language server). */
  dockerfileModels?: DockerfileModels;
  /** What suppression comments may do; absent: they hide what they name, with or without a reason. */
  suppressions?: SuppressionPolicy;
}

/**
 * What is known now about the images a file pulls. The engine never waits: a provider answers from
 * what it has, and asks the registry in the background when it has nothing (its caller lints again
 * when the answer arrives).
 */
export interface ImageFactsProvider {
  /** The facts about an image, or undefined while they are not known. */
  lookup(image: CanonicalImage): ImageFacts | undefined;
}

/** What a registry said about one image reference. */
export interface ImageFacts {
  /** When the registry answered, as an ISO 8601 date. */
  resolvedAt: string;
  /** Why the lookup failed (offline, 401, 404, timeout...); nothing else is known then. */
  failure?: string;
  /** The content digest of the reference: for a multi-platform image, the index's, not one platform's. */
  digest?: string;
  /** The manifest's media type (an index/list or a single image). */
  mediaType?: string;
  /** `os/architecture[/variant]` of each image of a multi-platform index; empty when not known. */
  platforms?: string[];
  /** The signatures looked for at the digest; absent when they were not looked for. */
  signatures?: SignatureFacts;
}

export type SignatureMechanism = 'cosign' | 'notation' | 'docker-content-trust';

export interface FoundSignature {
  mechanism: SignatureMechanism;
  /** The configured key that verified it (its name), or why it did not verify. */
  signer?: string;
  detail?: string;
}

export interface SignatureFacts {
  /** Signatures verified with a configured trust key. */
  verified: FoundSignature[];
  /** Signatures found that no configured key verifies: signed by someone unknown, or not valid. */
  unverified: FoundSignature[];
  /** Why the signatures could not all be looked for, if so. */
  failure?: string;
}

export interface LintResult {
  /** The recognised kind, or undefined when the document is none of the kinds Bulwark lints. */
  kind: FileKind | undefined;
  findings: Finding[];
  /** The findings suppression comments hid (not in `findings`). */
  suppressed: SuppressedFinding[];
  /** The other files the lint read through the workspace (those absent included): when one changes, the result may. */
  dependencies: string[];
}
