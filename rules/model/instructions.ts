import { JSONArgument, type Argument, type Flag, type Instruction, type JSONInstruction } from './dockerfile-syntax';
import type { Range } from '../types';
import { expandAt, variableAt, type DockerfileModel, type DockerfileStage } from './dockerfile';
import { expandWord, unquotedWord } from './variables';
import { trimEndOf } from '../text';
import { derived } from './derived';

/**
 * Readings of the arguments of Dockerfile instructions that are not shell: what a COPY or ADD
 * copies, which ports an EXPOSE declares. Values are expanded with the ARG/ENV values in force.
 */

export interface InstructionArgument {
  /** As written, without its quotes (BuildKit removes them, in the shell form as in the JSON form). */
  text: string;
  /** After quote removal and variable expansion; undefined when a variable has no known value. */
  value: string | undefined;
  range: Range;
}

export interface FileTransfer {
  instruction: Instruction;
  keyword: 'COPY' | 'ADD';
  flags: Flag[];
  sources: InstructionArgument[];
  destination: InstructionArgument;
}

/**
 * Every COPY and ADD of every stage, with its sources and destination. Instructions that copy a
 * here-document (`COPY <<EOF /file`) are left out: their source is text in the Dockerfile, not a file.
 */
export function fileTransfers(model: DockerfileModel): FileTransfer[] {
  // Several rules read the same transfers and ports; each model is read once.
  return derived(model, readFileTransfers);
}

function readFileTransfers(model: DockerfileModel): FileTransfer[] {
  const transfers: FileTransfer[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.checked) {
      const keyword = instruction.keyword;
      if (keyword !== 'COPY' && keyword !== 'ADD') continue;
      const args = instructionArguments(model, stage, instruction as JSONInstruction);
      if (args.length < 2 || args.some((arg) => arg.text.startsWith('<<'))) continue;
      transfers.push({
        instruction,
        keyword,
        flags: (instruction as JSONInstruction).getFlags(),
        sources: args.slice(0, -1),
        destination: args[args.length - 1],
      });
    }
  }
  return transfers;
}

/** A flag of a transfer by name (`from`, `chown`, `checksum`, ...). */
export function flagOf(transfer: FileTransfer, name: string): Flag | undefined {
  return transfer.flags.find((flag) => flag.getName().toLowerCase() === name);
}

/**
 * The arguments after the flags, in the shell form or the JSON form. The shell form's words lose
 * their quotes as BuildKit's lexer removes them: `ADD "tools.tar.gz" /opt/` adds tools.tar.gz.
 */
function instructionArguments(model: DockerfileModel, stage: DockerfileStage, instruction: JSONInstruction): InstructionArgument[] {
  const json = instruction.getJSONStrings();
  if (json.length > 0) return json.map((argument) => new ReadArgument(argument.getJSONValue(), expandAt(model, stage, instruction, argument.getJSONValue()), argument));
  const lookup = (name: string) => variableAt(model, stage, instruction, name);
  return instruction.getArguments().map((argument) => new ReadArgument(unquotedWord(argument.getValue()), expandWord(argument.getValue(), lookup), argument));
}

/** An argument as read; its range is made when asked for: most are never reported. */
class ReadArgument implements InstructionArgument {
  constructor(
    readonly text: string,
    readonly value: string | undefined,
    private readonly written: Argument,
  ) {}

  /** For the JSON form, the string without its quotes. */
  get range(): Range {
    return this.written instanceof JSONArgument ? this.written.getJSONRange() : this.written.getRange();
  }
}

export interface ExposedPort {
  /** The argument as written, e.g. `22/tcp`, `8000-8100`, `$SSH_PORT`. */
  text: string;
  /** One port or range of the argument after expansion, e.g. `22`. */
  port: string;
  ports: [number, number];
  protocol: string;
  range: Range;
}

/**
 * The ports every EXPOSE of every stage declares: `PORT`, `PORT/PROTOCOL`, `FIRST-LAST[/PROTOCOL]`,
 * and variables with a known value (which may expand to several ports).
 */
export function exposedPorts(model: DockerfileModel): ExposedPort[] {
  return derived(model, readExposedPorts);
}

function readExposedPorts(model: DockerfileModel): ExposedPort[] {
  const ports: ExposedPort[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.checked) {
      if (instruction.keyword !== 'EXPOSE') continue;
      for (const argument of instruction.getArguments()) {
        const text = argument.getValue();
        const value = expandAt(model, stage, instruction, text);
        for (const port of value?.split(/\s+/) ?? []) {
          const match = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(port);
          if (!match) continue;
          const first = Number(match[1]);
          ports.push({ text, port, ports: [first, match[2] ? Number(match[2]) : first], protocol: (match[3] ?? 'tcp').toLowerCase(), range: argument.getRange() });
        }
      }
    }
  }
  return ports;
}

export type SourceKind = 'http' | 'git' | 'local';

/**
 * Where an ADD source comes from, as BuildKit tells: a Git repository (`git@`, `git://`, `ssh://`,
 * `github.com/`, or an http(s) URL ending in `.git` or with a `#ref`), an http(s) download, or the
 * build context.
 */
export function sourceKind(source: string): SourceKind {
  if (/^(?:git@|git:\/\/|ssh:\/\/|github\.com\/)/i.test(source)) return 'git';
  if (/^https?:\/\//i.test(source)) return /\.git(?:$|[#?])|#/i.test(source) ? 'git' : 'http';
  return 'local';
}

/** A name ADD may unpack: a tar archive, plain or compressed (BuildKit looks at the content; the name is the best a linter has). */
export function isArchiveName(source: string): boolean {
  return /\.(?:tar|tgz|tbz2?|tb2|txz|tzst|tlz|taz|gz|bz2|xz|zst|lz4?|lzma|z)$/i.test(trimEndOf(source, '/\\'));
}
