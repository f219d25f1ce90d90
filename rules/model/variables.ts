/**
 * Variable expansion with the syntax Dockerfiles (ARG/ENV in FROM, USER, ...) and Compose files share:
 * `$NAME`, `${NAME}`, `${NAME:-default}`, `${NAME-default}`, `${NAME:+alt}`, `${NAME+alt}`, and `$$` (Compose) for a literal `$`.
 */

export type VariableLookup = (name: string) => string | undefined;

export interface ExpandOptions {
  /** Compose writes a literal `$` as `$$`; Dockerfiles do not. */
  dollarEscape?: boolean;
}

/**
 * Longest expansion kept: variables that double each other (`B=$A$A`, `C=$B$B`, ...) grow
 * exponentially, and a 1 KB `.env` would otherwise build strings past what a string can hold.
 * No real value comes near it; a longer result is unknown, as an unset variable's is.
 */
export const MAX_EXPANDED_LENGTH = 64 * 1024;

/** Returns the expanded text, or undefined when a variable without value or default leaves the result unknown (or it grows past MAX_EXPANDED_LENGTH). */
export function expandVariables(text: string, lookup: VariableLookup, options: ExpandOptions = {}): string | undefined {
  if (!text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (out.length > MAX_EXPANDED_LENGTH) return undefined;
    const c = text[i];
    if (c !== '$') {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (options.dollarEscape && next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = findClosingBrace(text, i + 2);
      if (close < 0) return undefined;
      const expanded = expandBraced(text.slice(i + 2, close), lookup, options);
      if (expanded === undefined) return undefined;
      out += expanded;
      i = close + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
    if (!name) {
      out += c;
      i++;
      continue;
    }
    const value = lookup(name[0]);
    if (value === undefined) return undefined;
    out += value;
    i += 1 + name[0].length;
  }
  return out.length > MAX_EXPANDED_LENGTH ? undefined : out;
}

function findClosingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function expandBraced(body: string, lookup: VariableLookup, options: ExpandOptions): string | undefined {
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-+?=])([\s\S]*))?$/.exec(body);
  if (!match) return undefined;
  const [, name, colon, operator, word = ''] = match;
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || (colon === ':' && value === '');
  switch (operator) {
    case undefined:
      return value;
    case '-':
    case '=':
      return unsetOrEmpty ? expandVariables(word, lookup, options) : value;
    case '+':
      return unsetOrEmpty ? '' : expandVariables(word, lookup, options);
    default: // '?': an error when unset; its value is unknown to a linter
      return unsetOrEmpty ? undefined : value;
  }
}

/** True when the whole text is one variable reference (`$X`, `${X}`, `${X:-...}`): a value supplied from outside. */
export function isVariableReference(text: string): boolean {
  const trimmed = text.trim();
  if (/^\$[A-Za-z_][A-Za-z0-9_]*$/.test(trimmed)) return true;
  return /^\$\{[A-Za-z_][A-Za-z0-9_]*/.test(trimmed) && findClosingBrace(trimmed, 2) === trimmed.length - 1;
}
