import type { Instruction } from './dockerfile-syntax';
import { isSecretFileName } from '../secrets/files';
import { expandAt, type DockerfileModel, type DockerfileStage } from './dockerfile';
import { fileTransfers, type FileTransfer } from './instructions';
import { effectiveInvocation, runShells, type RunShell, type ShellCommand, type ShellWord } from './shell';
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
  const transfers = new Map<Instruction, FileTransfer>();
  for (const transfer of fileTransfers(model)) transfers.set(transfer.instruction, transfer);
  const runs = new Map<Instruction, RunShell>();
  for (const run of runShells(model)) runs.set(run.instruction, run);
  const finalWorkdirs = new Map<DockerfileStage, string>();
  return model.stages.map((stage) => {
    let workdir = (stage.base?.stage && finalWorkdirs.get(stage.base.stage)) ?? '/';
    const steps: LayerStep[] = [];
    for (const instruction of stage.instructions) {
      if (instruction.keyword === 'WORKDIR') {
        const argument = instruction.getArgumentsContent()?.trim();
        if (argument) workdir = resolvePath(workdir, expandAt(model, stage, instruction, argument) ?? argument);
      }
      const transfer = transfers.get(instruction);
      if (transfer) {
        const written = transfer.destination?.value ?? transfer.destination?.text ?? '.';
        const destination = resolvePath(workdir, written);
        // `.` and the WORKDIR are folders; a destination with a trailing `/` is one by Docker's rule.
        const intoFolder = written.endsWith('/') || destination === workdir || transfer.sources.length > 1;
        const adds: AddedPath[] = [];
        for (const source of transfer.sources) addCopiedPaths(adds, source.value ?? source.text, destination, intoFolder, transfer.keyword);
        steps.push({ instruction, adds, removes: [] });
      }
      const run = runs.get(instruction);
      if (run) steps.push(runStep(instruction, run.commands, workdir, (text) => expandAt(model, stage, instruction, text) ?? text));
    }
    finalWorkdirs.set(stage, workdir);
    return { stage, steps };
  });
}

/**
 * Where a COPY/ADD source lands (added to `adds`). `COPY . /app` and `COPY src/ /app` bring a folder's
 * content; a source named like a file (it has an extension, or a secret-like name) arrives as that one
 * file: in the destination folder, or, when the destination may be a file or an existing folder
 * (`COPY id_rsa /root/.ssh`), at either place.
 */
function addCopiedPaths(adds: AddedPath[], source: string, destination: string, intoFolder: boolean, how: string): void {
  const name = baseName(source);
  const looksLikeFile = name !== '' && name !== '.' && !source.endsWith('/') && (name.includes('.') || WILDCARD.test(name) || isSecretFileName(name));
  if (!looksLikeFile) {
    adds.push({ path: destination, folder: true, secret: false, how });
    return;
  }
  const file = (path: string) => adds.push({ path, folder: false, secret: isSecretFileName(name) || isSecretFileName(path), how });
  if (intoFolder || WILDCARD.test(name)) file(joinPath(destination, name));
  else if (baseName(destination) === name) file(destination);
  else {
    file(destination);
    file(joinPath(destination, name));
  }
}

/** Writing redirections: `>`, `>>`, `>|`, `&>`, `&>>`. */
const WRITE_REDIRECT = /^(?:>|>>|>\||&>|&>>)$/;
const REMOVERS = new Set(['rm', 'shred', 'unlink']);

/** The step of a RUN: what its commands write and remove, in order, following its `cd`s. */
function runStep(instruction: Instruction, commands: readonly ShellCommand[], workdir: string, expand: (text: string) => string): LayerStep {
  const adds: AddedPath[] = [];
  const removes: RemovedPath[] = [];
  let cwd = workdir;
  const path = (word: ShellWord) => resolvePath(cwd, word.expands ? expand(word.value) : word.value);
  const add = (word: ShellWord, how: string) => {
    const resolved = path(word);
    if (!resolved.startsWith('/dev/')) adds.push({ path: resolved, folder: false, secret: isSecretFileName(resolved), how });
  };
  for (const command of commands) {
    if (command.kind !== 'simple') continue;
    for (const redirect of command.redirects) {
      if (WRITE_REDIRECT.test(redirect.operator) && redirect.target) add(redirect.target, redirect.operator);
    }
    const invocation = effectiveInvocation(command);
    if (!invocation) continue;
    const { program, args } = invocation;
    // Only these programs' operands are looked at: most commands of a RUN are none of them.
    if (program === 'cd') {
      const operands = operandsOf(args);
      if (operands[0] && !operands[0].value.startsWith('-')) cwd = path(operands[0]);
    } else if (REMOVERS.has(program)) {
      for (const word of operandsOf(args)) removes.push({ path: path(word), word, program });
    } else if (program === 'tee') {
      for (const word of operandsOf(args)) add(word, 'tee');
    } else if (program === 'cp' || program === 'mv' || program === 'install') {
      const operands = operandsOf(args);
      const destination = operands[operands.length - 1];
      const sources = operands.slice(0, -1);
      if (!destination || sources.length === 0) continue;
      const intoFolder = destination.value.endsWith('/') || sources.length > 1;
      for (const source of sources) {
        const name = baseName(source.value);
        const target = intoFolder ? joinPath(path(destination), name) : path(destination);
        adds.push({ path: target, folder: false, secret: isSecretFileName(target) || isSecretFileName(name), how: program });
      }
    } else {
      for (const { word, how } of outputFiles(program, args)) add(word, how);
    }
  }
  return { instruction, adds, removes };
}

/** Options that name an output file, by program: `curl -o`, `wget -O`, `ssh-keygen -f`, `openssl -out`; a short one may close a cluster (`-fsSLo`). */
// A Map, not an object: a program named `constructor` or `__proto__` must find nothing.
const OUTPUT_OPTIONS = new Map<string, RegExp>([
  ['curl', /^-[A-Za-z]*o$|^--output$/],
  ['wget', /^-[A-Za-z]*O$|^--output-document$/],
  ['ssh-keygen', /^-[A-Za-z]*f$/],
  ['openssl', /^-(?:out|keyout)$/],
]);

const NO_OUTPUT_FILES: ReadonlyArray<{ word: ShellWord; how: string }> = [];

/** The files a downloader or key generator writes, each with the option that names it. */
function outputFiles(program: string, args: readonly ShellWord[]): ReadonlyArray<{ word: ShellWord; how: string }> {
  const option = OUTPUT_OPTIONS.get(program);
  if (!option) return NO_OUTPUT_FILES;
  const found: Array<{ word: ShellWord; how: string }> = [];
  args.forEach((word, i) => {
    const next = args[i + 1];
    if (option.test(word.value) && next && next.value !== '-') found.push({ word: next, how: `${program} ${word.value}` });
  });
  return found;
}

/** The arguments that are not options: everything after `--`, and words not starting with `-`. */
function operandsOf(args: readonly ShellWord[]): ShellWord[] {
  const end = args.findIndex((word) => word.value === '--');
  const options = end < 0 ? args : args.slice(0, end);
  return [...options.filter((word) => !word.value.startsWith('-') || word.value === '-'), ...(end < 0 ? [] : args.slice(end + 1))];
}

/** A `.` or `..` segment in an absolute path. */
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/** A path as the image sees it: absolute, `.` and `..` resolved; `$HOME` spelt `~`; other variables kept as written. */
export function resolvePath(cwd: string, path: string): string {
  // Most paths are written absolute and plain already: returned as they are, without splitting them.
  if (path.startsWith('/') && (path === '/' || (!path.endsWith('/') && !path.includes('//') && !DOT_SEGMENT.test(path)))) return path;
  const home = path.replace(/^(?:\$HOME|\$\{HOME\})(?=\/|$)/, '~');
  const full = /^[/~$]/.test(home) ? home : `${cwd}/${home}`;
  const parts: string[] = [];
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '~') parts.pop();
    } else {
      parts.push(part);
    }
  }
  return /^[~$]/.test(full) ? parts.join('/') : `/${parts.join('/')}`;
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

/** The folders above a path, nearest first: `/a/b/c` → `/a/b`, `/a`. */
function ancestors(path: string): string[] {
  const found: string[] = [];
  for (let cut = path.lastIndexOf('/'); cut > 0; cut = path.lastIndexOf('/', cut - 1)) found.push(path.slice(0, cut));
  return found;
}

/**
 * The secret files earlier steps added, indexed so that a removal finds what it takes away without
 * comparing against every earlier file: by path and by every folder above it, by folder for a
 * wildcard in the last segment, and the folders copied whole by their path.
 */
export class LayeredSecrets<T> {
  private readonly entries: Array<{ added: AddedPath; item: T }> = [];
  private readonly underPath = new Map<string, number>();
  private readonly inFolder = new Map<string, number[]>();
  private readonly wildcards: number[] = [];
  private readonly folders = new Map<string, number>();
  /** Per wildcard removal: how many files of its folder were already tried, and the first that matched. */
  private readonly scans = new Map<string, { tried: number; match?: number }>();

  add(added: AddedPath, item: T): void {
    if (!added.secret && !added.folder) return;
    const index = this.entries.push({ added, item }) - 1;
    const path = trimEndOf(added.path, '/') || '/';
    if (added.folder) {
      if (!this.folders.has(path)) this.folders.set(path, index);
      return;
    }
    if (WILDCARD.test(path)) this.wildcards.push(index);
    for (const key of [path, ...ancestors(path)]) if (!this.underPath.has(key)) this.underPath.set(key, index);
    const folder = ancestors(path)[0] ?? '/';
    const siblings = this.inFolder.get(folder);
    if (siblings) siblings.push(index);
    else this.inFolder.set(folder, [index]);
  }

  /** The earliest secret a removal of `path` takes away, or the folder copy it most likely came with. */
  find(path: string, isSecretName: (path: string) => boolean): { added: AddedPath; item: T } | undefined {
    const trimmed = trimEndOf(path, '/') || '/';
    const hits: number[] = [];
    const exact = this.underPath.get(trimmed);
    if (exact !== undefined) hits.push(exact);
    if (WILDCARD.test(trimmed)) {
      const folder = ancestors(trimmed)[0] ?? '/';
      const candidates = WILDCARD.test(folder) ? this.entries.map((_, i) => i) : (this.inFolder.get(folder) ?? []);
      // Files only ever join the index, so a repeated removal tries only those added since it last looked.
      const scan = this.scans.get(trimmed) ?? { tried: 0 };
      const matches = pathMatcher(trimmed);
      for (; scan.match === undefined && scan.tried < candidates.length; scan.tried++) {
        const i = candidates[scan.tried];
        if (!this.entries[i].added.folder && matches(this.entries[i].added.path)) scan.match = i;
      }
      this.scans.set(trimmed, scan);
      if (scan.match !== undefined) hits.push(scan.match);
    }
    const wildcard = this.wildcards.find((i) => pathMatcher(this.entries[i].added.path)(trimmed));
    if (wildcard !== undefined) hits.push(wildcard);
    if (isSecretName(trimmed)) {
      const folder = ancestors(trimmed).map((above) => this.folders.get(above)).find((i) => i !== undefined);
      if (folder !== undefined) hits.push(folder);
    }
    return hits.length === 0 ? undefined : this.entries[Math.min(...hits)];
  }
}
