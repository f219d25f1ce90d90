import { detectKind } from './kinds';
import { pairEndLines, parseCompose, type ComposeModel } from './model/compose';
import { parseDaemonJson, type DaemonModel } from './model/daemon';
import { parseDevcontainer } from './model/devcontainer';
import type { DockerfileModel } from './model/dockerfile';
import { parseDockerfileAt, type DockerfileModels } from './model/dockerfile-models';
import { canonicalImage, type CanonicalImage } from './model/image-ref';
import { composeRuntimes } from './model/compose-runtime';
import { composeImages, dockerfileImages } from './model/images';
import { RUNTIME_KINDS, type ContainerRuntime, type RuntimeFileModel } from './model/runtime';
import { parseRunLines } from './model/run-lines';
import { parseUnit, type UnitModel } from './model/systemd';
import { runsIn } from './profiles';
import { allRules, rules } from './registry';
import type { Report, Rule, RuleContext } from './rule';
import { applySuppressions, suppressionEdits, type CommentMarker } from './suppressions';
import { knownValueMasker, redactUrlPasswords } from './secrets';
import { INTERNAL_ERROR, FILE_TOO_LARGE, INVALID_SUPPRESSION, PARSE_ERROR, TOO_MANY_FINDINGS } from './syntax-rules';
import type { FileKind, Finding, Fix, SuppressedFinding, LintDocument, LintOptions, LintResult, Range, Severity } from './types';
import { memoizedWorkspace, type WorkspaceView } from './workspace';

/** Larger documents are not linted: no real Dockerfile or compose file comes near it, and parsing one would stall an editor. */
export const DEFAULT_MAX_FILE_SIZE = 4 * 1024 * 1024;

/** Findings the front ends report for one file at most (LintOptions.maxFindings); the rest are summed up in one `too-many-findings` finding. */
export const MAX_FINDINGS_PER_FILE = 1000;

export type ParsedModel = DockerfileModel | ComposeModel | DaemonModel | UnitModel | RuntimeFileModel;

/**
 * Parses a document once into the model every rule of its kind reads (a Compose file with its
 * project); undefined for a kind this engine has no parser for, which is then not checked.
 */
function parseModel(kind: FileKind, document: LintDocument, workspace: WorkspaceView | undefined, dockerfileModels: DockerfileModels | undefined): ParsedModel | undefined {
  switch (kind) {
    case 'dockerfile':
      return parseDockerfileAt(document.uri, document.text, dockerfileModels);
    case 'compose':
      return parseCompose(document.text, { uri: document.uri, workspace, dockerfileModels });
    case 'daemon':
      return parseDaemonJson(document.text);
    case 'systemd':
      return parseUnit(document.text);
    case 'devcontainer':
      return parseDevcontainer(document.text, document.uri, workspace);
    case 'shell':
    case 'ci':
      return parseRunLines(kind, document.text, document.uri);
    default:
      return undefined;
  }
}

/** The containers a file declares, for the rules' runtime checks. */
function containersOf(model: ParsedModel): ContainerRuntime[] {
  switch (model.kind) {
    case 'compose':
      return composeRuntimes(model);
    case 'devcontainer':
    case 'shell':
    case 'ci':
      return model.containers;
    default:
      return [];
  }
}

/**
 * A view of the workspace for one lint: each file is read and each folder listed once, and every
 * location is recorded, since the findings depend on it (a listed folder as `folder/`).
 */
function recordingWorkspace(workspace: WorkspaceView | undefined, reads: Set<string>): WorkspaceView | undefined {
  if (!workspace) return undefined;
  const memoized = memoizedWorkspace(workspace);
  return {
    readFile(location) {
      reads.add(location);
      return memoized.readFile(location);
    },
    listDirectory(location) {
      reads.add(location.endsWith('/') ? location : `${location}/`);
      return memoized.listDirectory(location);
    },
  };
}

/**
 * The engine's one entry point: text in, findings out. Pure: it reads nothing but its arguments.
 * A rule that throws is reported as one `internal-error` finding and the other rules still run.
 */
export function lint(document: LintDocument, options: LintOptions = {}): LintResult {
  const kind = document.kind ?? detectKind(document.uri, document.languageId, document.text);
  if (!kind) return { kind, findings: [], suppressed: [], dependencies: [] };
  const reads = new Set<string>();
  const dependencies = () => [...reads].filter((location) => location !== document.uri);
  // Parsing may read too (a Compose file's .env, override and extended files).
  const workspace = recordingWorkspace(options.workspace, reads);
  let findings: Finding[] = [];
  let suppressed: SuppressedFinding[] = [];
  // Fix titles are masked when read, once every check has run and the values to mask (`.env` values) are known.
  let mask: (text: string) => string = redactUrlPasswords;
  const shown = (title: string) => mask(title);
  const emit = (rule: Rule, report: Report) => {
    const severity = effectiveSeverity(rule, options, report.severity);
    if (!severity || (report.beyondRecommended && options.profile === 'recommended' && !options.rules?.[rule.id])) return;
    findings.push(newFinding(rule.id, severity, report, shown));
  };

  const maxSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (document.text.length > maxSize) {
    emit(FILE_TOO_LARGE, { range: firstLineRange(document.text), message: tooLargeMessage(document.text.length, maxSize) });
    return { kind, findings, suppressed: [], dependencies: [] };
  }

  let model: ParsedModel | undefined;
  try {
    model = parseModel(kind, document, workspace, options.dockerfileModels);
  } catch (error) {
    emit(INTERNAL_ERROR, { range: firstLineRange(document.text), message: `Bulwark could not parse this file: ${errorMessage(error)}` });
    return { kind, findings, suppressed: [], dependencies: dependencies() };
  }
  if (!model) return { kind, findings, suppressed: [], dependencies: dependencies() };
  for (const problem of model.syntaxProblems) emit(PARSE_ERROR, problem);

  const dockerfiles = model.kind === 'compose' ? model.project.dockerfiles : new Map<string, DockerfileModel | undefined>();
  const daemonFiles = new Map<string, DaemonModel | undefined>();
  // One context for the whole lint: what a rule reports is the running rule's.
  let running: Rule | undefined;
  const context: RuleContext<never> = {
    model: model as never,
    report: (report) => emit(running!, report),
    documentUri: document.uri,
    workspace,
    dockerfiles,
    daemonFiles,
    trustedRegistries: options.trustedRegistries ?? [],
    imageFacts: options.imageFacts,
  };
  // The containers the file declares, read once and only when a rule that judges them runs.
  let runtimeContext: RuleContext<ContainerRuntime[]> | undefined;
  const parsed = model;
  const containers = () => (runtimeContext ??= { ...context, model: containersOf(parsed) });
  const declaresContainers = RUNTIME_KINDS.includes(kind);
  for (const rule of rulesToRun(kind, options)) {
    running = rule;
    try {
      rule.check[model.kind]?.(context);
      if (declaresContainers) rule.check.runtime?.(containers());
    } catch (error) {
      emit(INTERNAL_ERROR, { range: firstLineRange(document.text), message: `Rule ${rule.id} failed on this file and was skipped: ${errorMessage(error)}` });
    }
  }
  if (model.kind === 'compose') findings = model.project.findings(findings);
  // No message shows a variable's value (`.env` may be a link to the process's environment) nor a URL's password.
  mask = knownValueMasker(model.kind === 'compose' ? model.project.variableValues() : []);
  for (const finding of findings) {
    finding.message = mask(finding.message);
    for (const related of finding.related ?? []) related.message = mask(related.message);
  }
  // JSON has no comments: daemon.json findings are turned off in the configuration, not in the file.
  const comment = model.kind === 'devcontainer' ? '//' : '#';
  if (model.kind !== 'daemon') {
    const { findings: kept, suppressed: hidden, problems } = applySuppressions(model.lines, findings, allRules, statementEnds(model), options.suppressions, comment);
    findings = kept;
    suppressed = hidden;
    for (const problem of problems) emit(INVALID_SUPPRESSION, problem);
  }
  findings.sort(compareFindings);
  if (model.kind !== 'daemon') addIgnoreEdits(model, findings, comment);
  return { kind, findings: options.maxFindings === undefined ? findings : capFindings(findings, options.maxFindings, 'this file'), suppressed, dependencies: dependencies() };
}

/**
 * The first `max` findings and, when there were more, one `too-many-findings` finding at the last
 * one kept that counts the others by severity and takes the highest of their severities, so the
 * exit code of a scan is the same as with all of them.
 */
export function capFindings(findings: Finding[], max: number, where: string): Finding[] {
  if (findings.length <= max) return findings;
  const kept = findings.slice(0, max);
  const left = findings.slice(max);
  const count = (severity: Severity) => left.filter((finding) => finding.severity === severity).length;
  const counts = (['error', 'warning', 'info'] as const).map((severity) => [severity, count(severity)] as const).filter(([, n]) => n > 0);
  const severity = counts[0][0];
  const range = kept.length > 0 ? kept[kept.length - 1].range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const message = `Bulwark reports at most ${max} findings for ${where}; ${left.length} more were left out (${counts.map(([name, n]) => `${n} ${name}`).join(', ')}).`;
  return [...kept, { ruleId: TOO_MANY_FINDINGS.id, severity, range, message }];
}

/** An image a document pulls, where it is written, and as Docker names it. */
export interface DocumentImage {
  range: Range;
  /** The reference after variable expansion. */
  text: string;
  image: CanonicalImage;
  /** The reference and the image's name as they may be shown (a hover): the `.env` values in them masked. */
  shown: { text: string; name: string };
}

/** The base images and service images of a document, for hovers and digest updates; empty for other kinds or unparsable text. */
export function documentImages(document: LintDocument, { workspace, dockerfileModels }: Pick<LintOptions, 'workspace' | 'dockerfileModels'> = {}): DocumentImage[] {
  const kind = document.kind ?? detectKind(document.uri, document.languageId, document.text);
  if (!kind || document.text.length > DEFAULT_MAX_FILE_SIZE) return [];
  try {
    const model = parseModel(kind, document, workspace, dockerfileModels);
    if (!model) return [];
    const images = model.kind === 'dockerfile' ? dockerfileImages(model) : model.kind === 'compose' ? composeImages(model) : [];
    const mask = knownValueMasker(model.kind === 'compose' ? model.project.variableValues() : []);
    return images
      .filter(({ reference }) => reference.invalidDigest === undefined)
      .map(({ range, reference }) => {
        const image = canonicalImage(reference);
        return { range, text: reference.text, image, shown: { text: mask(reference.text), name: mask(image.name) } };
      });
  } catch {
    return [];
  }
}

/** The first and last line of every Dockerfile instruction or unit directive, in order. */
function forEachStatement(model: DockerfileModel | UnitModel, visit: (first: number, last: number) => void): void {
  if (model.kind === 'systemd') {
    for (const directive of model.directives) visit(directive.firstLine, directive.lastLine);
  } else {
    // The lines of the instructions' ranges, without making ranges nothing else asks for.
    for (const instruction of model.instructions) visit(model.lines.lineAt(instruction.start), model.lines.lineAt(instruction.end));
  }
}

/** Gives each finding (sorted) the edits of its "ignore" quick fixes, but a failed check, which no comment may hide. */
function addIgnoreEdits(model: Exclude<ParsedModel, DaemonModel>, findings: Finding[], comment: CommentMarker): void {
  const statementStart = statementStarts(model);
  const ignoreEdits = suppressionEdits(model.lines, comment);
  for (const finding of findings) {
    if (finding.ruleId !== INTERNAL_ERROR.id) finding.ignore = ignoreEdits(finding.ruleId, statementStart(finding.range.start.line));
  }
}

/**
 * The first line of the Dockerfile instruction or unit directive that holds a line; in Compose and the
 * files that declare containers, the line itself. Asked with lines in order (of sorted findings): the
 * statements, in order and apart, are walked once, as far as the last line asked, and nothing is built.
 */
function statementStarts(model: DockerfileModel | ComposeModel | UnitModel | RuntimeFileModel): (line: number) => number {
  if (model.kind === 'compose') return (line) => line;
  if (model.kind !== 'dockerfile' && model.kind !== 'systemd') return (line) => model.statementStart?.(line) ?? line;
  const count = model.kind === 'systemd' ? model.directives.length : model.instructions.length;
  let next = 0;
  let first = -1;
  let last = -1;
  return (line) => {
    while (last < line && next < count) {
      if (model.kind === 'systemd') {
        const directive = model.directives[next];
        first = directive.firstLine;
        last = directive.lastLine;
      } else {
        const instruction = model.instructions[next];
        // From the line before: lines are found walking forward rather than searched from scratch.
        first = model.lines.lineAtFrom(instruction.start, Math.max(last, 0));
        last = model.lines.lineAtFrom(instruction.end, first);
      }
      next++;
    }
    return line >= first && line <= last ? first : line;
  };
}

/** The last line of the instruction (Dockerfile), key with its value (Compose), directive (unit file) or statement (the files that declare containers) that starts at a line. */
function statementEnds(model: DockerfileModel | ComposeModel | UnitModel | RuntimeFileModel): (line: number) => number {
  // Asked only at a suppression comment: most files have none.
  if (model.kind === 'compose') {
    let ends: Map<number, number> | undefined;
    return (line) => (ends ??= pairEndLines(model)).get(line) ?? line;
  }
  if (model.kind !== 'dockerfile' && model.kind !== 'systemd') return (line) => model.statementEnd?.(line) ?? line;
  let ends: Int32Array | undefined;
  return (line) => {
    if (!ends) {
      const table = (ends = new Int32Array(model.lines.lineCount).fill(-1));
      forEachStatement(model, (first, last) => (table[first] = last));
    }
    return (ends[line] ?? -1) >= 0 ? ends[line] : line;
  };
}

/** The finding of a file too large to be read at all (its size in bytes is known from the disk). */
export function tooLargeToRead(bytes: number): Finding {
  const zero = { line: 0, character: 0 };
  return { ruleId: FILE_TOO_LARGE.id, severity: FILE_TOO_LARGE.severity, range: { start: zero, end: zero }, message: tooLargeMessage(bytes) };
}

/** What the `file-too-large` finding says; callers that do not even read such a file say it too. */
export function tooLargeMessage(size: number, maxSize = DEFAULT_MAX_FILE_SIZE): string {
  return `This file is ${formatSize(size)}, over the ${formatSize(maxSize)} Bulwark lints; it was not checked.`;
}

/**
 * The rules of each kind of file, in the catalog's order, and of those the ones each profile runs:
 * worked out once rather than per lint, for the catalog as it was then (a test may swap a rule in).
 */
const rulesByKind = new Map<FileKind, { rules: readonly Rule[]; byProfile: Map<LintOptions['profile'], readonly Rule[]> }>();
let catalogSeen: readonly Rule[] = [];

/** The rules that check a file of `kind` with `options`, in the catalog's order. */
function rulesToRun(kind: FileKind, options: LintOptions): readonly Rule[] {
  if (!sameRules(catalogSeen, rules)) {
    rulesByKind.clear();
    catalogSeen = [...rules];
  }
  let ofKind = rulesByKind.get(kind);
  if (!ofKind) rulesByKind.set(kind, (ofKind = { rules: rules.filter((rule) => rule.kinds.includes(kind)), byProfile: new Map() }));
  const runs = (rule: Rule) => effectiveSeverity(rule, options) !== undefined;
  // Rule settings are read on every lint: the caller owns that object and may change it between lints.
  if (options.rules) return ofKind.rules.filter(runs);
  let ofProfile = ofKind.byProfile.get(options.profile);
  if (!ofProfile) ofKind.byProfile.set(options.profile, (ofProfile = ofKind.rules.filter(runs)));
  return ofProfile;
}

function sameRules(a: readonly Rule[], b: readonly Rule[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A rule's own setting wins; otherwise the rule reports at its severity when the profile runs it (syntax findings always). */
function effectiveSeverity(rule: Rule, options: LintOptions, reported?: Severity): Severity | undefined {
  // A check that failed fails the scan: no configuration (the repository's own) can hide it.
  if (rule === INTERNAL_ERROR) return INTERNAL_ERROR.severity;
  const setting = options.rules?.[rule.id];
  if (setting === 'off') return undefined;
  if (setting) return setting;
  if (options.profile && rule.category !== 'syntax' && !runsIn(rule, options.profile)) return undefined;
  return reported ?? rule.severity;
}

/**
 * A finding with its fixes, built (a function) and their titles masked the first time `fixes` is
 * read (by a code action, fix-all or --fix), then kept: a lint nobody fixes builds none. `fixes` is
 * an own enumerable accessor (JSON and spreads see the fixes), the same two functions for every
 * finding, with the state of each in a property no enumeration sees. An accessor written in an object
 * literal made a getter and a setter per finding and V8 keeps such a pair in the old generation,
 * where it held the lint's closures, and through them its whole model, past young collections.
 */
function newFinding(ruleId: string, severity: Severity, { range, message, related, fixes, beyondRecommended }: Report, shown: (title: string) => string): Finding {
  if (fixes === undefined) return beyondRecommended ? { ruleId, severity, range, message, related, fixes, advice: true } : { ruleId, severity, range, message, related, fixes };
  // Titles are masked when read: the values to mask are known once every check has run.
  const build = typeof fixes === 'function' ? fixes : () => fixes;
  const finding = (beyondRecommended ? { ruleId, severity, range, message, related, advice: true } : { ruleId, severity, range, message, related }) as FindingWithLazyFixes;
  Object.defineProperty(finding, LAZY_FIXES, { value: { build, shown, built: undefined } satisfies LazyFixes, writable: false, enumerable: false, configurable: false });
  Object.defineProperty(finding, 'fixes', LAZY_FIXES_ACCESSOR);
  return finding;
}

interface LazyFixes {
  build: () => Fix[] | undefined;
  shown: (title: string) => string;
  built: { fixes: Fix[] | undefined } | undefined;
}

const LAZY_FIXES = Symbol('lazy fixes');

type FindingWithLazyFixes = Finding & { readonly [LAZY_FIXES]: LazyFixes };

const LAZY_FIXES_ACCESSOR: PropertyDescriptor = {
  get(this: FindingWithLazyFixes): Fix[] | undefined {
    const lazy = this[LAZY_FIXES];
    return (lazy.built ??= { fixes: buildFixes(lazy.build, lazy.shown) }).fixes;
  },
  set(this: FindingWithLazyFixes, value: Fix[] | undefined) {
    this[LAZY_FIXES].built = { fixes: value };
  },
  enumerable: true,
  configurable: true,
};

/** A fix that fails to build is not offered; the finding stands (its check already ran without error). */
function buildFixes(build: () => Fix[] | undefined, shown: (title: string) => string): Fix[] | undefined {
  try {
    const fixes = build();
    return fixes && shownFixes(fixes, shown);
  } catch {
    return undefined;
  }
}

/** A fix's title is shown (a code action, SARIF): as `shown` masks it, no variable's value nor URL password. */
function shownFixes(fixes: Fix[], shown: (title: string) => string): Fix[] {
  const titles = fixes.map((fix) => shown(fix.title));
  return titles.every((title, i) => title === fixes[i].title) ? fixes : fixes.map((fix, i) => ({ ...fix, title: titles[i] }));
}

function compareFindings(a: Finding, b: Finding): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || a.ruleId.localeCompare(b.ruleId);
}

function firstLineRange(text: string): Range {
  const end = text.search(/\r|\n/);
  return { start: { line: 0, character: 0 }, end: { line: 0, character: Math.min(end < 0 ? text.length : end, 200) } };
}

function formatSize(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(chars / 1024)} KB`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}


