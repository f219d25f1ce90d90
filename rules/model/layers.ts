import type { Instruction } from './dockerfile-syntax';
import { isSecretFileName } from '../secrets/files';
import { expandAt, type DockerfileModel, type DockerfileStage } from './dockerfile';
import { fileTransfers, type FileTransfer } from './instructions';
import { effectiveInvocation, runShells, type RunShell, type ShellWord } from './shell';
import { trimEndOf } from '../text';
import { derived } from './derived';

/**
 * Layer tracking: per stage, which paths each COPY, ADD and RUN puts into its layer and which paths a
 * RUN removes. A removal only hides a file from the layers above it: the layer that added it keeps it.
 *
 * Paths are absolute in the image, resolved against the WORKDIR in force (and, inside one RUN, the
 * `cd`s before the command). A path the Dockerfile does not make known stays as written, with `$HOME`
 * spelt `~`, so that `> ~/.npmrc` and `rm $HOME/.npmrc` still meet.
 */

/** A path an instruction puts into its layer. */
export interface AddedPath {
  path: string;
  /** A folder's whole content arrives at `path` (`COPY . /app`): anything under it may have come with it. */
  folder: boolean;
  /** The file's name (a source's or the target's) is secret-like. */
  secret: boolean;
  /** How it got there, for messages: `COPY`, `ADD`, `curl -o`, `>`. */
  how: string;
}

/** A path a RUN removes (`rm`, `shred`, `unlink`), with the word that names it. */
export interface RemovedPath {
  path: string;
  word: ShellWord;
  program: string;
}

/** One COPY, ADD or RUN of a stage, with what it adds and removes. */
export interface LayerStep {
  instruction: Instruction;
  adds: AddedPath[];
  removes: RemovedPath[];
}

export interface StageLayers {
  stage: DockerfileStage;
  /** The layer steps of the stage, in order. */
  steps: LayerStep[];
}

const WILDCARD = /[*?[]/;

/** The layer steps of every stage, computed once per model. */
export function stageLayers(model: DockerfileModel): StageLayers[] {
  return derived(model, readStageLayers);
}

function readStageLayers(model: DockerfileModel): StageLayers[] {
  // The transfers and the RUNs' shells are read from each stage's `checked` instructions, in order:
  // they are met walking it, the one of an ONBUILD's trigger passed over (it runs in other builds).
  const transfers = fileTransfers(model);
  const runs = runShells(model);
  let nextTransfer = 0;
  let nextRun = 0;
  const finalWorkdirs = new Map<DockerfileStage, string>();
  return model.stages.map((stage) => {
    let workdir = (stage.base?.stage && finalWorkdirs.get(stage.base.stage)) ?? '/';
    const steps: LayerStep[] = [];
    const { instructions, checked } = stage;
    for (let i = 0; i < instructions.length; i++) {
      const instruction = instructions[i];
      const own = checked[i] === instruction;
      if (instruction.keyword === 'WORKDIR') {
        const argument = instruction.getArgumentsContent()?.trim();
        if (argument) workdir = resolvePath(workdir, expandAt(model, stage, instruction, argument) ?? argument);
      }
      if (transfers[nextTransfer]?.instruction === checked[i]) {
        const transfer = transfers[nextTransfer++];
        if (own) steps.push(copyStep(transfer, workdir));
      }
      if (runs[nextRun]?.instruction === checked[i]) {
        const run = runs[nextRun++];
        if (own) steps.push(runStep(model, stage, run, workdir));
      }
    }
    finalWorkdirs.set(stage, workdir);
    return { stage, steps };
  });
}

/** The step of a COPY or ADD: where its sources land. */
function copyStep(transfer: FileTransfer, workdir: string): LayerStep {
  const written = transfer.destination?.value ?? transfer.destination?.text ?? '.';
  const destination = resolvePath(workdir, written);
  // `.` and the WORKDIR are folders; a destination with a trailing `/` is one by Docker's rule.
  const intoFolder = written.endsWith('/') || destination === workdir || transfer.sources.length > 1;
  const adds: AddedPath[] = [];
  for (const source of transfer.sources) addCopiedPaths(adds, source.value ?? source.text, destination, intoFolder, transfer.keyword);
  return { instruction: transfer.instruction, adds, removes: [] };
}

/**
 * Where a COPY/ADD source lands (added to `adds`). `COPY . /app` and `COPY src/ /app` bring a folder's
 * content; a source named like a file (it has an extension, or a secret-like name) arrives as that one
 * file: in the destination folder, or, when the destination may be a file or an existing folder
 * (`COPY id_rsa /root/.ssh`), at either place.
 */
function addCopiedPaths(adds: AddedPath[], source: string, destination: string, intoFolder: boolean, how: string): void {
  const name = baseName(source);
  const named = name !== '' && name !== '.' && !source.endsWith('/');
  const wildcard = named && WILDCARD.test(name);
  const secretName = named && isSecretFileName(name);
  if (!named || !(name.includes('.') || wildcard || secretName)) {
    adds.push({ path: destination, folder: true, secret: false, how });
    return;
  }
  const file = (path: string) => adds.push({ path, folder: false, secret: secretName || isSecretFileName(path), how });
  if (intoFolder || wildcard) file(joinPath(destination, name));
  else if (baseName(destination) === name) file(destination);
  else {
    file(destination);
    file(joinPath(destination, name));
  }
}

/** Writing redirections: `>`, `>>`, `>|`, `&>`, `&>>`. */
const WRITE_REDIRECT = /^(?:>|>>|>\||&>|&>>)$/;
const REMOVERS = new Set(['rm', 'shred', 'unlink']);

/** What a RUN's commands write and remove, as they are read in order (following its `cd`s). */
class RunReading {
  readonly adds: AddedPath[] = [];
  readonly removes: RemovedPath[] = [];
  /** The working folder of the command being read. */
  cwd: string;

  constructor(
    private readonly model: DockerfileModel,
    private readonly stage: DockerfileStage,
    private readonly instruction: Instruction,
    workdir: string,
  ) {
    this.cwd = workdir;
  }

  /** The image path a word names, its variables expanded with the values in force at the RUN. */
  path(word: ShellWord): string {
    return resolvePath(this.cwd, word.expands ? (expandAt(this.model, this.stage, this.instruction, word.value) ?? word.value) : word.value);
  }

  /** A file the word names is written (`/dev/…` is no file of the layer). */
  write(word: ShellWord, how: string): void {
    const resolved = this.path(word);
    if (!resolved.startsWith('/dev/')) this.adds.push({ path: resolved, folder: false, secret: isSecretFileName(resolved), how });
  }
}

/** The step of a RUN: what its commands write and remove, in order, following its `cd`s. */
function runStep(model: DockerfileModel, stage: DockerfileStage, run: RunShell, workdir: string): LayerStep {
  const reading = new RunReading(model, stage, run.instruction, workdir);
  for (const command of run.commands) {
    if (command.kind !== 'simple') continue;
    for (const redirect of command.redirects) {
      if (redirect.target && WRITE_REDIRECT.test(redirect.operator)) reading.write(redirect.target, redirect.operator);
    }
    const invocation = effectiveInvocation(command);
    if (invocation) readInvocation(reading, invocation.program, invocation.args);
  }
  return { instruction: run.instruction, adds: reading.adds, removes: reading.removes };
}

/** What one program does to the layer's files. Only these programs' operands are looked at: most commands of a RUN are none of them. */
function readInvocation(reading: RunReading, program: string, args: readonly ShellWord[]): void {
  if (program === 'cd') {
    const operands = operandsOf(args);
    if (operands[0] && !operands[0].value.startsWith('-')) reading.cwd = reading.path(operands[0]);
  } else if (REMOVERS.has(program)) {
    for (const word of operandsOf(args)) reading.removes.push({ path: reading.path(word), word, program });
  } else if (program === 'tee') {
    for (const word of operandsOf(args)) reading.write(word, 'tee');
  } else if (program === 'cp' || program === 'mv' || program === 'install') {
    const operands = operandsOf(args);
    const destination = operands.pop();
    if (!destination || operands.length === 0) return;
    const intoFolder = destination.value.endsWith('/') || operands.length > 1;
    for (const source of operands) {
      const name = baseName(source.value);
      const target = intoFolder ? joinPath(reading.path(destination), name) : reading.path(destination);
      reading.adds.push({ path: target, folder: false, secret: isSecretFileName(target) || isSecretFileName(name), how: program });
    }
  } else {
    const option = OUTPUT_OPTIONS.get(program);
    if (option) writtenOutputFiles(reading, program, option, args);
  }
}

/** Options that name an output file, by program: `curl -o`, `wget -O`, `ssh-keygen -f`, `openssl -out`; a short one may close a cluster (`-fsSLo`). */
// A Map, not an object: a program named `constructor` or `__proto__` must find nothing.
const OUTPUT_OPTIONS = new Map<string, RegExp>([
  ['curl', /^-[A-Za-z]*o$|^--output$/],
  ['wget', /^-[A-Za-z]*O$|^--output-document$/],
  ['ssh-keygen', /^-[A-Za-z]*f$/],
  ['openssl', /^-(?:out|keyout)$/],
]);

/** The files a downloader or key generator writes (`option` names one), each with the option that names it. */
function writtenOutputFiles(reading: RunReading, program: string, option: RegExp, args: readonly ShellWord[]): void {
  for (let i = 0; i + 1 < args.length; i++) {
    const next = args[i + 1];
    if (option.test(args[i].value) && next.value !== '-') reading.write(next, `${program} ${args[i].value}`);
  }
}

/** The arguments that are not options: everything after the first `--`, and words not starting with `-` (or `-` alone). */
function operandsOf(args: readonly ShellWord[]): ShellWord[] {
  const operands: ShellWord[] = [];
  let optionsEnded = false;
  for (const word of args) {
    if (optionsEnded || !word.value.startsWith('-') || word.value === '-') operands.push(word);
    else if (word.value === '--') optionsEnded = true;
  }
  return operands;
}

/** A `.` or `..` segment in an absolute path. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
/** A `.` or `..` segment in a relative path. */
const RELATIVE_DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

/** An absolute path already as resolvePath makes it: no empty, `.` or `..` segment, no `/` at the end but the root's. */
function isPlainAbsolute(path: string): boolean {
  return path.startsWith('/') && (path === '/' || (!path.endsWith('/') && !path.includes('//') && !DOT_SEGMENT.test(path)));
}

/** A relative path of plain segments: none empty, `.` or `..`, and not from `~` or a variable. */
function isPlainRelative(path: string): boolean {
  return path !== '' && !path.startsWith('/') && !isHomeOrVariable(path) && !path.endsWith('/') && !path.includes('//') && !RELATIVE_DOT_SEGMENT.test(path);
}

/** A path as the image sees it: absolute, `.` and `..` resolved; `$HOME` spelt `~`; other variables kept as written. */
export function resolvePath(cwd: string, path: string): string {
  // Most paths are written absolute and plain already, or relative to a plain folder (`COPY . .`,
  // `COPY x ./`): made without splitting them.
  if (isPlainAbsolute(path)) return path;
  if (isPlainAbsolute(cwd)) {
    if (path === '.' || path === './') return cwd;
    if (isPlainRelative(path)) return cwd === '/' ? `/${path}` : `${cwd}/${path}`;
  }
  const home = path.startsWith('$') ? path.replace(HOME_VARIABLE, '~') : path;
  const full = home.startsWith('/') || isHomeOrVariable(home) ? home : `${cwd}/${home}`;
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '~') parts.pop();
    } else {
      parts.push(part);
    }
  }
  return isHomeOrVariable(full) ? parts.join('/') : `/${parts.join('/')}`;
}

const HOME_VARIABLE = /^(?:\$HOME|\$\{HOME\})(?=\/|$)/;

/** A path from `~` or a variable: kept so, not made absolute. */
function isHomeOrVariable(path: string): boolean {
  return path.startsWith('~') || path.startsWith('$');
}

function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

function baseName(path: string): string {
  const trimmed = trimEndOf(path, '/');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** One step of a shell wildcard: `*` (any run within a segment), or one character a test accepts. */
type GlobStep = 'any-run' | ((char: string) => boolean);

const matchers = new Map<string, GlobStep[]>();

/**
 * The shell's wildcard matching, as `rm` sees it: `*` and `?` within one path segment, `[...]` classes.
 * Matched by following every way through the pattern at once (time ∝ path × pattern): as a regex,
 * `*a*a*a…b` backtracked in time growing with the path's length to the power of its stars.
 */
function pathMatcher(pattern: string): (path: string) => boolean {
  let steps = matchers.get(pattern);
  if (!steps) {
    steps = [];
    for (const [token, members] of pattern.matchAll(/\[!?([^\]]*)\]|[^]/g)) {
      if (members !== undefined) {
        // A class is tested as the one-character regex it reads as (ranges, `^` or `!` to negate).
        const member = new RegExp(`^[${token[1] === '!' ? '^' : ''}${members.replace(/\\/g, '\\\\')}]$`);
        steps.push((char) => member.test(char));
      } else if (token === '*') steps.push('any-run');
      else if (token === '?') steps.push((char) => char !== '/');
      else steps.push((char) => char === token);
    }
    if (matchers.size > 1000) matchers.clear();
    matchers.set(pattern, steps);
  }
  const compiled = steps;
  return (path) => followsGlob(compiled, path);
}

function followsGlob(steps: GlobStep[], path: string): boolean {
  // at[i]: some way through the pattern has matched steps before i; a run step may also match nothing.
  let at = withEmptyRuns(steps, new Uint8Array(steps.length + 1).fill(1, 0, 1));
  for (const char of path.split('')) {
    const next = new Uint8Array(steps.length + 1);
    let alive = false;
    for (let i = 0; i < steps.length; i++) {
      if (!at[i]) continue;
      const step = steps[i];
      if (step === 'any-run') {
        if (char !== '/') next[i] = 1;
      } else if (step(char)) next[i + 1] = 1;
    }
    at = withEmptyRuns(steps, next);
    for (const reached of at) alive ||= reached === 1;
    if (!alive) return false;
  }
  return at[steps.length] === 1;
}

function withEmptyRuns(steps: GlobStep[], at: Uint8Array): Uint8Array {
  for (let i = 0; i < steps.length; i++) if (at[i] && steps[i] === 'any-run') at[i + 1] = 1;
  return at;
}

/** The folder a path is in: `/a/b` → `/a`; `/a` (or a path without a folder) → `/`. */
function parentOf(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut > 0 ? path.slice(0, cut) : '/';
}

const NO_ENTRIES: readonly number[] = [];

/** The folders above a path, nearest first: `/a/b/c` → `/a/b`, `/a`. */
function ancestors(path: string): string[] {
  const found: string[] = [];
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) found.push(path.slice(0, cut));
  return found;
}

/** The indexes of LayeredSecrets, made with the first file or folder that joins them. */
interface LayerIndex<T> {
  entries: Array<{ added: AddedPath; item: T }>;
  underPath: Map<string, number>;
  inFolder: Map<string, number[]>;
  wildcards: number[];
  folders: Map<string, number>;
  /** Per wildcard removal: how many files of its folder were already tried, and the first that matched. */
  scans: Map<string, { tried: number; match?: number }>;
}

function newLayerIndex<T>(): LayerIndex<T> {
  return { entries: [], underPath: new Map(), inFolder: new Map(), wildcards: [], folders: new Map(), scans: new Map() };
}

/**
 * The secret files earlier steps added, indexed so that a removal finds what it takes away without
 * comparing against every earlier file: by path and by every folder above it, by folder for a
 * wildcard in the last segment, and the folders copied whole by their path.
 */
export class LayeredSecrets<T> {
  /** None until a file or folder joins: most stages that remove files added none before. */
  private index: LayerIndex<T> | undefined;

  add(added: AddedPath, item: T): void {
    if (!added.secret && !added.folder) return;
    const index = (this.index ??= newLayerIndex<T>());
    const at = index.entries.push({ added, item }) - 1;
    const path = trimEndOf(added.path, '/') || '/';
    if (added.folder) {
      if (!index.folders.has(path)) index.folders.set(path, at);
      return;
    }
    if (WILDCARD.test(path)) index.wildcards.push(at);
    const above = ancestors(path);
    for (const key of [path, ...above]) if (!index.underPath.has(key)) index.underPath.set(key, at);
    const folder = above[0] ?? '/';
    const siblings = index.inFolder.get(folder);
    if (siblings) siblings.push(at);
    else index.inFolder.set(folder, [at]);
  }

  /** The earliest secret a removal of `path` takes away, or the folder copy it most likely came with. */
  find(path: string, isSecretName: (path: string) => boolean): { added: AddedPath; item: T } | undefined {
    const index = this.index;
    // Nothing added yet (most removals of a stage that copies no folder nor secret): nothing to find.
    if (index === undefined) return undefined;
    const { entries } = index;
    const trimmed = trimEndOf(path, '/') || '/';
    let first = index.underPath.get(trimmed);
    if (WILDCARD.test(trimmed)) {
      const folder = parentOf(trimmed);
      const candidates = WILDCARD.test(folder) ? entries.map((_, i) => i) : (index.inFolder.get(folder) ?? NO_ENTRIES);
      // Files only ever join the index, so a repeated removal tries only those added since it last looked.
      if (candidates.length > 0) {
        const scan = index.scans.get(trimmed) ?? { tried: 0 };
        let matches: ((path: string) => boolean) | undefined;
        for (; scan.match === undefined && scan.tried < candidates.length; scan.tried++) {
          const i = candidates[scan.tried];
          if (!entries[i].added.folder && (matches ??= pathMatcher(trimmed))(entries[i].added.path)) scan.match = i;
        }
        index.scans.set(trimmed, scan);
        first = earliest(first, scan.match);
      }
    }
    for (const i of index.wildcards) {
      if (pathMatcher(entries[i].added.path)(trimmed)) {
        first = earliest(first, i);
        break;
      }
    }
    if (index.folders.size > 0 && isSecretName(trimmed)) {
      for (const above of ancestors(trimmed)) {
        const folder = index.folders.get(above);
        if (folder !== undefined) {
          first = earliest(first, folder);
          break;
        }
      }
    }
    return first === undefined ? undefined : entries[first];
  }
}

/** The earlier of two entries, either of which may be missing. */
function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || (b !== undefined && b < a) ? b : a;
}
