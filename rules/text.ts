import type { Position, Range } from './types';

/** Maps string offsets to LSP positions and back; `\r\n`, `\n` and `\r` all end a line, as in LSP. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    if (text.indexOf('\r') === -1) {
      // Most files end their lines with `\n` alone: indexOf finds each far faster than a loop over every character.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      } else if (c === 10 /* \n */) {
        this.lineStarts.push(i + 1);
      }
    }
  }

  private eol: string | undefined;

  /** The line break the document already uses, so an inserted line matches its neighbours (looked up once: callers ask per finding). */
  get lineBreak(): string {
    this.eol ??= /\r\n/.test(this.text) ? '\r\n' : '\n';
    return this.eol;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = this.clamp(offset);
    const line = this.lineOfClamped(clamped);
    return { line, character: clamped - this.lineStarts[line] };
  }

  /** The offset where the line of `positionAt(offset)` starts, without making the position. */
  lineStartAt(offset: number): number {
    return this.lineStarts[this.lineOfClamped(this.clamp(offset))];
  }

  /**
   * `lineAt(offset)` for an offset on `line` or after it: found walking forward from that line, one step
   * per line passed, which costs less than a search when a caller goes through the text in order.
   */
  lineAtFrom(offset: number, line: number): number {
    const clamped = this.clamp(offset);
    while (line + 1 < this.lineStarts.length && this.lineStarts[line + 1] <= clamped) line++;
    return line;
  }

  /** The line of `positionAt(offset)`, without making the position. */
  lineAt(offset: number): number {
    return this.lineOfClamped(this.clamp(offset));
  }

  private clamp(offset: number): number {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // Between the `\r` and `\n` of a line break (a parser's error span can end there) is the end of that line.
    return this.text.charCodeAt(clamped) === 10 && this.text.charCodeAt(clamped - 1) === 13 ? clamped - 1 : clamped;
  }

  private lineOfClamped(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, position.line)];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The offset just before the line break of `line`. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }
}

export function lineRange(index: LineIndex, line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: index.lineText(line).length } };
}

/** Deeper `[`/`{` nesting than any real file has; the parsers are recursive and slow to fail beyond it. */
export const MAX_BRACKET_DEPTH = 1000;

/**
 * The offset of the first `[` or `{` that opens more than `limit` JSON or YAML flow collections at once, or
 * undefined. It counts brackets anywhere, quoted or not: an approximation that only errs towards
 * depths no real file reaches.
 */
export function bracketNestingBeyond(text: string, limit: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x5b || code === 0x7b) {
      if (++depth > limit) return i;
    } else if ((code === 0x5d || code === 0x7d) && depth > 0) depth--;
  }
  return undefined;
}

/**
 * `text` without its trailing run of `chars`: what `text.replace(/[chars]+$/, '')` gives, without the
 * quadratic time that regex takes on a long run of them followed by anything else (it retries the run
 * from each of its characters).
 */
export function trimEndOf(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1])) end--;
  return text.slice(0, end);
}

/** The characters a regex `.` does not match. */
const LINE_TERMINATORS = '\n\r\u2028\u2029';

/**
 * `text` cut before its first character among `chars` on its last line: what
 * `text.replace(/[chars].*$/, '')` gives (`.` stops at a line break), without that regex's quadratic
 * retries on many such characters before a line break.
 */
export function cutAtFirstOf(text: string, chars: string): string {
  const lineStart = lastLineStart(text);
  for (let i = lineStart; i < text.length; i++) if (chars.includes(text[i])) return text.slice(0, i);
  return text;
}

/** The text after the last line break: the only part a regex `.*$` can span. */
export function lastLineOf(text: string): string {
  return text.slice(lastLineStart(text));
}

function lastLineStart(text: string): number {
  let start = text.length;
  while (start > 0 && !LINE_TERMINATORS.includes(text[start - 1])) start--;
  return start;
}
