import { relative, sep } from 'node:path';

/** How a file is named in every report: relative to the scan root (the current directory), with forward slashes. */
export function displayPath(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split(sep).join('/') || '.';
}

/** Orders display paths folder by folder (`a/b` before `a-b`), by UTF-16 code units so that no locale changes the order. */
export function comparePaths(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] < right[i] ? -1 : 1;
  }
  return left.length - right.length;
}


/**
 * A text as one line of a report or of standard error: control characters (a newline or an escape
 * sequence in a folder name) shown escaped, so that a path cannot forge a line or colour the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
