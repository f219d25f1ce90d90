import { LineIndex } from '../text';
import type { Range } from '../types';
import type { SyntaxProblem } from './dockerfile';
import { parseDockerdCommand, type DockerdCommand, type Word } from './dockerd';

/** One `Key=Value` line of a unit file, continuation lines included. */
export interface UnitDirective {
  section: string;
  key: string;
  /** The value with continuations joined, as systemd reads it. */
  value: string;
  /** The document offset of each character of `value`, to place words found in it. */
  offsets: number[];
  firstLine: number;
  lastLine: number;
}

/** A systemd unit file or drop-in, with the dockerd command lines it runs. */
export interface UnitModel {
  kind: 'systemd';
  text: string;
  lines: LineIndex;
  directives: UnitDirective[];
  /**
   * The dockerd invocations among the effective `ExecStart=` lines of the `[Service]` section: those
   * after the last empty `ExecStart=`, which resets the list (how a drop-in replaces the command).
   */
  dockerd: DockerdCommand[];
  syntaxProblems: SyntaxProblem[];
}

export function parseUnit(text: string): UnitModel {
  const lines = new LineIndex(text);
  const directives: UnitDirective[] = [];
  let section = '';
  for (let line = 0; line < lines.lineCount; line++) {
    const raw = lines.lineText(line);
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header) {
      section = header[1];
      continue;
    }
    const assignment = /^([A-Za-z0-9_-]+)\s*=\s*/.exec(raw.trimStart());
    const first = line;
    let value = '';
    const offsets: number[] = [];
    let start = assignment ? lines.offsetAt({ line, character: raw.length - raw.trimStart().length + assignment[0].length }) : 0;
    // A line ending in a backslash continues on the next one; comment lines inside are skipped.
    for (;;) {
      const end = lines.lineEnd(line);
      const continued = lines.text.charCodeAt(end - 1) === 92 /* \ */;
      for (let offset = start; offset < (continued ? end - 1 : end); offset++) {
        value += lines.text[offset];
        offsets.push(offset);
      }
      if (!continued || line + 1 >= lines.lineCount) break;
      value += ' ';
      offsets.push(end - 1);
      do line++;
      while (line + 1 < lines.lineCount && /^\s*[#;]/.test(lines.lineText(line)));
      start = lines.offsetAt({ line, character: 0 });
    }
    // systemd ignores assignments outside a section; so does Bulwark.
    if (assignment && section !== '') directives.push({ section, key: assignment[1], value: value.trimEnd(), offsets, firstLine: first, lastLine: line });
  }
  return { kind: 'systemd', text, lines, directives, dockerd: dockerdCommands(lines, directives), syntaxProblems: [] };
}

function dockerdCommands(lines: LineIndex, directives: UnitDirective[]): DockerdCommand[] {
  let execStarts: UnitDirective[] = [];
  for (const directive of directives) {
    if (directive.section !== 'Service' || directive.key !== 'ExecStart') continue;
    if (directive.value.trim() === '') execStarts = [];
    else execStarts.push(directive);
  }
  return execStarts.flatMap((directive) => {
    const command = parseDockerdCommand(commandWords(lines, directive));
    return command ? [command] : [];
  });
}

/** Splits an `ExecStart=` value into words as systemd does: whitespace, quotes, backslash escapes; the `-@:+!` prefixes dropped. */
export function commandWords(lines: LineIndex, directive: UnitDirective): Word[] {
  const { value, offsets } = directive;
  const words: Word[] = [];
  let i = 0;
  const rangeOf = (from: number, to: number): Range => lines.range(offsets[from], offsets[to - 1] + 1);
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i])) i++;
    if (i >= value.length) break;
    const from = i;
    let text = '';
    let dynamic = false;
    while (i < value.length && !/\s/.test(value[i])) {
      const c = value[i];
      if (c === '"' || c === "'") {
        const close = value.indexOf(c, i + 1);
        const end = close < 0 ? value.length : close;
        text += value.slice(i + 1, end).replace(/\\(.)/g, '$1');
        i = end + 1;
      } else if (c === '\\' && i + 1 < value.length) {
        text += value[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    const unescaped = text.replace(/\$\$/g, '');
    if (/\$(?:\{\w+\}|\w+)/.test(unescaped)) dynamic = true;
    words.push({ text: text.replace(/\$\$/g, '$'), range: rangeOf(from, i), dynamic });
  }
  if (words.length > 0) {
    const prefix = /^[-@:+!]+/.exec(words[0].text)?.[0] ?? '';
    if (prefix) {
      const first = words[0];
      words[0] = { ...first, text: first.text.slice(prefix.length), range: { start: { ...first.range.start, character: first.range.start.character + prefix.length }, end: first.range.end } };
    }
  }
  return words;
}
