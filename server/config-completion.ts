import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import { CONFIG_KEYS, CONFIG_ONLINE_KEYS, CONFIG_TRUST_KEY_KEYS, rules, SEVERITY_SETTINGS } from '../rules';

/** The profiles a project file may name (`profile:`): the rule sets Bulwark ships. */
export const PROFILE_NAMES = ['recommended', 'strict'] as const;

/**
 * Completion in `.bulwark.yaml`, without a YAML extension: the keys where a key is written (top
 * level, `online`, a trust key), the rule ids under `rules`, the severities after a rule id, the
 * profiles after `profile:`, true or false after `online.registry:`. Read from the lines above the
 * cursor (block style, as the documentation writes the file), so that a half-written file, which
 * does not parse, still completes.
 */
export function completeProjectConfig(text: string, position: Position): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const before = (lines[position.line] ?? '').slice(0, position.character);
  const replace = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });

  const value = /^(\s*)(-\s+)?([\w.-]+):\s+([\w-]*)$/.exec(before);
  if (value) {
    const [, indent, dash = '', key, prefix] = value;
    const parents = parentKeys(lines, position.line, indent.length + dash.length);
    return valuesOf([...parents, key]).map((item) => ({ ...item, textEdit: { range: replace(prefix.length), newText: item.label } }));
  }
  const key = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!key) return [];
  const [, indent, dash = '', prefix] = key;
  const parents = parentKeys(lines, position.line, indent.length + dash.length);
  return keysOf(parents).map((item) => ({ ...item, textEdit: { range: replace(prefix.length), newText: `${item.label}: ` } }));
}

/** The keys that may be written under `parents` (the path of keys above, outermost first). */
function keysOf(parents: readonly string[]): CompletionItem[] {
  const path = parents.join('.');
  const words = (labels: readonly string[], detail: string) => labels.map((label) => ({ label, kind: CompletionItemKind.Property, detail }));
  if (path === '') return words(CONFIG_KEYS, 'Bulwark project configuration');
  if (path === 'rules') {
    return rules.map((rule) => ({ label: rule.id, kind: CompletionItemKind.EnumMember, detail: `${rule.title} (default: ${rule.severity})` }));
  }
  if (path === 'online') return words(CONFIG_ONLINE_KEYS, 'Bulwark online feature');
  if (path === 'trust') return words(['keys'], 'Keys whose signatures make an image trusted');
  if (path === 'trust.keys') return words(CONFIG_TRUST_KEY_KEYS, 'Trust key');
  return [];
}

/** The values the key at the end of `path` takes, when they are a closed set. */
function valuesOf(path: readonly string[]): CompletionItem[] {
  const words = (labels: readonly string[], detail: string) => labels.map((label) => ({ label, kind: CompletionItemKind.Value, detail }));
  if (path.length === 2 && path[0] === 'rules') return words(SEVERITY_SETTINGS, `Severity of ${path[1]}`);
  const joined = path.join('.');
  if (joined === 'profile') return words(PROFILE_NAMES, 'Bulwark profile');
  if (joined === 'online.registry') return words(['true', 'false'], 'Ask the registries');
  return [];
}

/**
 * The keys that hold line `line`, whose content starts at column `column`: each line above with
 * less indentation that opens a block (`key:`), outermost first. Inside a list item (`- scope: x`)
 * the parent is the key that holds the list, as for `trust: { keys: [ { scope, key } ] }`.
 */
function parentKeys(lines: readonly string[], line: number, column: number): string[] {
  const parents: string[] = [];
  let limit = column;
  for (let index = line - 1; index >= 0 && limit > 0; index--) {
    const [, indent, dash, key, rest = ''] = /^(\s*)(-\s+)?(?:([\w.-]+):(?:\s+(.*))?$)?/.exec(lines[index])!;
    if (/^\s*(#.*)?$/.test(lines[index]) || indent.length >= limit) continue;
    const opensBlock = key !== undefined && (rest === '' || rest.startsWith('#'));
    // A key after a dash is the item's own: a parent only when the line is above its column.
    if (opensBlock && (!dash || indent.length + dash.length < limit)) parents.unshift(key);
    limit = indent.length;
  }
  return parents;
}
