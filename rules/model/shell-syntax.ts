/**
 * A parser for the POSIX shell grammar (with the bash additions Dockerfiles use: `$'…'`, `<(…)`,
 * `&>`, `|&`), written for one job: turning a RUN command into simple commands whose words carry
 * their exact place in the document. It never throws and never executes anything; on input it does
 * not understand it degrades to plain words.
 *
 * The source is given as a string plus a map from its characters to the document offsets they came
 * from: Dockerfile line continuations, JSON escapes and shell quotes all move characters away from
 * their place, and every range here is mapped back through that map.
 */
import { OffsetMap } from './offset-map';
import type { Derived } from './derived';

/** A word after quote removal, with the document offset of each of its characters. */
export interface ShellWord {
  /** The text after quote removal; parameter expansions and substitutions are kept as written (`$HOME`, `$(id -u)`). */
  value: string;
  /** Document offsets of the word as written, quotes included. */
  start: number;
  end: number;
  /** Where each character of `value` sits in the document: see {@link wordSpan}. */
  map: OffsetMap;
  /** Some part of the word was quoted or escaped. */
  quoted: boolean;
  /** The word holds a `$` expansion or a command substitution, so its value at build time is not its text. */
  expands: boolean;
}

export interface ShellOperator {
  /** `&&`, `||`, `;`, `&`, a newline as `\n`, `|` or `|&`. */
  text: string;
  start: number;
  end: number;
}

export interface ShellRedirect {
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `<>`, `>|`. */
  operator: string;
  /** The file descriptor written before the operator (`2>`), if any. */
  fd?: string;
  /** The file, descriptor or here-document delimiter. */
  target?: ShellWord;
  /** For `<<` and `<<-`: the here-document's text (offsets mapped) and whether its delimiter was quoted. */
  heredoc?: { body: ShellWord; quotedDelimiter: boolean };
  start: number;
  end: number;
}

export interface ShellAssignment {
  name: string;
  /** The whole `NAME=value` word. */
  word: ShellWord;
  /** Offsets of the value part inside the word's value. */
  valueStart: number;
}

export type ShellCommandKind = 'simple' | 'subshell' | 'group';

export interface ShellCommand {
  kind: ShellCommandKind;
  /** For simple commands: the command name and its arguments (assignments and redirections excluded). */
  words: ShellWord[];
  /** `NAME=value` words before the command name. */
  assignments: ShellAssignment[];
  redirects: ShellRedirect[];
  start: number;
  end: number;
  /** The pipeline this command is a stage of (a pipeline of one when nothing is piped). */
  pipeline: ShellPipeline;
  /** Its position in that pipeline, 0-based. */
  pipelineIndex: number;
  /** The subshell or group it runs in, the command whose word holds its `$(…)` / `<(…)`, or the `sh -c` that runs it. */
  parent?: ShellCommand;
  /** For subshells and groups: the commands of their body, top level only. */
  body: ShellCommand[];
  /** What readers worked out from the command (its wrapper chain, its package manager call). */
  derived: Derived | undefined;
}

export interface ShellPipeline {
  commands: ShellCommand[];
  /** The `|` / `|&` operators between the stages. */
  pipes: ShellOperator[];
  /** Preceded by `!`. */
  negated: boolean;
  /** The operator that separates it from the previous pipeline of its list (`&&`, `||`, `;`, `\n`, `&`). */
  separator?: ShellOperator;
  start: number;
  end: number;
}

export interface ParsedShell {
  /** Every command, nested ones included, in source order. */
  commands: ShellCommand[];
  /** The top-level pipelines, in order. */
  pipelines: ShellPipeline[];
  /** Set when the parser met something it did not understand (unbalanced quotes, …); what it parsed before still stands. */
  error?: string;
}

/** Nesting deeper than this (`$( $( $( …` or `sh -c` in `sh -c`) is not followed: no real RUN goes there. */
const MAX_DEPTH = 24;

/** The redirection operators of more than one character, longest first. */
const REDIRECT_OPERATORS = ['&>>', '&>', '<<<', '<<-', '<<', '>>', '>&', '<&', '<>', '>|'];

/** What `$'…'` decodes a backslash and this character to (the common escapes; others keep the character). */
const ANSI_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', "'": "'", '"': '"', '\\': '\\' };

/** The POSIX shells: programs that run a script given with `-c`, as a file, or on stdin. */
export const POSIX_SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'dash', 'ash', 'zsh', 'ksh', 'mksh']);
/** `-c`, alone or among other single-letter options (`-ec`, `-xc`). */
export const SCRIPT_OPTION = /^-[abd-zA-Z]*c[a-zA-Z]*$/;
const PREFIX_RESERVED = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!']);
const CLOSING_RESERVED = new Set(['fi', 'done', 'esac']);
/**
 * The reserved words the parser acts on, by length (most command names are of a length none has);
 * `reservedWordAt` hands back these very strings, so reading one makes none.
 */
const RESERVED_WORDS_BY_LENGTH: string[][] = [];
for (const word of [...PREFIX_RESERVED, ...CLOSING_RESERVED, '{', '}', 'case', 'in']) (RESERVED_WORDS_BY_LENGTH[word.length] ??= []).push(word);
/** The operators between pipelines and between the stages of a pipeline; an operator's text is one of these strings. */
const OPERATORS = ['&&', '||', ';;', ';&', '|&', ';', '&', '\n', '|'];

/**
 * What each ASCII character is to the reader, as bit flags: the word reader asks about nearly every
 * character of a RUN, and a table lookup on its code costs less than a Set of one-character strings.
 */
const CHARACTER_CLASS = new Uint8Array(128);
/** Ends an unquoted word. */
const WORD_BREAK = 1;
/** Stops a word's plain stretch, to be looked at. */
const WORD_SPECIAL = 2;
/** Stops a plain stretch inside double quotes. */
const DOUBLE_QUOTE_SPECIAL = 4;
/** May follow a reserved word (`/[\s;&|()<>]/`, beside the non-ASCII blanks). */
const RESERVED_BOUNDARY = 8;
for (const [characters, flag] of [
  [' \t\r\n;&|<>)`', WORD_BREAK | WORD_SPECIAL],
  ['\\\'"$', WORD_SPECIAL],
  ['"\\$`', DOUBLE_QUOTE_SPECIAL],
  [' \t\n\v\f\r;&|()<>', RESERVED_BOUNDARY],
] as const) {
  for (let i = 0; i < characters.length; i++) CHARACTER_CLASS[characters.charCodeAt(i)] |= flag;
}

/** Whether the character with this code (NaN past the end) is of the class; non-ASCII characters are of none. */
function isOfClass(code: number, flag: number): boolean {
  return code < 128 && (CHARACTER_CLASS[code] & flag) !== 0;
}

/**
 * Empty lists shared by the commands and pipelines that have none of a kind (most commands have no
 * assignment, redirection nor body, most pipelines no pipe): frozen, the parser replaces one on its
 * first element and no reader writes to them.
 */
const NO_WORDS = Object.freeze([]) as unknown as ShellWord[];
const NO_ASSIGNMENTS = Object.freeze([]) as unknown as ShellAssignment[];
const NO_REDIRECTS = Object.freeze([]) as unknown as ShellRedirect[];
const NO_COMMANDS = Object.freeze([]) as unknown as ShellCommand[];
const NO_OPERATORS = Object.freeze([]) as unknown as ShellOperator[];

function isLowercaseLetter(code: number): boolean {
  return code >= 97 /* a */ && code <= 122 /* z */;
}

function isDigit(code: number): boolean {
  return code >= 48 /* 0 */ && code <= 57 /* 9 */;
}

/** Whether the character with this code may be in a shell variable name (`[A-Za-z_]`, and `[0-9]` after the first). */
function isNameCharacter(code: number, first: boolean): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 /* _ */ || (!first && isDigit(code));
}

/** The length of `NAME` when the word starts `NAME=` or `NAME+=` (`/^[A-Za-z_][A-Za-z0-9_]*\+?=/`), else 0. */
function assignedNameLength(value: string): number {
  let i = 0;
  while (i < value.length && isNameCharacter(value.charCodeAt(i), i === 0)) i++;
  if (i === 0) return 0;
  const next = value.charCodeAt(i);
  if (next === 61 /* = */) return i;
  return next === 43 /* + */ && value.charCodeAt(i + 1) === 61 ? i : 0;
}

/** Parses `source`, whose character `i` sits at document offset `map.at(i)`. */
export function parseShell(source: string, map: OffsetMap, parent?: ShellCommand): ParsedShell {
  const parser = new Parser(source, map);
  const result: ParsedShell = { commands: parser.commands, pipelines: [] };
  try {
    result.pipelines = parser.list('', parent, 0);
    if (parser.pos < source.length && !parser.error) parser.error = `unexpected "${source[parser.pos]}"`;
  } catch (error) {
    // The parser is written not to throw; this keeps a bug in it from taking the other rules down.
    parser.error = error instanceof Error ? error.message : String(error);
  }
  if (parser.error) result.error = parser.error;
  inSourceOrder(result.commands);
  return result;
}

/** `<<` or `<<-`: the command reads a here-document (`<<<` gives a word). */
function isHeredocRedirect(redirect: ShellRedirect): boolean {
  return redirect.operator === '<<' || redirect.operator === '<<-';
}

/** The commands of pipelines, in order. */
function commandsOf(pipelines: ShellPipeline[]): ShellCommand[] {
  const commands: ShellCommand[] = [];
  for (const pipeline of pipelines) for (const command of pipeline.commands) commands.push(command);
  return commands;
}

/** Sorts commands by where they start; most already are (only nested ones come late), and those are left as they are. */
function inSourceOrder(commands: ShellCommand[]): void {
  for (let i = 1; i < commands.length; i++) {
    if (commands[i].start < commands[i - 1].start) {
      commands.sort((a, b) => a.start - b.start);
      return;
    }
  }
}

/** The program a command word names, without its directory: `/usr/bin/curl` → `curl`. */
export function programName(word: ShellWord | undefined): string | undefined {
  if (!word) return undefined;
  const slash = word.value.lastIndexOf('/');
  return slash < 0 ? word.value : word.value.slice(slash + 1);
}

/** The document span of the characters [from, to) of a word's value: a flag inside `-sSLk`, a password inside a URL. */
export function wordSpan(word: ShellWord, from: number, to: number): { start: number; end: number } {
  if (word.value.length === 0) return { start: word.start, end: word.end };
  return { start: word.map.at(Math.min(from, word.value.length - 1)), end: to > from ? word.map.endAt(Math.min(to, word.value.length)) : word.map.at(from) };
}

/**
 * A word the parser read. Most words sit unbroken in the document (no quote, escape or line
 * continuation inside): their map is their start offset alone, made when a reader first asks for it.
 * Fields are `declare`d and assigned in the constructor, which V8 runs faster than field definitions.
 */
class ParsedWord implements ShellWord {
  declare value: string;
  declare start: number;
  declare end: number;
  declare quoted: boolean;
  declare expands: boolean;
  /** The map, when the word has one made (undefined until asked for when the word sits unbroken). */
  declare private offsets: OffsetMap | undefined;

  constructor(value: string, offsets: OffsetMap | undefined, start: number, end: number, quoted: boolean, expands: boolean) {
    this.value = value;
    this.offsets = offsets;
    this.start = start;
    this.end = end;
    this.quoted = quoted;
    this.expands = expands;
  }

  get map(): OffsetMap {
    if (this.offsets === undefined) {
      this.offsets = new OffsetMap();
      this.offsets.addRun(0, this.start);
    }
    return this.offsets;
  }
}

/** A word being read: its value after quote removal, and where each of its characters sits. */
class WordText {
  value = '';
  readonly map = new OffsetMap();
}

class Parser {
  pos = 0;
  error: string | undefined;
  readonly commands: ShellCommand[] = [];
  /** Here-documents announced on the current line, read when its newline is reached. */
  private pendingHeredocs: Array<{ redirect: ShellRedirect; command: ShellCommand; depth: number; delimiter: string; strip: boolean; quoted: boolean }> = [];
  /** How many backquoted substitutions enclose the position: inside one, a backquote closes it. */
  private backquotes = 0;

  constructor(
    private readonly s: string,
    private readonly map: OffsetMap,
  ) {}

  // Positions are clamped: a construct left open at the end of the source may step one past it.
  private at(i: number): number {
    return this.map.at(Math.min(i, this.s.length));
  }

  private endAt(i: number): number {
    return this.map.endAt(Math.min(i, this.s.length));
  }

  private fail(message: string): void {
    this.error ??= message;
  }

  /**
   * A list of pipelines up to `close` (`)`, `}`, `` ` `` or the end); leaves the position on the
   * closing token, which the caller consumes.
   */
  list(close: string, parent: ShellCommand | undefined, depth: number): ShellPipeline[] {
    const pipelines: ShellPipeline[] = [];
    let separator: ShellOperator | undefined;
    for (;;) {
      this.blanks(false);
      if (this.pos >= this.s.length || this.closes(close)) break;
      const length = this.listOperatorLength(false);
      if (length > 0) {
        const operator = this.operatorOfLength(length);
        if (operator.text === '\n') this.readHeredocs();
        separator = operator;
        continue;
      }
      const before = this.pos;
      const pipeline = this.pipeline(close, parent, depth);
      if (pipeline) {
        pipeline.separator = separator;
        pipelines.push(pipeline);
      }
      separator = undefined;
      if (this.pos === before) {
        // A stray closer or operator: skip it rather than stop, so the rest of the RUN is still seen.
        this.fail(`unexpected "${this.s[this.pos]}"`);
        this.pos++;
      }
    }
    return pipelines;
  }

  private closes(close: string): boolean {
    if (close === '') return false;
    if (close === '}') return this.s[this.pos] === '}' && this.reservedBoundary(this.pos + 1);
    return this.s[this.pos] === close;
  }

  private reservedBoundary(i: number): boolean {
    if (i >= this.s.length) return true;
    const code = this.s.charCodeAt(i);
    return code < 128 ? (CHARACTER_CLASS[code] & RESERVED_BOUNDARY) !== 0 : /\s/.test(this.s[i]);
  }

  private pipeline(close: string, parent: ShellCommand | undefined, depth: number): ShellPipeline | undefined {
    // Its span is its commands', set when they are read.
    const pipeline: ShellPipeline = { commands: NO_COMMANDS, pipes: NO_OPERATORS, negated: false, start: 0, end: 0 };
    for (;;) {
      this.blanks(false);
      if (this.s[this.pos] === '!' && this.reservedBoundary(this.pos + 1)) {
        pipeline.negated = true;
        this.pos++;
        continue;
      }
      const command = this.command(close, parent, depth, pipeline);
      if (command) {
        command.pipelineIndex = pipeline.commands.length;
        // Most pipelines are one command: its list is made to measure.
        if (pipeline.commands === NO_COMMANDS) pipeline.commands = [command];
        else pipeline.commands.push(command);
      }
      this.blanks(false);
      if (this.s.charCodeAt(this.pos) !== 124 /* | */ || this.s.charCodeAt(this.pos + 1) === 124) break;
      const pipe = this.operatorOfLength(this.s.charCodeAt(this.pos + 1) === 38 /* & */ ? 2 : 1);
      if (pipeline.pipes === NO_OPERATORS) pipeline.pipes = [pipe];
      else pipeline.pipes.push(pipe);
      this.blanks(true);
    }
    if (pipeline.commands.length === 0) return undefined;
    pipeline.start = pipeline.commands[0].start;
    pipeline.end = pipeline.commands[pipeline.commands.length - 1].end;
    return pipeline;
  }

  private command(close: string, parent: ShellCommand | undefined, depth: number, pipeline: ShellPipeline): ShellCommand | undefined {
    // Reserved words that only introduce the next command (`if`, `then`, `do`, …) are stepped over.
    let reserved: string | undefined;
    for (;;) {
      this.blanks(true);
      reserved = this.reservedWordAt();
      if (reserved && PREFIX_RESERVED.has(reserved)) {
        this.pos += reserved.length;
        continue;
      }
      if (reserved && CLOSING_RESERVED.has(reserved)) {
        this.pos += reserved.length;
        this.blanks(false);
        return undefined;
      }
      break;
    }
    if (this.pos >= this.s.length || this.closes(close)) return undefined;
    const start = this.pos;
    const startOffset = this.at(start);
    const command: ShellCommand = {
      kind: 'simple', words: NO_WORDS, assignments: NO_ASSIGNMENTS, redirects: NO_REDIRECTS, start: startOffset, end: startOffset, pipeline, pipelineIndex: 0, parent, body: NO_COMMANDS, derived: undefined,
    };
    const c = this.s[this.pos];
    if (c === '(' || (c === '{' && this.reservedBoundary(this.pos + 1))) {
      command.kind = c === '(' ? 'subshell' : 'group';
      this.commands.push(command);
      this.pos++;
      const body = this.nested(c === '(' ? ')' : '}', command, depth);
      command.body = commandsOf(body);
      if (this.s[this.pos] === (c === '(' ? ')' : '}')) this.pos++;
      else this.fail(`missing "${c === '(' ? ')' : '}'}"`);
      command.end = this.endAt(this.pos);
      this.redirectsAfter(command, depth);
      return command;
    }
    if (reserved === 'case') return this.caseCommand(command, depth);
    this.commands.push(command);
    command.words = [];
    for (;;) {
      this.blanks(false);
      if (this.pos >= this.s.length || this.endsCommand(close)) break;
      if (this.redirect(command, depth)) {
        command.end = command.redirects[command.redirects.length - 1].end;
        continue;
      }
      const word = this.word(command, depth);
      if (!word) break;
      command.end = word.end;
      const nameLength = command.words.length === 0 ? assignedNameLength(word.value) : 0;
      if (nameLength > 0 && this.addAssignment(command, word, nameLength)) continue;
      command.words.push(word);
    }
    // A shell fed a here-document is parsed when its body has been read, at the end of the line.
    if (!command.redirects.some(isHeredocRedirect)) this.nestedShell(command, depth);
    return command;
  }

  /** Adds `NAME=value` or `NAME+=value` to the command's assignments, unless something before the `=` is quoted (then it is a word). */
  private addAssignment(command: ShellCommand, word: ShellWord, nameLength: number): boolean {
    const valueStart = word.value.charCodeAt(nameLength) === 61 /* = */ ? nameLength + 1 : nameLength + 2;
    if (word.map.at(valueStart - 1) - word.start !== valueStart - 1) return false;
    const assignment = { name: word.value.slice(0, nameLength), word, valueStart };
    if (command.assignments === NO_ASSIGNMENTS) command.assignments = [assignment];
    else command.assignments.push(assignment);
    return true;
  }

  /** `case WORD in pattern) list ;; … esac`: the patterns are skipped, the lists parsed. */
  private caseCommand(command: ShellCommand, depth: number): ShellCommand {
    this.commands.push(command);
    this.pos += 4;
    this.blanks(false);
    // The subject is read for the substitutions it may hold; a case statement runs no program.
    this.word(command, depth);
    this.blanks(true);
    if (this.reservedWordAt() === 'in') this.pos += 2;
    for (;;) {
      this.blanks(true);
      if (this.pos >= this.s.length) {
        this.fail('missing "esac"');
        break;
      }
      if (this.reservedWordAt() === 'esac') {
        this.pos += 4;
        break;
      }
      // The pattern, up to its unquoted `)`.
      if (this.s[this.pos] === '(') this.pos++;
      while (this.pos < this.s.length && this.s[this.pos] !== ')') {
        if (!this.word(command, depth)) this.pos++;
        this.blanks(false);
        if (this.s[this.pos] === '|') this.pos++;
      }
      this.pos++;
      const body = this.caseBody(command, depth);
      const commands = commandsOf(body);
      command.body = command.body === NO_COMMANDS ? commands : command.body.concat(commands);
    }
    command.end = this.endAt(this.pos);
    return command;
  }

  private caseBody(parent: ShellCommand, depth: number): ShellPipeline[] {
    const pipelines: ShellPipeline[] = [];
    for (;;) {
      this.blanks(true);
      if (this.pos >= this.s.length || this.reservedWordAt() === 'esac') break;
      if (this.s.startsWith(';;', this.pos) || this.s.startsWith(';&', this.pos)) {
        this.pos += this.s[this.pos + 2] === '&' ? 3 : 2;
        break;
      }
      const length = this.listOperatorLength(true);
      if (length > 0) {
        this.pos += length;
        continue;
      }
      const before = this.pos;
      const pipeline = this.pipeline('', parent, depth);
      if (pipeline) pipelines.push(pipeline);
      if (this.pos === before) this.pos++;
    }
    return pipelines;
  }

  private reservedWordAt(): string | undefined {
    // `!`, `{`, `}`, or a run of at most 6 lowercase letters: no reserved word the parser knows is longer.
    const c = this.s[this.pos];
    let length = c === '!' || c === '{' || c === '}' ? 1 : 0;
    if (length === 0) while (length < 6 && this.pos + length < this.s.length && isLowercaseLetter(this.s.charCodeAt(this.pos + length))) length++;
    const candidates = RESERVED_WORDS_BY_LENGTH[length];
    if (candidates === undefined || !this.reservedBoundary(this.pos + length)) return undefined;
    const first = this.s.charCodeAt(this.pos);
    for (const word of candidates) if (word.charCodeAt(0) === first && this.s.startsWith(word, this.pos)) return word;
    return undefined;
  }

  private endsCommand(close: string): boolean {
    const code = this.s.charCodeAt(this.pos);
    if (code === 59 /* ; */ || (code === 38 /* & */ && this.s.charCodeAt(this.pos + 1) !== 62 /* > */) || code === 124 /* | */ || code === 10 /* \n */ || code === 41 /* ) */) return true;
    if (code === 96 /* ` */ && close === '`') return true;
    return close === '}' && this.closes('}');
  }

  /** Blanks, line continuations and comments; newlines too when `newlines`. */
  private blanks(newlines: boolean): void {
    while (this.pos < this.s.length) {
      const code = this.s.charCodeAt(this.pos);
      if (code === 32 /* space */ || code === 9 /* \t */ || code === 13 /* \r */) this.pos++;
      else if (code === 92 /* \ */ && this.s.charCodeAt(this.pos + 1) === 10 /* \n */) this.pos += 2;
      else if (code === 10 /* \n */ && newlines) {
        this.pos++;
        this.readHeredocs();
      } else if (code === 35 /* # */) {
        const lineEnd = this.s.indexOf('\n', this.pos);
        this.pos = lineEnd < 0 ? this.s.length : lineEnd;
      } else break;
    }
  }

  /**
   * The length of the operator between pipelines at the position (`&&`, `||`, `;`, `&`, a newline,
   * and, outside a case item's list, `;;` and `;&`), 0 when there is none.
   */
  private listOperatorLength(inCaseItem: boolean): number {
    const next = this.s.charCodeAt(this.pos + 1);
    switch (this.s.charCodeAt(this.pos)) {
      case 38 /* & */:
        return next === 38 ? 2 : 1;
      case 124 /* | */:
        return next === 124 ? 2 : 0;
      case 59 /* ; */:
        return !inCaseItem && (next === 59 || next === 38) ? 2 : 1;
      case 10 /* \n */:
        return 1;
      default:
        return 0;
    }
  }

  /** The operator of `length` characters at the position, stepped over. */
  private operatorOfLength(length: number): ShellOperator {
    const first = this.s.charCodeAt(this.pos);
    let text = '';
    for (const candidate of OPERATORS) {
      if (candidate.length === length && candidate.charCodeAt(0) === first && this.s.startsWith(candidate, this.pos)) {
        text = candidate;
        break;
      }
    }
    const operator = { text, start: this.at(this.pos), end: this.endAt(this.pos + length) };
    this.pos += length;
    return operator;
  }

  private redirectsAfter(command: ShellCommand, depth: number): void {
    for (;;) {
      this.blanks(false);
      if (!this.redirect(command, depth)) return;
      command.end = command.redirects[command.redirects.length - 1].end;
    }
  }

  private redirect(command: ShellCommand, depth: number): boolean {
    const c = this.s.charCodeAt(this.pos);
    if (c !== 60 /* < */ && c !== 62 /* > */ && c !== 38 /* & */ && !(c >= 48 && c <= 57)) return false;
    // An operator, after the digits of a file descriptor, within the 12 characters from the position.
    const start = this.pos;
    const windowEnd = Math.min(start + 12, this.s.length);
    let fdEnd = start;
    while (fdEnd < windowEnd && isDigit(this.s.charCodeAt(fdEnd))) fdEnd++;
    const operator = this.redirectOperatorAt(fdEnd, windowEnd);
    if (operator === undefined) return false;
    const end = fdEnd + operator.length;
    this.pos = end;
    this.blanks(false);
    const redirect: ShellRedirect = { operator, start: this.at(start), end: this.endAt(end) };
    if (fdEnd > start) redirect.fd = this.s.slice(start, fdEnd);
    const target = this.word(command, depth);
    if (target) {
      redirect.target = target;
      redirect.end = target.end;
    }
    if ((operator === '<<' || operator === '<<-') && target) {
      this.pendingHeredocs.push({ redirect, command, depth, delimiter: target.value, strip: operator === '<<-', quoted: target.quoted });
    }
    if (command.redirects === NO_REDIRECTS) command.redirects = [redirect];
    else command.redirects.push(redirect);
    return true;
  }

  /** The redirection operator at `i` that ends by `windowEnd`; a `<` or `>` that opens a process substitution `<(…)` is none. */
  private redirectOperatorAt(i: number, windowEnd: number): string | undefined {
    const code = this.s.charCodeAt(i);
    if (code !== 60 /* < */ && code !== 62 /* > */ && code !== 38 /* & */) return undefined;
    for (const operator of REDIRECT_OPERATORS) if (i + operator.length <= windowEnd && this.s.startsWith(operator, i)) return operator;
    if (code === 38 || i + 1 > windowEnd || (i + 1 < windowEnd && this.s.charCodeAt(i + 1) === 40 /* ( */)) return undefined;
    return code === 60 ? '<' : '>';
  }

  /** Reads the bodies of the here-documents announced on the line that just ended. */
  private readHeredocs(): void {
    const pending = this.pendingHeredocs;
    if (pending.length === 0) return;
    this.pendingHeredocs = [];
    for (const heredoc of pending) {
      const bodyStart = this.pos;
      let value = '';
      const map = new OffsetMap();
      for (;;) {
        if (this.pos >= this.s.length) {
          this.fail(`here-document "${heredoc.delimiter}" is not closed`);
          break;
        }
        let lineEnd = this.s.indexOf('\n', this.pos);
        if (lineEnd < 0) lineEnd = this.s.length;
        let lineStart = this.pos;
        if (heredoc.strip) while (this.s[lineStart] === '\t') lineStart++;
        const line = this.s.slice(lineStart, lineEnd).replace(/\r$/, '');
        this.pos = Math.min(lineEnd + 1, this.s.length);
        if (line === heredoc.delimiter) break;
        map.addSlice(this.map, lineStart, this.pos, value.length);
        value += this.s.slice(lineStart, this.pos);
      }
      const end = value.length > 0 ? map.endAt(value.length) : this.at(bodyStart);
      heredoc.redirect.heredoc = {
        body: { value, map, start: this.at(bodyStart), end, quoted: heredoc.quoted, expands: !heredoc.quoted && /[$`]/.test(value) },
        quotedDelimiter: heredoc.quoted,
      };
      if (shellScriptOf(heredoc.command) === heredoc.redirect.heredoc.body) this.nestedShell(heredoc.command, heredoc.depth);
    }
  }

  /** Parses a nested list (`$(…)`, `(…)`, `` `…` ``), unless nested too deep. */
  private nested(close: string, parent: ShellCommand, depth: number): ShellPipeline[] {
    if (depth >= MAX_DEPTH) {
      this.fail('nested too deep');
      this.skipBalanced(close);
      return [];
    }
    return this.list(close, parent, depth + 1);
  }

  private skipBalanced(close: string): void {
    const open = close === ')' ? '(' : close === '}' ? '{' : '';
    let level = 0;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') this.pos++;
      else if (open && c === open) level++;
      else if (c === close) {
        if (level === 0) return;
        level--;
      }
      this.pos++;
    }
  }

  /** A word, or undefined at an operator or the end. */
  private word(command: ShellCommand, depth: number): ShellWord | undefined {
    const start = this.pos;
    const plain = this.plainWordEnd();
    if (plain > start) {
      this.pos = plain;
      const value = this.s.slice(start, plain);
      const offset = this.map.oneRunOffset(start, plain);
      if (offset >= 0) return new ParsedWord(value, undefined, offset, offset + value.length, false, false);
      const map = new OffsetMap();
      map.addSlice(this.map, start, plain, 0);
      return new ParsedWord(value, map, map.at(0), map.endAt(value.length), false, false);
    }
    const text = new WordText();
    let quoted = false;
    let expands = false;
    while (this.pos < this.s.length) {
      const code = this.s.charCodeAt(this.pos);
      if (code === 96 /* ` */ && this.backquotes === 0) {
        const from = this.pos;
        this.backquoted(command, depth);
        this.take(text, from, this.pos);
        expands = true;
        continue;
      }
      if (isOfClass(code, WORD_BREAK)) {
        if ((code === 60 /* < */ || code === 62 /* > */) && this.s.charCodeAt(this.pos + 1) === 40 /* ( */) {
          // Process substitution `<(…)`: a word whose command runs nested.
          const from = this.pos;
          this.pos += 2;
          this.nested(')', command, depth);
          if (this.s[this.pos] === ')') this.pos++;
          else this.fail('missing ")"');
          this.take(text, from, this.pos);
          expands = true;
          continue;
        }
        break;
      }
      if (code === 40 /* ( */ && this.pos === start) break;
      if (code === 92 /* \ */) {
        quoted = true;
        if (this.s[this.pos + 1] === '\n') this.pos += 2;
        else {
          this.take(text, this.pos + 1, Math.min(this.pos + 2, this.s.length));
          this.pos += 2;
        }
      } else if (code === 39 /* ' */) {
        quoted = true;
        const end = this.s.indexOf("'", this.pos + 1);
        const stop = end < 0 ? this.s.length : end;
        if (end < 0) this.fail('unterminated single quote');
        this.take(text, this.pos + 1, stop);
        this.pos = stop + 1;
      } else if (code === 34 /* " */) {
        quoted = true;
        this.pos++;
        expands = this.doubleQuoted(command, depth, text) || expands;
      } else if (code === 36 /* $ */ && this.s[this.pos + 1] === "'") {
        quoted = true;
        this.pos += 2;
        this.ansiQuoted(text);
      } else if (code === 36 /* $ */) {
        const from = this.pos;
        if (this.dollar(command, depth)) expands = true;
        this.take(text, from, this.pos);
      } else if (code === 123 /* { */ && this.pos === start && this.reservedBoundary(this.pos + 1)) {
        break;
      } else {
        const from = this.pos;
        do this.pos++;
        while (this.pos < this.s.length && !isOfClass(this.s.charCodeAt(this.pos), WORD_SPECIAL));
        this.take(text, from, this.pos);
      }
    }
    if (this.pos === start) return undefined;
    return new ParsedWord(text.value, text.map, this.at(start), this.endAt(this.pos), quoted, expands);
  }

  /** Appends the source's characters [from, to) to the word. */
  private take(text: WordText, from: number, to: number): void {
    text.map.addSlice(this.map, from, to, text.value.length);
    text.value += this.s.slice(from, to);
  }

  /** Appends a character that stands for the source's character at `at` (a decoded escape). */
  private push(text: WordText, character: string, at: number): void {
    text.map.addRun(text.value.length, this.at(at));
    text.value += character;
  }

  /**
   * Where the word at the position ends when it is plain (no quote, escape, expansion or substitution,
   * and not a `(` or `{` that opens something), which most words are: read without the general loop.
   * The position itself when it is not.
   */
  private plainWordEnd(): number {
    const s = this.s;
    const first = s.charCodeAt(this.pos);
    if (Number.isNaN(first) || first === 40 /* ( */ || first === 123 /* { */ || isOfClass(first, WORD_SPECIAL)) return this.pos;
    let end = this.pos + 1;
    while (end < s.length && !isOfClass(s.charCodeAt(end), WORD_SPECIAL)) end++;
    if (end === s.length) return end;
    const stop = s.charCodeAt(end);
    const processSubstitution = (stop === 60 /* < */ || stop === 62 /* > */) && s.charCodeAt(end + 1) === 40 /* ( */;
    return isOfClass(stop, WORD_BREAK) && stop !== 96 /* ` */ && !processSubstitution ? end : this.pos;
  }

  /** Inside `"…"`: the position is after the opening quote; leaves it after the closing one. Returns whether it expands. */
  private doubleQuoted(command: ShellCommand, depth: number, text: WordText): boolean {
    let expands = false;
    while (this.pos < this.s.length) {
      const code = this.s.charCodeAt(this.pos);
      if (code === 34 /* " */) {
        this.pos++;
        return expands;
      }
      const next = this.s.charCodeAt(this.pos + 1);
      if (code === 92 /* \ */ && (next === 36 /* $ */ || next === 96 /* ` */ || next === 34 /* " */ || next === 92 /* \ */ || next === 10 /* \n */)) {
        if (next !== 10) this.push(text, this.s[this.pos + 1], this.pos + 1);
        this.pos += 2;
      } else if (code === 36 /* $ */) {
        const from = this.pos;
        if (this.dollar(command, depth)) expands = true;
        this.take(text, from, this.pos);
      } else if (code === 96 /* ` */) {
        const from = this.pos;
        this.backquoted(command, depth);
        this.take(text, from, this.pos);
        expands = true;
      } else {
        const from = this.pos;
        do this.pos++;
        while (this.pos < this.s.length && !isOfClass(this.s.charCodeAt(this.pos), DOUBLE_QUOTE_SPECIAL));
        this.take(text, from, this.pos);
      }
    }
    this.fail('unterminated double quote');
    return expands;
  }

  /** `$'…'` with its backslash escapes decoded (the common ones; others keep the character). */
  private ansiQuoted(text: WordText): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === "'") {
        this.pos++;
        return;
      }
      if (c === '\\' && this.pos + 1 < this.s.length) {
        const next = this.s[this.pos + 1];
        this.push(text, ANSI_ESCAPES[next] ?? next, this.pos);
        this.pos += 2;
      } else {
        this.push(text, c, this.pos);
        this.pos++;
      }
    }
    this.fail('unterminated $\' quote');
  }

  /** A `$` expansion at the position: `$(…)` (parsed), `$((…))`, `${…}`, `$NAME`, `$1`, `$?`. Returns whether it expands. */
  private dollar(command: ShellCommand, depth: number): boolean {
    const next = this.s[this.pos + 1];
    if (next === '(' && this.s[this.pos + 2] === '(') {
      this.pos += 3;
      this.skipBalanced(')');
      this.pos += this.s.startsWith('))', this.pos) ? 2 : 1;
      return true;
    }
    if (next === '(') {
      this.pos += 2;
      this.nested(')', command, depth);
      if (this.s[this.pos] === ')') this.pos++;
      else this.fail('missing ")"');
      return true;
    }
    if (next === '{') {
      this.pos += 2;
      this.skipBraced();
      return true;
    }
    // `$NAME` (names longer than 63 characters are cut there), or one special parameter: `$1`, `$?`, `$@`.
    const code = this.s.charCodeAt(this.pos + 1);
    let length = 0;
    if (isNameCharacter(code, true)) {
      const limit = Math.min(this.pos + 64, this.s.length);
      length = 1;
      while (this.pos + 1 + length < limit && isNameCharacter(this.s.charCodeAt(this.pos + 1 + length), false)) length++;
    } else if (next !== undefined && '0123456789@*#?$!-'.includes(next)) {
      length = 1;
    }
    this.pos += 1 + length;
    return length > 0;
  }

  /** After `${`: up to the matching `}`, stepping over quotes and nested `${…}`. */
  private skipBraced(): void {
    let level = 0;
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === '\\') this.pos += 2;
      else if (c === "'" || c === '"') {
        const end = this.s.indexOf(c, this.pos + 1);
        this.pos = end < 0 ? this.s.length : end + 1;
      } else if (c === '{') {
        level++;
        this.pos++;
      } else if (c === '}') {
        this.pos++;
        if (level-- === 0) return;
      } else this.pos++;
    }
    this.fail('missing "}"');
  }

  /** `` `…` ``: the commands inside are parsed as nested ones. */
  private backquoted(command: ShellCommand, depth: number): void {
    this.pos++;
    this.backquotes++;
    this.nested('`', command, depth);
    this.backquotes--;
    if (this.s[this.pos] === '`') this.pos++;
    else this.fail('missing "`"');
  }

  runNestedShell(command: ShellCommand): void {
    try {
      this.nestedShell(command, 0);
    } catch (error) {
      this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  /** `sh -c '…'` and `bash <<EOF`: the script they run is parsed as commands nested in them. */
  private nestedShell(command: ShellCommand, depth: number): void {
    const script = shellScriptOf(command);
    if (!script || depth >= MAX_DEPTH) return;
    const nested = new Parser(script.value, script.map);
    nested.list('', command, depth + 1);
    // A substitution in the script (`sh -c "$(curl …)"`) was already parsed with the word that holds it,
    // after the command itself: only the commands listed after it can be those.
    const known = new Set<string>();
    for (let i = this.commands.length - 1; i >= 0 && this.commands[i] !== command; i--) {
      const listed = this.commands[i];
      if (listed.start >= script.start && listed.end <= script.end) known.add(`${listed.start}:${listed.end}`);
    }
    for (const nestedCommand of nested.commands) if (known.size === 0 || !known.has(`${nestedCommand.start}:${nestedCommand.end}`)) this.commands.push(nestedCommand);
  }
}

/** The script a shell command runs from a string: the word after `-c` (`sh -c`, `bash -ec`), or a here-document fed to it. */
function shellScriptOf(command: ShellCommand): ShellWord | undefined {
  const words = command.words;
  // Asked of every command: most are told apart by the end of their name (every POSIX shell's ends in `sh`).
  const name = words[0]?.value;
  if (name === undefined || (!name.endsWith('sh') && !name.endsWith('busybox'))) return undefined;
  const program = programName(words[0]) ?? '';
  // `busybox sh -c …` runs busybox's shell.
  const busybox = program === 'busybox' && POSIX_SHELLS.has(words[1]?.value ?? '');
  if (!POSIX_SHELLS.has(program) && !busybox) return undefined;
  let i = busybox ? 2 : 1;
  let hasC = false;
  for (; i < words.length; i++) {
    const value = words[i].value;
    if (value === '--' || !value.startsWith('-') && !value.startsWith('+')) break;
    if (SCRIPT_OPTION.test(value)) hasC = true;
    else if (value === '-o' || value === '+o') i++;
  }
  if (hasC) return words[i];
  if (i < words.length) return undefined;
  const stdin = command.redirects.find((r) => r.heredoc && r.fd === undefined);
  return stdin?.heredoc?.body;
}

/** A simple command made of given words (an exec-form RUN), with the script of an `sh -c` among them parsed as nested commands. */
export function commandOfWords(words: ShellWord[]): ParsedShell {
  const pipeline: ShellPipeline = { commands: [], pipes: [], negated: false, start: words[0]?.start ?? 0, end: words[words.length - 1]?.end ?? 0 };
  const command: ShellCommand = {
    kind: 'simple', words, assignments: [], redirects: [], start: pipeline.start, end: pipeline.end, pipeline, pipelineIndex: 0, parent: undefined, body: [], derived: undefined,
  };
  pipeline.commands.push(command);
  const parser = new Parser('', new OffsetMap());
  parser.commands.push(command);
  parser.runNestedShell(command);
  inSourceOrder(parser.commands);
  return { commands: parser.commands, pipelines: [pipeline], ...(parser.error ? { error: parser.error } : {}) };
}
