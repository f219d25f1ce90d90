import type { Instruction } from './dockerfile-syntax';
import type { Range } from '../types';
import type { DockerfileModel, DockerfileStage } from './dockerfile';
import { OffsetMap } from './offset-map';
import { derived } from './derived';
import { POSIX_SHELLS, commandOfWords, parseShell, programName, type ParsedShell, type ShellCommand, type ShellPipeline, type ShellWord } from './shell-syntax';

export { POSIX_SHELLS, SCRIPT_OPTION, programName, wordSpan, type ShellAssignment, type ShellCommand, type ShellOperator, type ShellPipeline, type ShellRedirect, type ShellWord } from './shell-syntax';

/**
 * The shell model of a Dockerfile: every RUN parsed once per document into commands whose words
 * carry exact document offsets. Rules ask "which command, which flag, which argument" here and
 * anchor on the word, never on a text search of the line.
 */

/** The shell a RUN's shell form runs in: the SHELL in force, or `/bin/sh -c`. */
export interface ShellInForce {
  argv: string[];
  /** The SHELL instruction that set it, when one did (in the stage or a stage it is built on). */
  instruction?: Instruction;
  /** A POSIX shell (sh, bash, dash, ash, zsh, ksh), not cmd or PowerShell. */
  posix: boolean;
  bash: boolean;
  /** The SHELL itself switches pipefail on (`-o pipefail`, or `-eo pipefail` style flags). */
  pipefail: boolean;
}

export interface RunShell {
  instruction: Instruction;
  stage: DockerfileStage;
  /** `exec`: a JSON array run without a shell; `heredoc`: `RUN <<EOF` whose body is the script. */
  form: 'shell' | 'exec' | 'heredoc';
  shell: ShellInForce;
  /** Every command, nested ones included (subshells, `$(…)`, `<(…)`, `sh -c '…'`), in source order. */
  commands: ShellCommand[];
  /** The top-level pipelines, in order. */
  pipelines: ShellPipeline[];
  /** Set when part of the RUN could not be parsed; the commands before it still stand. */
  error?: string;
}

/** One program along a wrapper chain: `sudo -u app env X=1 curl -k` runs sudo, then env, then curl. */
export interface Invocation {
  program: string;
  /** The word naming the program. */
  word: ShellWord;
  /** The words after it, to the end of the command. */
  args: ShellWord[];
}


/** Every RUN of the Dockerfile (`ONBUILD RUN` included, in the shell in force there), parsed once per model. */
export function runShells(model: DockerfileModel): RunShell[] {
  return derived(model, readRunShells);
}

function readRunShells(model: DockerfileModel): RunShell[] {
  const runs: RunShell[] = [];
  // By stage index: a stage is built on an earlier one.
  const finalShells: ShellInForce[] = [];
  for (const stage of model.stages) {
    let shell = stage.base?.stage ? finalShells[stage.base.stage.index] : DEFAULT_SHELL;
    for (const instruction of stage.checked) {
      const keyword = instruction.keyword;
      if (keyword === 'SHELL' && !instruction.onbuild) shell = shellOf(model, instruction) ?? shell;
      else if (keyword === 'RUN') runs.push(parseRun(model, stage, instruction, shell));
    }
    finalShells[stage.index] = shell;
  }
  return runs;
}

/** Every simple command of every RUN, nested ones included, with the RUN it belongs to. */
export function runCommands(model: DockerfileModel): readonly { run: RunShell; command: ShellCommand }[] {
  // Most rules walk the commands; each model lists them once.
  return derived(model, readRunCommands);
}

function readRunCommands(model: DockerfileModel): { run: RunShell; command: ShellCommand }[] {
  const commands: { run: RunShell; command: ShellCommand }[] = [];
  for (const run of runShells(model)) {
    for (const command of run.commands) if (command.kind === 'simple') commands.push({ run, command });
  }
  return commands;
}

/** The document range of a word, command, operator or redirect. */
export function rangeOf(model: DockerfileModel, node: { start: number; end: number }): Range {
  return model.lines.range(node.start, node.end);
}

/**
 * The programs a simple command runs, through the wrappers that run their arguments as a command
 * (`sudo`, `env`, `exec`, `nice`, `timeout`, `xargs`, `find -exec`, …). The last one is the command that does the work.
 */
export function invocations(command: ShellCommand): readonly Invocation[] {
  // A dozen rules ask for the programs of the same commands; each command's chain is read once.
  return derived(command, readInvocations);
}

function readInvocations(command: ShellCommand): Invocation[] {
  const chain: Invocation[] = [];
  const words = command.words;
  let i = 0;
  while (i < words.length) {
    const program = programName(words[i]) ?? '';
    chain.push({ program, word: words[i], args: words.slice(i + 1) });
    const next = wrappedCommandIndex(program, words, i + 1);
    if (next === undefined) break;
    i = next;
  }
  return chain;
}

/** The words of the command that does the work, its name first: `sudo curl -k x` → `curl -k x`. */
export function effectiveInvocation(command: ShellCommand): Invocation | undefined {
  const chain = invocations(command);
  return chain[chain.length - 1];
}

/** Options of wrappers that take a value as the next word. */
const WRAPPER_VALUE_OPTIONS = new Map<string, RegExp>(Object.entries({
  sudo: /^-[ugpChDrtTU]$|^--(user|group|prompt|close-from|chdir|role|type|other-user|host)$/,
  doas: /^-[uC]$/,
  env: /^-[uCS]$|^--(unset|chdir|split-string)$/,
  nice: /^-n$|^--adjustment$/,
  timeout: /^-[sk]$|^--(signal|kill-after)$/,
  xargs: /^-[EeIiLlnPsda]$|^--(eof|replace|max-lines|max-args|max-procs|max-chars|delimiter|arg-file)$/,
  stdbuf: /^-[ioe]$/,
  command: /^$/,
  exec: /^-a$/,
  nohup: /^$/,
  time: /^-[fo]$/,
}));

/** Where the wrapped command starts, or undefined when `program` is not a wrapper (or wraps nothing). */
function wrappedCommandIndex(program: string, words: ShellWord[], from: number): number | undefined {
  if (program === 'gosu' || program === 'su-exec') return from + 1 < words.length ? from + 1 : undefined;
  if (program === 'find') {
    const exec = words.findIndex((w, i) => i >= from && /^-(exec|execdir|ok|okdir)$/.test(w.value));
    return exec >= 0 && exec + 1 < words.length ? exec + 1 : undefined;
  }
  const valueOptions = WRAPPER_VALUE_OPTIONS.get(program);
  if (!valueOptions) return undefined;
  let i = from;
  for (; i < words.length; i++) {
    const value = words[i].value;
    if (value === '--') {
      i++;
      break;
    }
    if (program === 'env' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(value)) continue;
    if (!value.startsWith('-') || value === '-') break;
    if (valueOptions.test(value)) i++;
  }
  if (program === 'timeout' && i < words.length) i++; // the duration
  return i < words.length ? i : undefined;
}

function describeShell(argv: string[], instruction?: Instruction): ShellInForce {
  const program = (argv[0] ?? '').replace(/^.*[\\/]/, '').toLowerCase().replace(/\.exe$/, '');
  const flags = argv.slice(1);
  const pipefail = flags.some((flag, i) => flag === 'pipefail' && /^-[a-z]*o$/.test(flags[i - 1] ?? ''));
  return { argv, ...(instruction ? { instruction } : {}), posix: POSIX_SHELLS.has(program), bash: program === 'bash', pipefail };
}

interface MappedText {
  source: string;
  map: OffsetMap;
}

/** `/bin/sh -c`, in force where no SHELL is: one description for every model, never written to. */
const DEFAULT_SHELL: ShellInForce = Object.freeze(describeShell(['/bin/sh', '-c']));

function shellOf(model: DockerfileModel, instruction: Instruction): ShellInForce | undefined {
  const logical = argumentsText(model, instruction);
  const words = jsonStrings(logical.source, logical.map);
  return words && words.length > 0 ? describeShell(words.map((w) => w.value), instruction) : undefined;
}

function parseRun(model: DockerfileModel, stage: DockerfileStage, instruction: Instruction, shell: ShellInForce): RunShell {
  let form: RunShell['form'] = 'shell';
  let parsed: ParsedShell;
  try {
    const logical = argumentsText(model, instruction);
    const exec = jsonStrings(logical.source, logical.map);
    if (exec) {
      form = 'exec';
      parsed = exec.length > 0 ? commandOfWords(exec) : { commands: [], pipelines: [] };
    } else {
      parsed = parseShell(logical.source, logical.map);
      const script = heredocScript(parsed);
      if (script) {
        form = 'heredoc';
        parsed = shebangIsShell(script.value) ? parseShell(script.value, script.map) : { commands: [], pipelines: [] };
      }
    }
  } catch (error) {
    // The parsers are written not to throw; should one, this RUN degrades to no commands and the other rules go on.
    parsed = { commands: [], pipelines: [], error: error instanceof Error ? error.message : String(error) };
  }
  const run: RunShell = { instruction, stage, form, shell, commands: parsed.commands, pipelines: parsed.pipelines };
  if (parsed.error) run.error = parsed.error;
  return run;
}

/** `RUN <<EOF` alone: BuildKit runs the here-document's body as the script. */
function heredocScript(parsed: ParsedShell): ShellWord | undefined {
  const first = parsed.pipelines[0]?.commands[0];
  if (!first || first.kind !== 'simple' || first.words.length > 0 || first.assignments.length > 0) return undefined;
  return first.redirects.find((r) => r.heredoc)?.heredoc?.body;
}

function shebangIsShell(script: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(script);
  if (!shebang) return true;
  const program = (shebang[1].endsWith('/env') ? shebang[2] ?? '' : shebang[1]).replace(/^.*\//, '');
  return POSIX_SHELLS.has(program);
}

/**
 * The instruction's arguments after its flags (`RUN --mount=… --network=none`), as the builder hands
 * them on. Computed from the instruction's range, with the offsets the shell words need.
 */
function argumentsText(model: DockerfileModel, instruction: Instruction): MappedText {
  const text = model.text;
  const escape = model.ast.getEscapeCharacter();
  const start = instruction.start + instruction.getKeyword().length;
  // An instruction that ends on a `\r\n` ends at its `\r` or its `\n`: both read the same text.
  const end = instruction.end;
  // Most instructions have no flag: the blanks after the keyword are all there is to step over, and
  // the text is read from after them. A `-` or a line continuation there needs the general reading.
  let argumentsStart = start;
  while (argumentsStart < end && (text.charCodeAt(argumentsStart) === 32 /* space */ || text.charCodeAt(argumentsStart) === 9 /* \t */)) argumentsStart++;
  const next = text[argumentsStart];
  if (next !== '-' && next !== escape) return logicalText(text, argumentsStart, end, escape);
  const logical = logicalText(text, start, end, escape);
  const flags = /^(?:[ \t]+--[A-Za-z-]+(?:=(?:"[^"\n]*"|'[^'\n]*'|[^\s"'])*)?)*[ \t]*/.exec(logical.source)![0].length;
  if (flags === 0) return logical;
  const map = new OffsetMap();
  map.addSlice(logical.map, flags, logical.source.length, 0);
  return { source: logical.source.slice(flags), map };
}

/**
 * The text the builder hands the shell: the instruction's arguments with the Dockerfile's line
 * continuations (escape character, blanks, newline) removed, and the comment or empty lines inside
 * a continuation dropped. Here-document bodies after the first line are kept as written.
 */
function logicalText(text: string, start: number, end: number, escape: string): MappedText {
  let source = '';
  const map = new OffsetMap();
  let from = start;
  const keep = (to: number) => {
    if (to <= from) return;
    map.addRun(source.length, from);
    source += text.slice(from, to);
  };
  // Read a line at a time: only a line's end can hold a continuation (the escape character, blanks,
  // the line break) or the `\r` of a `\r\n`, and the line breaks are found without a loop over every character.
  let i = start;
  let firstLine = true;
  while (i < end) {
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    if (firstLine) {
      let k = lineEnd - 1;
      if (k >= i && text.charCodeAt(k) === 13 /* \r */) k--;
      while (k >= i && (text.charCodeAt(k) === 32 /* space */ || text.charCodeAt(k) === 9 /* \t */)) k--;
      if (k >= i && text[k] === escape) {
        keep(k);
        from = skipContinuationLines(text, lineEnd + 1, end);
        i = from;
        continue;
      }
    }
    if (lineEnd - 1 >= i && text.charCodeAt(lineEnd - 1) === 13 /* \r */ && text.charCodeAt(lineEnd) === 10 /* \n */) {
      keep(lineEnd - 1);
      from = lineEnd;
    }
    // A line that does not continue ends the instruction's first line; what follows is here-document bodies.
    firstLine = false;
    i = lineEnd + 1;
  }
  keep(end);
  return { source, map };
}

/** After a continuation, lines that are empty or comments are not part of the instruction. */
function skipContinuationLines(text: string, from: number, end: number): number {
  let i = from;
  for (;;) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < end && (text[j] === '#' || text[j] === '\n' || text[j] === '\r')) {
      const newline = text.indexOf('\n', j);
      if (newline < 0 || newline >= end) return end;
      i = newline + 1;
    } else return i;
  }
}

/** `/\s/` for one character code: ASCII blanks and line breaks looked up directly, the Unicode spaces by the regex. */
function isWhitespace(code: number): boolean {
  if (code < 128) return code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

/** The strings of a JSON array of strings (the exec form), or undefined when the text is not one. */
function jsonStrings(source: string, offsets: OffsetMap): ShellWord[] | undefined {
  let i = 0;
  const blanks = () => {
    while (i < source.length && isWhitespace(source.charCodeAt(i))) i++;
  };
  blanks();
  if (source[i] !== '[') return undefined;
  i++;
  const words: ShellWord[] = [];
  blanks();
  if (source[i] === ']') {
    i++;
    blanks();
    return i === source.length ? words : undefined;
  }
  for (;;) {
    blanks();
    if (source[i] !== '"') return undefined;
    const start = i;
    i++;
    let value = '';
    const map = new OffsetMap();
    for (;;) {
      const c = source[i];
      if (c === undefined || c === '\n') return undefined;
      if (c === '"') break;
      if (c === '\\') {
        const next = source[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (next in simple) {
          map.addRun(value.length, offsets.at(i));
          value += simple[next];
          i += 2;
        } else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(source.slice(i + 2, i + 6))) {
          map.addRun(value.length, offsets.at(i));
          value += String.fromCharCode(parseInt(source.slice(i + 2, i + 6), 16));
          i += 6;
        } else return undefined;
      } else {
        map.addRun(value.length, offsets.at(i));
        value += c;
        i++;
      }
    }
    i++;
    // No expansion happens in the exec form.
    words.push({ value, map, start: offsets.at(start), end: offsets.endAt(i), quoted: true, expands: false });
    blanks();
    if (source[i] === ',') {
      i++;
      continue;
    }
    if (source[i] !== ']') return undefined;
    i++;
    blanks();
    return i === source.length ? words : undefined;
  }
}

/**
 * Where the replacement of a sed substitution (`s/old/new/`, any delimiter, `\` escapes) starts in
 * the word, or undefined when the word is not one: only the replacement is written into the file.
 */
export function sedReplacementStart(value: string): number | undefined {
  if (value.length < 2 || value[0] !== 's' || value[1] === '\\' || value[1] === '\n') return undefined;
  const delimiter = value[1];
  for (let i = 2; i < value.length; i++) {
    if (value[i] === '\\') i++;
    else if (value[i] === delimiter) return i + 1;
  }
  return undefined;
}
