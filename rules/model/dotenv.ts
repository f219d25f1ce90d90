import { LineIndex } from '../text';
import type { Range } from '../types';
import { expandVariables } from './variables';

/** One `KEY=VALUE` of a `.env` file. */
export interface DotenvEntry {
  name: string;
  /** Undefined when it interpolates a variable the file does not set (one of the shell's): unknown. */
  value: string | undefined;
  /** The line (or lines, for a multi-line quoted value) that sets it. */
  range: Range;
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*=[ \t]*/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' };

/**
 * Parses a `.env` file as Compose reads it: `KEY=VALUE` lines with an optional `export ` prefix,
 * blank lines and `#` comments skipped; an unquoted value ends at ` #` (an inline comment) and is
 * trimmed; a single-quoted value is literal; a double-quoted value may span lines and knows the shell
 * escapes (`\n`, `\t`, `\"`, `\\`). Unquoted and double-quoted values interpolate the variables set
 * above them (`${A}`, `${A:-default}`). A later line wins over an earlier one.
 */
export function parseDotenv(text: string): Map<string, DotenvEntry> {
  const lines = new LineIndex(text);
  const entries = new Map<string, DotenvEntry>();
  const lookup = (name: string) => entries.get(name)?.value;
  for (let line = 0; line < lines.lineCount; line++) {
    const lineText = lines.lineText(line);
    const assignment = ASSIGNMENT.exec(lineText);
    if (!assignment) continue;
    const name = assignment[1];
    const startLine = line;
    let rest = lineText.slice(assignment[0].length);
    let value: string | undefined;
    const quote = rest[0];
    if (quote === "'" || quote === '"') {
      // A quoted value runs to its closing quote, on this line or a later one.
      let body = rest.slice(1);
      let close = closingQuote(body, quote);
      while (close < 0 && line + 1 < lines.lineCount) {
        line++;
        body += `\n${lines.lineText(line)}`;
        close = closingQuote(body, quote);
      }
      const raw = close < 0 ? body : body.slice(0, close);
      value = quote === "'" ? raw.replace(/\\'/g, "'") : expandVariables(unescape(raw), lookup);
    } else {
      const comment = rest.search(/[ \t]#/);
      if (comment >= 0) rest = rest.slice(0, comment);
      rest = rest.trim();
      value = expandVariables(rest, lookup);
    }
    entries.set(name, { name, value, range: { start: { line: startLine, character: 0 }, end: { line, character: lines.lineText(line).length } } });
  }
  return entries;
}

function closingQuote(body: string, quote: string): number {
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\') i++;
    else if (body[i] === quote) return i;
  }
  return -1;
}

function unescape(raw: string): string {
  return raw.replace(/\\(.)/g, (whole, c: string) => ESCAPES[c] ?? whole);
}
