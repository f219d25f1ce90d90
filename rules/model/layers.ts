import type { Instruction } from 'dockerfile-ast';
import { isSecretFileName } from '../secrets/files';
import { expandAt, type DockerfileModel, type DockerfileStage } from './dockerfile';
import { globMatcher } from './dockerignore';
import { fileTransfers } from './instructions';
import { effectiveInvocation, runShells, type ShellCommand, type ShellWord } from './shell';

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

const cache = new WeakMap<DockerfileModel, StageLayers[]>();

/** The layer steps of every stage, computed once per model. */
export function stageLayers(model: DockerfileModel): StageLayers[] {
  let layers = cache.get(model);
  if (layers) return layers;
  const transfers = new Map(fileTransfers(model).map((transfer) => [transfer.instruction, transfer]));
  const runs = new Map(runShells(model).map((run) => [run.instruction, run]));
  const finalWorkdirs = new Map<DockerfileStage, string>();
  layers = model.stages.map((stage) => {
    let workdir = (stage.base?.stage && finalWorkdirs.get(stage.base.stage)) ?? '/';
    const steps: LayerStep[] = [];
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword().toUpperCase();
      const expand = (text: string) => expandAt(model, stage, instruction, text) ?? text;
      if (keyword === 'WORKDIR') {
        const argument = instruction.getArgumentsContent();
        if (argument) workdir = resolvePath(workdir, expand(argument.trim()));
      }
      const transfer = transfers.get(instruction);
      if (transfer) {
        const destination = resolvePath(workdir, transfer.destination?.value ?? transfer.destination?.text ?? '.');
        const intoFolder = transfer.destination?.text.endsWith('/') || transfer.sources.length > 1;
        const adds = transfer.sources.map((source) => copiedPath(source.value ?? source.text, destination, intoFolder ?? false, transfer.keyword));
        steps.push({ instruction, adds, removes: [] });
      }
      const run = runs.get(instruction);
      if (run) steps.push({ instruction, ...runEffects(run.commands, workdir, expand) });
    }
    finalWorkdirs.set(stage, workdir);
    return { stage, steps };
  });
  cache.set(model, layers);
  return layers;
}

/**
 * Where a COPY/ADD source lands. `COPY . /app` and `COPY src/ /app` bring a folder's content; a source
 * named like a file (it has an extension, or a secret-like name) arrives as that one file.
 */
function copiedPath(source: string, destination: string, intoFolder: boolean, how: string): AddedPath {
  const name = baseName(source);
  const looksLikeFile = name !== '' && name !== '.' && !source.endsWith('/') && (name.includes('.') || /[*?[]/.test(name) || isSecretFileName(name));
  if (!looksLikeFile) return { path: destination, folder: true, secret: false, how };
  const path = intoFolder || /[*?[]/.test(name) ? joinPath(destination, name) : destination;
  return { path, folder: false, secret: isSecretFileName(name) || isSecretFileName(path), how };
}

/** Writing redirections: `>`, `>>`, `>|`, `&>`, `&>>`. */
const WRITE_REDIRECT = /^(?:>|>>|>\||&>|&>>)$/;
const REMOVERS = new Set(['rm', 'shred', 'unlink']);

/** What the commands of one RUN write and remove, in order, following its `cd`s. */
function runEffects(commands: readonly ShellCommand[], workdir: string, expand: (text: string) => string): Pick<LayerStep, 'adds' | 'removes'> {
  const adds: AddedPath[] = [];
  const removes: RemovedPath[] = [];
  let cwd = workdir;
  const path = (word: ShellWord) => resolvePath(cwd, word.expands ? expand(word.value) : word.value);
  const add = (word: ShellWord, how: string, name = word.value) => {
    const resolved = path(word);
    if (resolved.startsWith('/dev/') || resolved === '/dev') return;
    adds.push({ path: resolved, folder: false, secret: isSecretFileName(resolved) || isSecretFileName(name), how });
  };
  for (const command of commands) {
    if (command.kind !== 'simple') continue;
    for (const redirect of command.redirects) {
      if (WRITE_REDIRECT.test(redirect.operator) && redirect.target) add(redirect.target, redirect.operator);
    }
    const invocation = effectiveInvocation(command);
    if (!invocation) continue;
    const { program, args } = invocation;
    const operands = operandsOf(args);
    if (program === 'cd') {
      if (operands[0] && !operands[0].value.startsWith('-')) cwd = path(operands[0]);
    } else if (REMOVERS.has(program)) {
      for (const word of operands) removes.push({ path: path(word), word, program });
    } else if (program === 'tee') {
      for (const word of operands) add(word, 'tee');
    } else if (program === 'cp' || program === 'mv' || program === 'install') {
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
  return { adds, removes };
}

/** Output files of downloaders and key generators: `curl -o`, `wget -O`, `ssh-keygen -f`, `openssl -out`. */
function outputFiles(program: string, args: readonly ShellWord[]): Array<{ word: ShellWord; how: string }> {
  const options: Record<string, { short?: string; long: string[] }> = {
    curl: { short: 'o', long: ['--output'] },
    wget: { short: 'O', long: ['--output-document'] },
    'ssh-keygen': { short: 'f', long: [] },
    openssl: { long: ['-out', '-keyout'] },
  };
  const option = options[program];
  if (!option) return [];
  const found: Array<{ word: ShellWord; how: string }> = [];
  args.forEach((word, i) => {
    const value = word.value;
    const next = args[i + 1];
    const takesNext = option.long.includes(value) || (option.short !== undefined && new RegExp(`^-[A-Za-z]*${option.short}$`).test(value));
    if (takesNext && next && next.value !== '-') found.push({ word: next, how: `${program} ${value}` });
  });
  return found;
}

/** The arguments that are not options: everything after `--`, and words not starting with `-`. */
function operandsOf(args: readonly ShellWord[]): ShellWord[] {
  const end = args.findIndex((word) => word.value === '--');
  const options = end < 0 ? args : args.slice(0, end);
  return [...options.filter((word) => !word.value.startsWith('-') || word.value === '-'), ...(end < 0 ? [] : args.slice(end + 1))];
}

/** A path as the image sees it: absolute, `.` and `..` resolved; `$HOME` spelt `~`; other variables kept as written. */
export function resolvePath(cwd: string, path: string): string {
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
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Whether removing `removed` takes away `added`: the same path, a folder above it, or a wildcard (on either side) that matches it. */
export function removes(removed: string, added: string): boolean {
  if (removed === added || added.startsWith(`${removed.replace(/\/+$/, '')}/`)) return true;
  const relative = (path: string) => path.replace(/^\//, '');
  if (/[*?[]/.test(removed) && globMatcher(relative(removed))(relative(added))) return true;
  return /[*?[]/.test(added) && globMatcher(relative(added))(relative(removed));
}
