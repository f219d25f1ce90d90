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
  /** The effective `ListenStream=` addresses of the `[Socket]` section (a socket unit hands them to dockerd's `-H fd://`). */
  listenStreams: Word[];
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
  return { kind: 'systemd', text, lines, directives, dockerd: dockerdCommands(lines, directives), listenStreams: listenStreams(lines, directives), syntaxProblems: [] };
}

/** The directives of a list setting in force: those after its last empty assignment, which resets the list. */
function effective(directives: UnitDirective[], section: string, key: string): UnitDirective[] {
  let found: UnitDirective[] = [];
  for (const directive of directives) {
    if (directive.section !== section || directive.key !== key) continue;
    if (directive.value.trim() === '') found = [];
    else found.push(directive);
  }
  return found;
}

function listenStreams(lines: LineIndex, directives: UnitDirective[]): Word[] {
  return effective(directives, 'Socket', 'ListenStream').flatMap((directive) => commandWords(lines, directive, false).slice(0, 1));
}

function dockerdCommands(lines: LineIndex, directives: UnitDirective[]): DockerdCommand[] {
  const execStarts = effective(directives, 'Service', 'ExecStart');
  const environment = serviceEnvironment(lines, directives);
  return execStarts.flatMap((directive) => {
    const command = parseDockerdCommand(expandWords(commandWords(lines, directive), environment));
    return command ? [command] : [];
  });
}

/**
 * The variables the `[Service]` section's `Environment=` lines set, each value with where it is
 * written. None when an `EnvironmentFile=` may override them (systemd reads it after).
 */
function serviceEnvironment(lines: LineIndex, directives: UnitDirective[]): Map<string, Word> {
  const variables = new Map<string, Word>();
  const service = directives.filter((d) => d.section === 'Service');
  if (service.some((d) => d.key === 'EnvironmentFile')) return variables;
  for (const directive of service) {
    if (directive.key !== 'Environment') continue;
    for (const word of commandWords(lines, directive, false)) {
      const assignment = /^([A-Za-z_]\w*)=(.*)$/s.exec(word.text);
      if (!assignment) continue;
      const value = assignment[2];
      // The value ends the word; a closing quote, when there is one, comes after it.
      const end = lines.offsetAt(word.range.end) - (/["']/.test(lines.text[lines.offsetAt(word.range.end) - 1]) ? 1 : 0);
      variables.set(assignment[1], { text: value, range: lines.range(end - value.length, end), dynamic: word.dynamic });
    }
  }
  return variables;
}

/**
 * Expands the variables set in the unit: `$NAME` alone is split into words (as systemd does),
 * `${NAME}` or a variable inside a word is replaced in place. Unknown variables stay dynamic.
 */
function expandWords(words: Word[], environment: Map<string, Word>): Word[] {
  if (environment.size === 0) return words;
  return words.flatMap((word) => {
    if (!word.dynamic) return [word];
    const alone = /^\$(\w+)$/.exec(word.text);
    const variable = alone && environment.get(alone[1]);
    if (variable) return splitValue(variable);
    let known = true;
    const text = word.text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, braced: string | undefined, bare: string | undefined) => {
      const value = environment.get((braced ?? bare)!);
      if (!value || value.dynamic) known = false;
      return value?.text ?? '';
    });
    return [known ? { text, range: word.range, dynamic: false } : word];
  });
}

/** A variable's value split on whitespace, each word placed inside the value. */
function splitValue(value: Word): Word[] {
  const words: Word[] = [];
  for (const match of value.text.matchAll(/\S+/g)) {
    const start = { line: value.range.start.line, character: value.range.start.character + match.index! };
    words.push({ text: match[0], range: { start, end: { line: start.line, character: start.character + match[0].length } }, dynamic: value.dynamic });
  }
  return words;
}

/** Splits a directive's value into words as systemd does: whitespace, quotes, backslash escapes; for a command, the `-@:+!` prefixes dropped. */
function commandWords(lines: LineIndex, directive: UnitDirective, command = true): Word[] {
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
        // An unterminated quote runs to the end of the value, not past it.
        i = close < 0 ? value.length : end + 1;
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
  if (command && words.length > 0) {
    const prefix = /^[-@:+!]+/.exec(words[0].text)?.[0] ?? '';
    if (prefix) {
      const first = words[0];
      words[0] = { ...first, text: first.text.slice(prefix.length), range: { start: { ...first.range.start, character: first.range.start.character + prefix.length }, end: first.range.end } };
    }
  }
  return words;
}
