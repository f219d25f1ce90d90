import type { Scalar } from 'yaml';
import { OffsetMap } from './offset-map';

/**
 * The value of a YAML string scalar with the document offset of each of its characters: a shell
 * script in a CI file (`run: |`, `script:`) is parsed from its value, and every word it holds is
 * mapped back through the scalar's own syntax (block indentation, folding, chomping, quotes and
 * escapes) to where it is written.
 */
export interface MappedText {
  source: string;
  map: OffsetMap;
}

class MappedBuilder implements MappedText {
  source = '';
  readonly map = new OffsetMap();

  add(text: string, offset: number): void {
    this.map.addRun(this.source.length, offset);
    this.source += text;
  }
}

interface Line {
  /** Offsets of the line's characters, its line break excluded. */
  from: number;
  to: number;
  /** Offset of its line break (the end of the text for the last line). */
  end: number;
}

function linesOf(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === '\n') {
      const end = i > start && text[i - 1] === '\r' ? i - 1 : i;
      lines.push({ from: start, to: end, end: i === to ? to : end });
      start = i + 1;
    }
  }
  return lines;
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/**
 * The scalar's value with the offsets of its characters. When the value worked out here is not the
 * one the YAML parser read (a form this does not follow), every character is placed at the
 * scalar's start: the findings stay in the right place, if less precisely.
 */
export function mappedScalar(text: string, scalar: Scalar): MappedText | undefined {
  if (typeof scalar.value !== 'string' || !scalar.range) return undefined;
  const [start, valueEnd] = scalar.range;
  let mapped: MappedText | undefined;
  switch (scalar.type) {
    case 'PLAIN':
      mapped = flowScalar(text, start, valueEnd, 'plain');
      break;
    case 'QUOTE_SINGLE':
      mapped = flowScalar(text, start + 1, valueEnd - 1, 'single');
      break;
    case 'QUOTE_DOUBLE':
      mapped = flowScalar(text, start + 1, valueEnd - 1, 'double');
      break;
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      mapped = blockScalar(text, start, valueEnd, scalar.type === 'BLOCK_FOLDED');
      break;
  }
  if (mapped && mapped.source === scalar.value) return mapped;
  const map = new OffsetMap();
  for (let i = 0; i < scalar.value.length; i++) map.addRun(i, start);
  return { source: scalar.value, map };
}

/** A plain or quoted scalar: lines folded (a line break is a space, each empty line a newline), quotes and escapes read. */
function flowScalar(text: string, from: number, to: number, style: 'plain' | 'single' | 'double'): MappedText {
  const out = new MappedBuilder();
  const lines = linesOf(text, from, to);
  let emptyLines = 0;
  let joinWithNothing = false;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    let first = line.from;
    let last = line.to;
    if (k > 0) while (first < last && isBlank(text[first])) first++;
    if (k < lines.length - 1) while (last > first && isBlank(text[last - 1])) last--;
    // An escaped line break (`\` at the end of a double-quoted line) joins the lines with nothing.
    let escapedBreak = false;
    if (style === 'double' && k < lines.length - 1) {
      let backslashes = 0;
      while (last - backslashes > first && text[last - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 1) {
        escapedBreak = true;
        last--;
      }
    }
    const empty = first === last && !escapedBreak;
    if (k > 0 && empty && k < lines.length - 1) {
      emptyLines++;
      continue;
    }
    if (k > 0 && !joinWithNothing) {
      const previousBreak = lines[k - 1 - emptyLines].end;
      if (emptyLines === 0) out.add(' ', previousBreak);
      else for (let e = 0; e < emptyLines; e++) out.add('\n', lines[k - emptyLines + e].end);
    }
    emptyLines = 0;
    joinWithNothing = escapedBreak;
    readFlowLine(text, first, last, style, out);
  }
  return out;
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '"': '"', '/': '/', '\\': '\\',
  N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029',
};

function readFlowLine(text: string, from: number, to: number, style: 'plain' | 'single' | 'double', out: MappedBuilder): void {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (style === 'single' && c === "'" && text[i + 1] === "'") {
      out.add("'", i);
      i++;
    } else if (style === 'double' && c === '\\' && i + 1 < to) {
      const next = text[i + 1];
      const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
      if (hex > 0) {
        const code = Number.parseInt(text.slice(i + 2, i + 2 + hex), 16);
        out.add(Number.isNaN(code) ? next : String.fromCodePoint(code), i);
        i += 1 + hex;
      } else {
        out.add(DOUBLE_ESCAPES[next] ?? next, i);
        i++;
      }
    } else out.add(c, i);
  }
}

/**
 * A block scalar (`|` literal, `>` folded) after its header: lines read at the indentation of its
 * first non-empty line, the trailing line breaks chomped as its header says (`-` strip, `+` keep,
 * one by default). An explicit indentation indicator is not followed (the caller falls back).
 */
function blockScalar(text: string, start: number, valueEnd: number, folded: boolean): MappedText | undefined {
  const header = /^[|>]([-+]?)([1-9]?)([-+]?)[^\n]*\n?/.exec(text.slice(start, Math.min(valueEnd, start + 200)));
  if (!header || header[2] !== '') return undefined;
  const chomp = header[1] || header[3];
  const contentStart = start + header[0].length;
  const lines = contentStart < valueEnd ? linesOf(text, contentStart, valueEnd) : [];
  // A line break at the very end of the value leaves an empty "line" after it: it is no line of the scalar.
  if (lines.length > 0 && lines[lines.length - 1].from === valueEnd) lines.pop();
  const firstText = lines.find((line) => text.slice(line.from, line.to).trim() !== '');
  let indent = 0;
  if (firstText) while (text[firstText.from + indent] === ' ') indent++;
  const out = new MappedBuilder();
  const breaks: number[] = [];
  let previousMoreIndented = false;
  let seenText = false;
  for (const line of lines) {
    const content = Math.min(line.from + indent, line.to);
    const blank = text.slice(line.from, line.to).trim() === '' && line.to - line.from <= indent;
    if (blank) {
      breaks.push(line.end);
      continue;
    }
    const moreIndented = isBlank(text[content]);
    if (seenText) {
      // Folding: one line break between two lines of text is a space, unless either is more indented.
      const [first, ...rest] = breaks;
      if (folded && !moreIndented && !previousMoreIndented) {
        if (rest.length === 0) out.add(' ', first);
        else for (const at of rest) out.add('\n', at);
      } else for (const at of breaks) out.add('\n', at);
    } else for (const at of breaks) out.add('\n', at);
    breaks.length = 0;
    for (let i = content; i < line.to; i++) out.add(text[i], i);
    breaks.push(line.end);
    previousMoreIndented = moreIndented;
    seenText = true;
  }
  if (!seenText) {
    // Only empty lines: the value is empty unless they are kept.
    if (chomp === '+') for (const at of breaks) out.add('\n', at);
    return out;
  }
  const trailing = chomp === '-' ? [] : chomp === '+' ? breaks : breaks.slice(0, 1);
  for (const at of trailing) out.add('\n', at);
  return out;
}
