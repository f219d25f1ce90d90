import { LineIndex } from '../text';
import type { Range } from '../types';

/**
 * A Dockerfile parser that reads the text once and computes each piece of an instruction (arguments,
 * flags, properties, JSON strings) at most once. Its semantics follow dockerfile-ast's, which the rules
 * were written against (test/model/dockerfile-syntax.test.ts compares both on the corpus and on fuzzed
 * files), with offsets mapped to positions by a LineIndex. Pieces are kept as offsets; their ranges
 * are made on first request.
 */

const isBlank = (c: string) => c === ' ' || c === '\t';
const isNewline = (c: string) => c === '\r' || c === '\n';
const isWhitespace = (c: string) => isBlank(c) || isNewline(c);

/** What every piece of one Dockerfile shares: its text, its line index and its escape character. */
class Source {
  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly escape: string,
  ) {}

  range(start: number, end: number): Range {
    return this.lines.range(start, end);
  }

  /** The offset of the start of the line holding `offset` (a character of a line, not of its line break). */
  lineStart(offset: number): number {
    return this.lines.lineStartAt(offset);
  }
}

/**
 * A span of the text; the range is made when asked for. A lint makes thousands of spans: their fields
 * are `declare`d and assigned in the constructors, which V8 runs faster than class field definitions.
 */
abstract class Span {
  declare protected readonly source: Source;
  /** Offsets in the document text. */
  declare readonly start: number;
  declare readonly end: number;
  declare private cachedRange: Range | undefined;

  constructor(source: Source, start: number, end: number) {
    this.source = source;
    this.start = start;
    this.end = end;
    this.cachedRange = undefined;
  }

  getRange(): Range {
    return (this.cachedRange ??= this.source.range(this.start, this.end));
  }
}

/** A whitespace-separated argument of an instruction, its escapes resolved and its quotes kept. */
export class Argument extends Span {
  declare readonly value: string;

  constructor(source: Source, value: string, start: number, end: number) {
    super(source, start, end);
    this.value = value;
  }

  getValue(): string {
    return this.value;
  }
}

/** A string of an instruction's JSON (exec) form; the value keeps its quotes, the JSON value drops them. */
export class JSONArgument extends Argument {
  declare private cachedJsonRange: Range | undefined;
  declare private decoded: string | undefined;

  constructor(source: Source, value: string, start: number, end: number) {
    super(source, value, start, end);
    this.cachedJsonRange = undefined;
    this.decoded = undefined;
  }

  getJSONRange(): Range {
    return (this.cachedJsonRange ??= this.source.range(this.start + 1, this.end - 1));
  }

  /**
   * The string as the builder reads it: decoded as JSON, blanks and escapes such as `\n` included
   * (dockerfile-ast drops both). A string JSON cannot decode (a continuation inside it) keeps the
   * value as read, without its quotes.
   */
  getJSONValue(): string {
    return (this.decoded ??= decodedJsonString(this.source.text.substring(this.start, this.end)) ?? this.value.substring(1, this.value.length - 1));
  }
}

function decodedJsonString(written: string): string | undefined {
  if (isPlainJsonString(written)) return written.substring(1, written.length - 1);
  try {
    const decoded: unknown = JSON.parse(written);
    return typeof decoded === 'string' ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** A quoted string without a backslash, a quote or a control character inside: JSON decodes it to what stands between its quotes. */
function isPlainJsonString(written: string): boolean {
  const last = written.length - 1;
  if (last < 1 || written.charCodeAt(0) !== 0x22 || written.charCodeAt(last) !== 0x22) return false;
  for (let i = 1; i < last; i++) {
    const c = written.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c) return false;
  }
  return true;
}

/** A `key=value` part of a flag's value, as in `--mount=type=secret,id=npm`. */
export class FlagOption {
  constructor(
    private readonly source: Source,
    readonly name: string,
    readonly value: string | null,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  getName(): string {
    return this.name;
  }

  getValue(): string | null {
    return this.value;
  }

  getValueRange(): Range | null {
    return this.value === null ? null : this.source.range(this.valueStart, this.valueEnd);
  }
}

/** What flags and ENV/ARG/LABEL pairs have in common: a name and a value, each with its range. */
abstract class NamedValue extends Span {
  declare readonly name: string;
  declare readonly value: string | null;
  declare private readonly nameStart: number;
  declare private readonly nameEnd: number;
  declare protected readonly valueStart: number;
  declare private readonly valueEnd: number;

  constructor(source: Source, start: number, end: number, name: string, nameStart: number, nameEnd: number, value: string | null, valueStart: number, valueEnd: number) {
    super(source, start, end);
    this.name = name;
    this.value = value;
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.valueStart = valueStart;
    this.valueEnd = valueEnd;
  }

  getName(): string {
    return this.name;
  }

  getNameRange(): Range {
    return this.source.range(this.nameStart, this.nameEnd);
  }

  getValue(): string | null {
    return this.value;
  }

  getValueRange(): Range | null {
    return this.value === null ? null : this.source.range(this.valueStart, this.valueEnd);
  }
}

/** A `--name[=value]` flag of an instruction; its value, when it has one, ends with the flag. */
export class Flag extends NamedValue {
  declare private cachedOptions: FlagOption[] | undefined;

  constructor(source: Source, start: number, end: number, name: string, nameStart: number, nameEnd: number, value: string | null, valueStart: number) {
    super(source, start, end, name, nameStart, nameEnd, value, valueStart, end);
    this.cachedOptions = undefined;
  }

  getOption(name: string): FlagOption | null {
    return this.getOptions().find((option) => option.name === name) ?? null;
  }

  getOptions(): FlagOption[] {
    return (this.cachedOptions ??= this.readOptions());
  }

  private readOptions(): FlagOption[] {
    const options: FlagOption[] = [];
    const value = this.value;
    if (value === null) return options;
    const option = (nameStart: number, valueStart: number, valueEnd: number) =>
      valueStart === -1
        ? new FlagOption(this.source, value.substring(nameStart, valueEnd), null, 0, 0)
        : new FlagOption(this.source, value.substring(nameStart, valueStart - 1), value.substring(valueStart, valueEnd), this.valueStart + valueStart, this.valueStart + valueEnd);
    let nameStart = -1;
    let valueStart = -1;
    let hasOptions = false;
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (c === '=') {
        hasOptions = true;
        if (valueStart === -1) valueStart = i + 1;
      } else if (c === ',') {
        options.push(option(nameStart, valueStart, i));
        nameStart = -1;
        valueStart = -1;
      } else if (nameStart === -1) nameStart = i;
    }
    if (hasOptions && nameStart !== -1) options.push(option(nameStart, valueStart, value.length));
    return options;
  }
}

/** A `NAME=value` (or legacy `NAME value`) of an ENV, ARG or LABEL. */
export class Property extends NamedValue {
  constructor(source: Source, argument: Argument, valueArgument?: Argument) {
    const nameEnd = propertyNameEnd(argument);
    let value: string | null = null;
    let valueStart = -1;
    let valueEnd = -1;
    if (valueArgument) {
      valueStart = valueArgument.start;
      valueEnd = valueArgument.end;
    } else if (nameEnd !== argument.end) {
      valueStart = argument.start + argument.value.indexOf('=') + 1;
      valueEnd = argument.end;
    }
    if (valueStart !== -1) value = unescapedValue(source.text.substring(valueStart, valueEnd), source.escape);
    const name = unescapedValue(source.text.substring(argument.start, nameEnd), source.escape);
    super(source, argument.start, valueArgument ? valueArgument.end : argument.end, name, argument.start, nameEnd, value, valueStart, valueEnd);
  }
}

/** A `# name=value` line at the top of the file: `syntax`, `escape`, `check`. */
export class ParserDirective extends Span {
  constructor(
    source: Source,
    start: number,
    end: number,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {
    super(source, start, end);
  }

  getName(): string {
    return this.source.text.substring(this.nameStart, this.nameEnd);
  }

  getNameRange(): Range {
    return this.source.range(this.nameStart, this.nameEnd);
  }

  getValue(): string {
    return this.source.text.substring(this.valueStart, this.valueEnd);
  }

  getValueRange(): Range {
    return this.source.range(this.valueStart, this.valueEnd);
  }
}

/** The instructions the builder knows. */
export const KNOWN_INSTRUCTIONS: ReadonlySet<string> = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN',
  'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

/**
 * A known keyword written in upper or lower case, and its upper case: the one string constant, which
 * takes no toUpperCase (a call into the runtime per instruction) and compares by identity with the
 * keywords the rules name.
 */
const KEYWORD_SPELLINGS = new Map([...KNOWN_INSTRUCTIONS].flatMap((keyword) => [[keyword, keyword], [keyword.toLowerCase(), keyword]]));

/** The known keywords by length. */
const KEYWORDS_BY_LENGTH: string[][] = [];
for (const keyword of KNOWN_INSTRUCTIONS) (KEYWORDS_BY_LENGTH[keyword.length] ??= []).push(keyword);

/** The text from `start` to `end`; a known keyword written in upper case (nearly all are) is its constant rather than a new string. */
function writtenKeyword(text: string, start: number, end: number): string {
  const candidates = KEYWORDS_BY_LENGTH[end - start];
  if (candidates) for (const keyword of candidates) if (text.startsWith(keyword, start)) return keyword;
  return text.substring(start, end);
}

/** Instructions whose leading `--flags` are flags rather than arguments, and where the flags stop. */
const FLAG_STOP: Record<string, ((argument: string) => boolean) | undefined> = {
  FROM: (argument) => !argument.includes('--'),
  RUN: (argument) => !argument.includes('--'),
  COPY: (argument) => !argument.includes('--'),
  ADD: (argument) => !argument.includes('--'),
  HEALTHCHECK: (argument) => {
    const upper = argument.toUpperCase();
    return upper === 'CMD' || upper === 'NONE';
  },
  CMD: () => true,
  ENTRYPOINT: () => true,
  SHELL: () => true,
  VOLUME: () => true,
};

const JSON_INSTRUCTIONS = new Set(['ADD', 'COPY', 'RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME']);
const PROPERTY_INSTRUCTIONS = new Set(['ARG', 'ENV', 'LABEL']);
const NO_FLAGS: Flag[] = [];
const NO_STRINGS: JSONArgument[] = [];

/**
 * One instruction: its keyword as written, the keyword's range and the whole instruction's range
 * (continuation lines and here-document bodies included). Every accessor computes once.
 */
export class Instruction extends Span {
  /** The keyword as written (escaped line breaks inside it removed). */
  declare readonly instruction: string;
  /** The keyword in upper case. */
  declare readonly keyword: string;
  /** Where the keyword ends. */
  declare readonly keywordEnd: number;
  declare private cachedInstructionRange: Range | undefined;
  declare private rawArguments: Argument[] | undefined;
  declare private flags: Flag[] | undefined;
  declare private arguments: Argument[] | undefined;
  declare private argumentsContent: string | null | undefined;
  declare private propertyArgs: Argument[] | undefined;
  declare private properties: Property[] | undefined;
  declare private jsonStrings: JSONArgument[] | undefined;
  declare private trigger: Instruction | null | undefined;
  /** For the instruction an ONBUILD registers: that ONBUILD. */
  declare onbuild: Instruction | undefined;

  constructor(source: Source, instruction: string, start: number, keywordEnd: number, end: number) {
    super(source, start, end);
    this.instruction = instruction;
    this.keyword = KEYWORD_SPELLINGS.get(instruction) ?? instruction.toUpperCase();
    this.keywordEnd = keywordEnd;
    this.cachedInstructionRange = undefined;
    this.rawArguments = undefined;
    this.flags = undefined;
    this.arguments = undefined;
    this.argumentsContent = undefined;
    this.propertyArgs = undefined;
    this.properties = undefined;
    this.jsonStrings = undefined;
    this.trigger = undefined;
    this.onbuild = undefined;
  }

  getInstruction(): string {
    return this.instruction;
  }

  getKeyword(): string {
    return this.keyword;
  }

  getInstructionRange(): Range {
    return (this.cachedInstructionRange ??= this.source.range(this.start, this.keywordEnd));
  }

  /** The arguments after the flags. */
  getArguments(): Argument[] {
    if (this.arguments === undefined) {
      const raw = this.getRawArguments();
      const flags = this.getFlags();
      this.arguments = flags.length === 0 ? raw : raw.slice(flags.length);
    }
    return this.arguments;
  }

  /** The flags of instructions that take some (FROM, RUN, COPY, ADD, HEALTHCHECK); none for the others. */
  getFlags(): Flag[] {
    if (this.flags === undefined) {
      const stop = FLAG_STOP[this.keyword];
      // Without the whole list read yet, only the arguments up to where the flags stop are: a RUN's flags are asked for far more than its words.
      this.flags = stop ? readFlags(this.source, this.rawArguments ?? readRawArguments(this.source, this.keywordEnd, this.end, stop), stop) : NO_FLAGS;
    }
    return this.flags;
  }

  /** The text of the arguments with continuations and comment lines removed; null without arguments. */
  getArgumentsContent(): string | null {
    if (this.argumentsContent === undefined) this.argumentsContent = argumentsContent(this.source, this.getArguments());
    return this.argumentsContent;
  }

  /** The strings of the JSON (exec) form; empty in the shell form and for instructions without one. */
  getJSONStrings(): JSONArgument[] {
    if (this.jsonStrings === undefined) this.jsonStrings = JSON_INSTRUCTIONS.has(this.keyword) ? readJsonStrings(this.source, this.getArguments()) : NO_STRINGS;
    return this.jsonStrings;
  }

  /** The pairs of an ENV, ARG or LABEL. */
  getProperties(): Property[] {
    if (this.properties === undefined) this.properties = PROPERTY_INSTRUCTIONS.has(this.keyword) ? readProperties(this.source, this.propertyArguments()) : [];
    return this.properties;
  }

  /** FROM: the image argument. */
  getImage(): string | null {
    return this.getArguments()[0]?.value ?? null;
  }

  getImageRange(): Range | null {
    return this.getArguments()[0]?.getRange() ?? null;
  }

  /** FROM: the name after `AS`, as written. */
  getBuildStage(): string | null {
    const args = this.getArguments();
    return args.length > 2 && args[1].value.length === 2 && args[1].value.toUpperCase() === 'AS' ? this.source.text.substring(args[2].start, args[2].end) : null;
  }

  /**
   * ONBUILD: the instruction it registers, which every build FROM this image runs (`ONBUILD RUN
   * make` → `RUN make`, its keyword and range those of the inner instruction); null otherwise.
   */
  getTrigger(): Instruction | null {
    if (this.trigger === undefined) {
      const inner = this.keyword === 'ONBUILD' ? this.getRawArguments()[0] : undefined;
      this.trigger = inner ? new Instruction(this.source, this.source.text.substring(inner.start, inner.end), inner.start, inner.end, this.end) : null;
      if (this.trigger) this.trigger.onbuild = this;
    }
    return this.trigger;
  }

  /** Every argument, flags included, split on unescaped whitespace. */
  getRawArguments(): Argument[] {
    return (this.rawArguments ??= readRawArguments(this.source, this.keywordEnd, this.end));
  }

  private propertyArguments(): Argument[] {
    return (this.propertyArgs ??= readPropertyArguments(this.source, this.start, this.keywordEnd, this.end));
  }
}

export type ModifiableInstruction = Instruction;
export type JSONInstruction = Instruction;
export type From = Instruction;
export type Run = Instruction;
export type Arg = Instruction;
export type Env = Instruction;

export class Dockerfile {
  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    private readonly instructions: Instruction[],
    private readonly directives: ParserDirective[],
    private readonly escape: string,
  ) {}

  getInstructions(): Instruction[] {
    return this.instructions;
  }

  getDirectives(): ParserDirective[] {
    return this.directives;
  }

  /** The escape character: `` ` `` or `\` as the escape directive sets, else `\`. */
  getEscapeCharacter(): string {
    return this.escape;
  }
}

/** Parses a Dockerfile; `lines` may be passed when the caller already indexed the text. */
export function parseDockerfileSyntax(text: string, lines = new LineIndex(text)): Dockerfile {
  const directives = readDirectives(text, lines);
  const escape = directives.map((directive) => (directive.getName().toLowerCase() === 'escape' ? directive.getValue() : '')).find((value) => value === '`' || value === '\\') ?? '\\';
  const reader = new InstructionReader(new Source(text, lines, escape));
  const instructions: Instruction[] = [];
  const offset = directives.length > 0 ? lines.offsetAt({ line: directives.length, character: 0 }) : text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isWhitespaceCode(c)) continue;
    if (c === HASH) i = reader.lineBreakFrom(i + 1);
    else i = readInstruction(reader, instructions, i);
  }
  return new Dockerfile(text, lines, instructions, directives, escape);
}

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const HASH = 0x23;
const DOLLAR = 0x24;
const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const isBlankCode = (c: number) => c === SPACE || c === TAB;
const isNewlineCode = (c: number) => c === CR || c === LF;
const isWhitespaceCode = (c: number) => isBlankCode(c) || isNewlineCode(c);

/**
 * Where a character next occurs from an offset on. The reader asks with growing offsets: the answer
 * is kept until an offset passes it, so each occurrence is searched for once, by indexOf, which runs
 * far faster than a loop over the characters in between.
 */
class NextOccurrence {
  private searchedFrom = Number.MAX_SAFE_INTEGER;
  private found = -1;

  constructor(
    private readonly text: string,
    private readonly char: string,
  ) {}

  /** The first offset at or after `offset` holding the character; -1 when there is none. */
  from(offset: number): number {
    if (offset < this.searchedFrom || (this.found !== -1 && this.found < offset)) {
      this.found = this.text.indexOf(this.char, offset);
      this.searchedFrom = offset;
    }
    return this.found;
  }
}

/** Reads the instructions of one text in order: where its line breaks, escapes and `<` are. */
class InstructionReader {
  readonly text: string;
  /** The escape character's code. */
  readonly escape: number;
  private readonly lineFeeds: NextOccurrence;
  private readonly carriageReturns: NextOccurrence;
  private readonly escapes: NextOccurrence;
  private readonly lessThans: NextOccurrence;

  constructor(readonly source: Source) {
    this.text = source.text;
    this.escape = source.escape.charCodeAt(0);
    this.lineFeeds = new NextOccurrence(source.text, '\n');
    this.carriageReturns = new NextOccurrence(source.text, '\r');
    this.escapes = new NextOccurrence(source.text, source.escape);
    this.lessThans = new NextOccurrence(source.text, '<');
  }

  /** The first line break (`\r` or `\n`) at or after `offset`; the text's length when there is none. */
  lineBreakFrom(offset: number): number {
    const at = earliest(this.lineFeeds.from(offset), this.carriageReturns.from(offset));
    return at === -1 ? this.text.length : at;
  }

  /** The first line break or escape character at or after `offset`; -1 when there is none. */
  lineBreakOrEscapeFrom(offset: number): number {
    return earliest(earliest(this.lineFeeds.from(offset), this.carriageReturns.from(offset)), this.escapes.from(offset));
  }

  /** Whether a `<` stands in [from, to): an argument starts a here-document only with `<<`, and most instructions have none. */
  hasHeredocMark(from: number, to: number): boolean {
    const at = this.lessThans.from(from);
    return at !== -1 && at < to;
  }
}

/** The smaller of two offsets, -1 standing for none. */
function earliest(a: number, b: number): number {
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/** The parser directives: `# name=value` lines before anything else, stopping at the first other line. */
function readDirectives(text: string, lines: LineIndex): ParserDirective[] {
  const directives: ParserDirective[] = [];
  const source = new Source(text, lines, '\\');
  directiveCheck: for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i];
    if (isBlank(c)) continue;
    if (c !== '#') break;
    let nameStart = -1;
    let nameEnd = -1;
    for (let j = i + 1; j < text.length; j++) {
      const d = text[j];
      if (isBlank(d)) {
        if (nameStart !== -1 && nameEnd === -1) nameEnd = j;
      } else if (isNewline(d)) {
        break directiveCheck;
      } else if (d === '=') {
        let valueStart = -1;
        let valueEnd = -1;
        if (nameEnd === -1) nameEnd = j;
        let lineEnd = text.length;
        for (let k = j + 1; k < text.length; k++) {
          const e = text[k];
          if (isNewline(e)) {
            if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
            lineEnd = k;
            break;
          } else if (isBlank(e)) {
            if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
          } else if (valueStart === -1) valueStart = k;
        }
        if (nameStart === -1) break directiveCheck;
        if (valueStart === -1) {
          valueStart = j + 1;
          valueEnd = lineEnd;
        } else if (valueEnd === -1) valueEnd = text.length;
        directives.push(new ParserDirective(source, i, lineEnd, nameStart, nameEnd, valueStart, valueEnd));
        i = text[valueEnd] === '\r' ? valueEnd + 1 : valueEnd;
        continue directiveCheck;
      } else if (nameStart === -1) nameStart = j;
    }
    break;
  }
  return directives;
}

/** Reads the instruction starting at `start`, adds it, and returns the offset where it ends. */
function readInstruction(reader: InstructionReader, instructions: Instruction[], start: number): number {
  const text = reader.text;
  const source = reader.source;
  const escape = reader.escape;
  // The keyword is the text from `start` to `appendedEnd` while its characters follow each other; else it is
  // built up in `built`. Plain locals, not a closure over them: that cost an allocation per instruction.
  let built: string | undefined;
  let appendedEnd = start + 1;
  let keywordEnd = -1;
  let escaped = false;
  keywordCheck: for (let i = start + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === escape) {
      escaped = true;
      const next = text.charCodeAt(i + 1);
      if (isNewlineCode(next)) {
        if (keywordEnd === -1) keywordEnd = i;
        i++;
      } else if (isBlankCode(next)) {
        for (let j = i + 2; j < text.length; j++) {
          const d = text.charCodeAt(j);
          if (isBlankCode(d)) continue;
          if (isNewlineCode(d)) {
            i = j;
            continue keywordCheck;
          }
          keywordEnd = i + 1;
          built = (built ?? text.substring(start, appendedEnd)) + source.escape;
          i = j - 2;
          continue keywordCheck;
        }
        keywordEnd = i + 1;
        built = (built ?? text.substring(start, appendedEnd)) + source.escape;
        break keywordCheck;
      } else {
        keywordEnd = i + 1;
        built = (built ?? text.substring(start, appendedEnd)) + source.escape;
        escaped = false;
      }
    } else if (isBlankCode(c)) {
      if (escaped) {
        let onlyBlanks = false;
        for (let j = i + 1; j < text.length; j++) {
          const d = text.charCodeAt(j);
          if (isBlankCode(d)) continue;
          if (isNewlineCode(d)) {
            i = j;
            onlyBlanks = true;
          }
          break;
        }
        if (onlyBlanks) continue keywordCheck;
        escaped = false;
      }
      if (keywordEnd === -1) keywordEnd = i;
      const keyword = built ?? writtenKeyword(text, start, appendedEnd);
      const end = argumentsEnd(reader, keyword, start, keywordEnd, i);
      instructions.push(new Instruction(source, keyword, start, keywordEnd, end));
      return end;
    } else if (isNewlineCode(c)) {
      if (escaped) continue;
      if (keywordEnd === -1) keywordEnd = i;
      instructions.push(new Instruction(source, built ?? writtenKeyword(text, start, appendedEnd), start, keywordEnd, i));
      return i;
    } else if (c === HASH && escaped) {
      continue;
    } else {
      keywordEnd = i + 1;
      if (built === undefined && i === appendedEnd) appendedEnd++;
      else built = (built ?? text.substring(start, appendedEnd)) + text[i];
      escaped = false;
    }
  }
  if (keywordEnd === -1) keywordEnd = text.length;
  instructions.push(new Instruction(source, built ?? writtenKeyword(text, start, appendedEnd), start, keywordEnd, text.length));
  return text.length;
}

/** Where the arguments of an instruction end: the first unescaped line break, after any here-documents. */
function argumentsEnd(reader: InstructionReader, keyword: string, start: number, keywordEnd: number, offset: number): number {
  const text = reader.text;
  const escape = reader.escape;
  let escaped = false;
  argumentsCheck: for (let i = offset + 1; i < text.length; i++) {
    if (!escaped) {
      // Outside a continuation only a line break or an escape can end or continue the instruction: what lies between is skipped in one search.
      i = reader.lineBreakOrEscapeFrom(i);
      if (i === -1) return text.length;
    }
    const c = text.charCodeAt(i);
    if (isNewlineCode(c)) {
      if (escaped) continue;
      return reader.hasHeredocMark(keywordEnd, i) ? heredocsEnd(reader.source, new Instruction(reader.source, keyword, start, keywordEnd, i), i) : i;
    } else if (c === escape) {
      const next = text.charCodeAt(i + 1);
      if (isNewlineCode(next)) {
        escaped = true;
        i++;
      } else if (isBlankCode(next)) {
        for (let j = i + 2; j < text.length; j++) {
          const d = text.charCodeAt(j);
          if (isBlankCode(d)) continue;
          if (isNewlineCode(d)) escaped = true;
          i = j;
          continue argumentsCheck;
        }
        return text.length;
      }
    } else if (c === HASH) {
      if (escaped) i = reader.lineBreakFrom(i + 1);
    } else if (!isBlankCode(c)) escaped = false;
  }
  return text.length;
}

/** After the first line of a RUN, COPY or ADD (or an ONBUILD of one) come the bodies of its here-documents. */
function heredocsEnd(source: Source, instruction: Instruction, offset: number): number {
  const text = source.text;
  const target = instruction.keyword === 'ONBUILD' ? instruction.getTrigger() : instruction;
  if (!target) return offset;
  if (target.keyword !== 'ADD' && target.keyword !== 'COPY' && target.keyword !== 'RUN') return offset;
  const names: string[] = [];
  let tabbed = false;
  for (const argument of target.getArguments()) {
    const value = argument.value;
    if (value.startsWith('<<') && value.length > 2) {
      if (value.startsWith('<<-')) tabbed = true;
      const name = heredocName(value);
      if (name !== null) names.push(name);
    }
  }
  for (const name of names) offset = heredocEnd(text, name, offset, tabbed);
  return offset;
}

/** The delimiter of `<<NAME`, `<<-NAME`, `<<"NAME"`, `<<'NAME'`; null for a malformed one. */
export function heredocName(argument: string): string | null {
  let value = argument.substring(2);
  if (value[0] === '-') value = value.substring(1);
  if (value[0] === '"') {
    if (value[value.length - 1] !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value[0] === "'") {
    if (value[value.length - 1] !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value[0] === '<') return null;
  return value;
}

/** The offset of the line break ending the line that closes the here-document `name`, else the end of the text. */
function heredocEnd(text: string, name: string, offset: number, tabbed: boolean): number {
  let wordStart = -1;
  let lineStart = true;
  for (let i = offset; i < text.length; i++) {
    const c = text[i];
    if (c === ' ') lineStart = false;
    else if (c === '\t') {
      if (!tabbed) lineStart = false;
    } else if (isNewline(c)) {
      if (wordStart !== -1 && text.substring(wordStart, i) === name) return i;
      wordStart = -1;
      lineStart = true;
    } else if (lineStart) {
      wordStart = i;
      lineStart = false;
    }
  }
  return text.length;
}

/**
 * The arguments of an instruction (from the end of its keyword to its end), split on whitespace
 * that is not escaped, with continuation lines and the comment lines inside them skipped. The escape
 * character is dropped from the value (kept before `$`); quotes are kept. With `stopAfter`, only the
 * arguments up to the first it accepts.
 */
function readRawArguments(source: Source, from: number, to: number, stopAfter?: (argument: string) => boolean): Argument[] {
  // Offsets are the text's own: the characters are read from it by code, not cut out first.
  const text = source.text;
  const escape = source.escape.charCodeAt(0);
  const args = new ArgumentsRead(source, from, stopAfter);
  const codeAt = (i: number) => (i < to ? text.charCodeAt(i) : NaN);
  let start = false;
  let comment = false;
  // A blank that belongs to an escaped line break, and whether we are inside such a sequence.
  let escapedWhitespaceDetected = false;
  let escaping = false;
  let escapeMarker = -1;
  for (let i = from; i < to && !args.stopped; i++) {
    const c = text.charCodeAt(i);
    if (isWhitespaceCode(c)) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (isNewlineCode(c)) {
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (args.found !== -1) {
        args.push(escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
      }
    } else if (c === escape) {
      const next = codeAt(i + 1);
      if (isBlankCode(next)) {
        for (let j = i + 2; j < to; j++) {
          const d = text.charCodeAt(j);
          if (isBlankCode(d)) continue;
          if (isNewlineCode(d)) {
            if (d === CR) j++;
            comment = false;
            escaping = true;
            start = true;
            if (args.found !== -1) escapeMarker = i;
            i = j;
          } else {
            escapeMarker = i;
            if (args.found === -1) i = j - 1;
          }
          break;
        }
      } else if (isNewlineCode(next)) {
        comment = false;
        escaping = true;
        start = true;
        if (args.found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += next === CR ? 2 : 1;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) args.push(escapeMarker);
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (i + 1 === to) break;
        if (next === DOLLAR) args.keep(i);
        args.keep(i + 1);
        if (args.found === -1) args.found = i;
        i++;
      }
    } else if (!comment) {
      if (start && c === HASH) {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) args.push(escapeMarker);
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        args.keep(i);
        if (args.found === -1) args.found = i;
      }
      start = false;
    }
  }
  if (args.found !== -1 && !args.stopped) args.push(escapeMarker === -1 ? to : escapeMarker);
  return args.list;
}

/**
 * The arguments readRawArguments has read, and the one it is reading: its start and its value,
 * kept as runs of the text joined when it ends (the text less what escapes drop). One object per
 * instruction rather than closures over the reader's variables.
 */
class ArgumentsRead {
  readonly list: Argument[] = [];
  /** Where the argument being read starts; -1 between arguments. */
  found = -1;
  /** `stopAfter` accepted the last argument: read no further. */
  stopped = false;
  private value = '';
  private runStart = -1;
  private runEnd = -1;

  constructor(
    private readonly source: Source,
    private readonly from: number,
    private readonly stopAfter: ((argument: string) => boolean) | undefined,
  ) {}

  /** Keeps the character at `i` in the value. */
  keep(i: number): void {
    if (this.runEnd !== i) {
      if (this.runStart !== -1) this.value += this.source.text.substring(this.runStart, this.runEnd);
      this.runStart = i;
    }
    this.runEnd = i + 1;
  }

  /** Ends the argument at `end`. */
  push(end: number): void {
    if (this.runStart !== -1) this.value += this.source.text.substring(this.runStart, this.runEnd);
    // An argument ended before any character of it was read (after an escaped blank) starts just before the arguments, as in dockerfile-ast.
    this.list.push(new Argument(this.source, this.value, this.found === -1 ? this.from - 1 : this.found, end));
    if (this.stopAfter?.(this.value)) this.stopped = true;
    this.value = '';
    this.runStart = this.runEnd = this.found = -1;
  }
}

/** The leading `--name[=value]` arguments, up to the first argument `stop` accepts. */
function readFlags(source: Source, args: Argument[], stop: (argument: string) => boolean): Flag[] {
  const flags: Flag[] = [];
  for (const argument of args) {
    const value = argument.value;
    if (stop(value)) break;
    if (!value.startsWith('--')) continue;
    const raw = source.text.substring(argument.start, argument.end);
    const nameIndex = value.indexOf('=');
    const index = raw.indexOf('=');
    let dashes = 0;
    let nameStart = -1;
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c === '\\' || isWhitespace(c)) continue;
      if (c === '-' && dashes < 2) {
        dashes++;
        continue;
      }
      nameStart = i;
      break;
    }
    const start = argument.start;
    if (index === -1) {
      flags.push(new Flag(source, start, argument.end, value.substring(2), start + nameStart, argument.end, null, 0));
    } else if (index === value.length - 1) {
      flags.push(new Flag(source, start, argument.end, value.substring(2, index), start + nameStart, start + index, '', argument.end));
    } else {
      flags.push(new Flag(source, start, argument.end, value.substring(2, nameIndex), start + nameStart, start + index, value.substring(nameIndex + 1), start + index + 1));
    }
  }
  return flags;
}

/** The text of the arguments, line by line: continuation lines from their start, comment lines left out. */
function argumentsContent(source: Source, args: Argument[]): string | null {
  if (args.length === 0) return null;
  const text = source.text;
  const escape = source.escape;
  const offset = args[0].start;
  const lastEnd = args[args.length - 1].end;
  if (source.lines.lineAt(offset) === source.lines.lineAt(lastEnd)) return text.substring(offset, lastEnd);
  const s = text.substring(offset, lastEnd);
  let content = '';
  let end = -1;
  let startOffset: number | null = offset;
  let comment = false;
  const lineBreak = () => {
    if (startOffset !== null) content += text.substring(startOffset, offset + end + 1);
    startOffset = null;
    comment = false;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === escape) {
      const next = s.charAt(i + 1);
      if (isBlank(next)) {
        for (let j = i + 2; j < s.length; j++) {
          const d = s[j];
          if (isBlank(d)) continue;
          if (isNewline(d)) {
            if (d === '\r') j++;
            lineBreak();
            i = j;
          }
          break;
        }
      } else if (next === '\r') {
        lineBreak();
        i += 2;
      } else if (next === '\n') {
        lineBreak();
        i++;
      } else i++;
    } else if (isNewline(c)) {
      if (comment) {
        startOffset = null;
        comment = false;
      }
    } else if (!comment) {
      if (startOffset === null) {
        if (c === '#') {
          comment = true;
          continue;
        }
        const lineStart = source.lineStart(offset + i);
        if (lineStart !== offset + i) startOffset = lineStart;
      }
      end = i;
    }
  }
  content += startOffset === null ? text.substring(offset + end, offset + end + 1) : text.substring(startOffset, offset + end + 1);
  return content;
}

/** The strings of `["a", "b"]` when the arguments are a JSON array (read as dockerfile-ast reads it). */
function readJsonStrings(source: Source, args: Argument[]): JSONArgument[] {
  if (args.length === 0) return NO_STRINGS;
  if ((args.length === 1 && args[0].value === '[]') || (args.length === 2 && args[0].value === '[' && args[1].value === ']')) return NO_STRINGS;
  const offset = args[0].start;
  const s = source.text.substring(offset, args[args.length - 1].end);
  const strings: JSONArgument[] = [];
  let start = -1;
  let last = '';
  let quoted = false;
  let value = '';
  // Skips an escaped line break (escape, blanks, line break) at `from`; returns its last offset or -1.
  const lineBreakAt = (from: number): number => {
    for (let j = from; j < s.length; j++) {
      const d = s[j];
      if (d === '\r') return j + 1;
      if (d === '\n') return j;
      if (!isBlank(d)) return -1;
    }
    return -1;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '[') {
      if (last === '') last = '[';
      else if (quoted) value += c;
      else break;
    } else if (c === '"') {
      if (last === '[' || last === ',') {
        start = i;
        quoted = true;
        last = '"';
        value += c;
      } else if (last === '"' && quoted) {
        value += c;
        quoted = false;
        strings.push(new JSONArgument(source, value, offset + start, offset + i + 1));
        value = '';
      } else break;
    } else if (c === ',') {
      if (quoted) value += c;
      else if (last === '"') last = ',';
      else break;
    } else if (c === ']') {
      if (quoted) value += c;
      else if (last !== '') break;
    } else if (isBlank(c)) {
      continue;
    } else if (c === '\\') {
      if (quoted) {
        const next = s.charAt(i + 1);
        if (next === '"' || next === '\\') {
          value += next;
          i++;
          continue;
        }
        if (isBlank(next)) {
          const end = lineBreakAt(i + 2);
          if (end !== -1) {
            i = end;
            continue;
          }
          break;
        }
        i += next === '\r' ? 2 : 1;
        continue;
      }
      const end = lineBreakAt(i + 1);
      if (end === -1) break;
      i = end;
    } else if (!quoted) {
      break;
    } else value += c;
  }
  return strings;
}

/** ENV/ARG/LABEL pairs: `a=b c=d`, or the legacy `NAME value with spaces` (one pair, the rest is the value). */
function readProperties(source: Source, args: Argument[]): Property[] {
  if (args.length === 0) return [];
  if (args.length === 1) return [new Property(source, args[0])];
  if (!args[0].value.includes('=')) {
    if (args.length === 2) return [new Property(source, args[0], args[1])];
    const first = args[1].start;
    const last = args[args.length - 1].end;
    return [new Property(source, args[0], new Argument(source, source.text.substring(first, last), first, last))];
  }
  return args.map((argument) => new Property(source, argument));
}

/** Where the name of `NAME=value` ends: at the `=`, unless the `=` is inside a quoted name. */
function propertyNameEnd(argument: Argument): number {
  const value = argument.value;
  const index = value.indexOf('=');
  if (index !== -1) {
    const initial = value[0];
    const before = value[index - 1];
    if ((initial === '"' && before === '"') || (initial === "'" && before === "'") || (initial !== '"' && initial !== "'")) return argument.start + index;
  }
  return argument.end;
}

/** Skips leading blanks and escaped line breaks; -1 when nothing else is left. */
function leadingNonWhitespace(content: string, escape: string): number {
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (isBlank(c)) continue;
    if (c !== escape) return i;
    let next = -1;
    for (let j = i + 1; j < content.length; j++) {
      const d = content[j];
      if (isBlank(d)) continue;
      if (d === '\r') next = j + 1;
      else if (d === '\n') next = j;
      break;
    }
    if (next === -1) return -1;
    i = next;
  }
  return -1;
}

/**
 * The arguments of an ENV, ARG or LABEL: split on blanks outside quotes and `${…}`, where a blank on a
 * continuation line only separates when it stands between two words of that line.
 */
function readPropertyArguments(source: Source, instructionStart: number, keywordEnd: number, end: number): Argument[] {
  const text = source.text;
  const escape = source.escape;
  const escapeCode = escape.charCodeAt(0);
  const args: Argument[] = [];
  const fullArgs = text.substring(keywordEnd, end);
  const start = leadingNonWhitespace(fullArgs, escape);
  if (start === -1) return args;
  const base = keywordEnd + start;
  let escaped = source.lines.lineAt(instructionStart) !== source.lines.lineAt(base);
  let endingEscape = false;
  let mark = -1;
  const trailing = trailingNonWhitespace(fullArgs, escape);
  const content = fullArgs.substring(start, trailing + 1);
  // Where `content` starts in the text (substring swaps its bounds when they are reversed): its characters are read from the text by code.
  const contentAt = keywordEnd + Math.min(start, trailing + 1, fullArgs.length);
  const codeAt = (i: number) => (i < content.length ? text.charCodeAt(contentAt + i) : NaN);
  let argStart = escaped ? -1 : 0;
  let spaced = false;
  const push = (from: number, to: number) => args.push(new Argument(source, content.substring(from, to), base + from, base + to));
  const spacedArgument = () => {
    if (argStart !== -1) push(argStart, mark);
  };
  argumentLoop: for (let i = 0; i < content.length; i++) {
    const c = text.charCodeAt(contentAt + i);
    if (c === escapeCode) {
      if (i + 1 === content.length) {
        endingEscape = true;
        break;
      }
      if (!escaped) mark = i;
      const next = text.charCodeAt(contentAt + i + 1);
      if (isBlankCode(next)) {
        if (!isWhitespaceCode(codeAt(i + 2))) {
          i++;
          continue;
        }
        let lineBreak = false;
        for (let j = i + 2; j < content.length; j++) {
          const d = text.charCodeAt(contentAt + j);
          if (isBlankCode(d)) continue;
          if (isNewlineCode(d)) {
            escaped = true;
            i = d === CR ? j + 1 : j;
            lineBreak = true;
          } else {
            args.push(new Argument(source, content.substring(argStart, i), base + argStart, base + i + 2));
            argStart = j;
          }
          break;
        }
        if (lineBreak) continue;
        i = argStart - 1;
      } else if (isNewlineCode(next)) {
        escaped = true;
        i += next === CR ? 2 : 1;
      } else {
        if (argStart === -1) argStart = i;
        if (next === escapeCode) i++;
      }
    } else if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) {
      if (spaced) {
        spacedArgument();
        argStart = i;
        spaced = false;
      }
      if (argStart === -1) argStart = i;
      for (let j = i + 1; j < content.length; j++) {
        const d = text.charCodeAt(contentAt + j);
        if (d === c) {
          if (j + 1 < content.length && codeAt(j + 1) !== SPACE) {
            i = j;
            continue argumentLoop;
          }
          push(argStart, j + 1);
          i = j;
          argStart = -1;
          continue argumentLoop;
        } else if (d === escapeCode) j++;
      }
      break;
    } else if (isBlankCode(c)) {
      if (escaped) {
        if (argStart !== -1) spaced = true;
      } else if (argStart !== -1) {
        push(argStart, i);
        argStart = -1;
      }
    } else if (isNewlineCode(c)) {
      if (c === CR) i++;
      spaced = false;
    } else if (c === HASH && escaped) {
      for (let j = i + 1; j < content.length; j++) {
        const d = text.charCodeAt(contentAt + j);
        if (isNewlineCode(d)) {
          i = d === CR ? j + 1 : j;
          spaced = false;
          continue argumentLoop;
        }
      }
      if (argStart !== -1) {
        push(argStart, mark);
        argStart = -1;
      }
      break;
    } else if (c === HASH) {
      if (argStart === -1) argStart = i;
    } else {
      if (spaced) {
        spacedArgument();
        argStart = i;
        spaced = false;
      }
      escaped = false;
      if (argStart === -1) argStart = i;
      if (c === DOLLAR && codeAt(i + 1) === OPEN_BRACE) {
        let singleQuotes = false;
        let doubleQuotes = false;
        let escapedInVariable = false;
        for (let j = i + 1; j < content.length; j++) {
          const d = text.charCodeAt(contentAt + j);
          if (d === escapeCode) escapedInVariable = true;
          else if (isNewlineCode(d)) continue;
          else if (d === SINGLE_QUOTE) {
            singleQuotes = !singleQuotes;
            escapedInVariable = false;
          } else if (d === DOUBLE_QUOTE) {
            doubleQuotes = !doubleQuotes;
            escapedInVariable = false;
          } else if (isBlankCode(d)) {
            if (escapedInVariable || singleQuotes || doubleQuotes) continue;
            i = j - 1;
            continue argumentLoop;
          } else if (d === CLOSE_BRACE) {
            i = j;
            continue argumentLoop;
          } else escapedInVariable = false;
        }
        break;
      }
    }
  }
  if (argStart !== -1 && argStart !== content.length) {
    const last = endingEscape ? content.length - 1 : content.length;
    push(argStart, last);
  }
  return args;
}

/** The last character that is not a blank, a line break or an escape before a line break; the length when none. */
function trailingNonWhitespace(content: string, escape: string): number {
  for (let i = content.length - 1; i >= 0; i--) {
    const c = content[i];
    if (isBlank(c)) continue;
    if (isNewline(c)) {
      if (c === '\n' && content[i - 1] === '\r') i--;
      for (let j = i - 1; j >= 0; j--) {
        const d = content[j];
        if (isWhitespace(d) || d === escape) continue;
        return j;
      }
      return content.length;
    }
    return i;
  }
  return content.length;
}

/** Whether a written name or value holds a line break, a `#` or the escape character: the characters unescapedValue resolves. */
function hasLineBreakCommentOrEscape(written: string, escape: number): boolean {
  for (let i = 0; i < written.length; i++) {
    const c = written.charCodeAt(i);
    if (c === CR || c === LF || c === HASH || c === escape) return true;
  }
  return false;
}

/**
 * A property's name or value with escapes resolved, enclosing quotes removed, and the comment lines
 * and blanks of continuation lines dropped.
 */
function unescapedValue(written: string, escape: string): string {
  const skip = leadingNonWhitespace(written, escape);
  if (!hasLineBreakCommentOrEscape(written, escape.charCodeAt(0))) {
    // Nothing to resolve: the value is the text, less its enclosing quotes.
    const value = written.substring(skip);
    const first = value[0];
    const quoted = (first === "'" || first === '"') && value[value.length - 1] === first && (first === "'" || value.length > 1);
    return quoted ? value.substring(1, value.length - 1) : value;
  }
  let escaped = false;
  if (skip !== 0 && written.charAt(skip) === '#') escaped = true;
  // substring(-1) is the whole text: a value of blanks only is kept as written.
  let value = written.substring(skip);
  const first = value.charAt(0);
  const last = value.charAt(value.length - 1);
  const literal = first === "'" || first === '"';
  const inSingle = first === "'" && last === "'";
  let inDouble = false;
  if (first === '"') {
    for (let i = 1; i < value.length; i++) {
      if (value[i] === escape) i++;
      else if (value[i] === '"' && i === value.length - 1) inDouble = true;
    }
  }
  if (inSingle || inDouble) value = value.substring(1, value.length - 1);
  let commentCheck = -1;
  let result = '';
  parseValue: for (let i = 0; i < value.length; i++) {
    let c = value[i];
    if (c === escape) {
      if (i + 1 === value.length) {
        result += escape;
        break;
      }
      c = value[i + 1];
      if (isBlank(c)) {
        for (let j = i + 2; j < value.length; j++) {
          const d = value[j];
          if (isBlank(d)) continue;
          if (isNewline(d)) {
            escaped = true;
            i = d === '\r' ? j + 1 : j;
            continue parseValue;
          }
          if (!inDouble && !inSingle && !literal) {
            if (d === escape) {
              result += c;
              i = i + 1;
            } else {
              result += c + d;
              i = j;
            }
            continue parseValue;
          }
          break;
        }
      }
      if (inDouble) {
        if (c === '\r') {
          escaped = true;
          i += 2;
        } else if (c === '\n') {
          escaped = true;
          i++;
        } else if (c !== '"') {
          if (c === escape) i++;
          result += escape;
        }
      } else if (inSingle || literal) {
        if (c === '\r') {
          escaped = true;
          i += 2;
        } else if (c === '\n') {
          escaped = true;
          i++;
        } else result += escape;
      } else if (c === escape) {
        result += escape;
        i++;
      } else if (c === '\r') {
        escaped = true;
        i += 2;
      } else if (c === '\n') {
        escaped = true;
        i++;
      } else {
        result += c;
        i++;
      }
    } else if (isBlank(c)) {
      if (escaped && commentCheck === -1) commentCheck = i;
      result += c;
    } else if (isNewline(c)) {
      if (c === '\r') i++;
      if (escaped && commentCheck !== -1) {
        result = result.substring(0, result.length - (i - commentCheck - 1));
        commentCheck = -1;
      }
    } else if (c === '#' && escaped) {
      if (commentCheck !== -1) {
        result = result.substring(0, result.length - (i - commentCheck));
        commentCheck = -1;
      }
      for (let j = i + 1; j < value.length; j++) {
        const d = value[j];
        if (isNewline(d)) {
          i = d === '\r' ? j + 1 : j;
          break;
        }
      }
    } else {
      if (escaped) {
        escaped = false;
        commentCheck = -1;
      }
      result += c;
    }
  }
  return result;
}
