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

/**
 * A word of a COPY/ADD (shell form) as BuildKit's shell lexer reads it: quotes removed, variables
 * expanded outside single quotes (`"$DIR/a b.tar.gz"` → `/src/a b.tar.gz`, `'$X'` → `$X`).
 * Undefined when a variable without a value leaves the result unknown.
 */
export function expandWord(text: string, lookup: VariableLookup): string | undefined {
  if (!text.includes('"') && !text.includes("'")) return expandVariables(text, lookup);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const quote = text[i];
    if (quote === "'" || quote === '"') {
      const close = text.indexOf(quote, i + 1);
      if (close < 0) {
        // An unclosed quote is kept as a character; the lexer would fail, and the rest is still read.
        const rest = expandVariables(text.slice(i + 1), lookup);
        return rest === undefined ? undefined : out + quote + rest;
      }
      const inner = text.slice(i + 1, close);
      const value = quote === "'" ? inner : expandVariables(inner, lookup);
      if (value === undefined) return undefined;
      out += value;
      i = close + 1;
      continue;
    }
    let next = i;
    while (next < text.length && text[next] !== "'" && text[next] !== '"') next++;
    const value = expandVariables(text.slice(i, next), lookup);
    if (value === undefined) return undefined;
    out += value;
    i = next;
  }
  return out;
}

/** A word without its quotes, its variables left as written: how a message names it. */
export function unquotedWord(text: string): string {
  // Most words have no quotes: nothing to replace.
  if (!text.includes('"') && !text.includes("'")) return text;
  return text.replace(/'([^']*)'|"([^"]*)"/g, (_, single: string | undefined, double: string | undefined) => single ?? double ?? '');
}
