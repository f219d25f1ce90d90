import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver/node';
import { CONFIG_KEYS, CONFIG_ONLINE_KEYS, CONFIG_SUPPRESSION_KEYS, CONFIG_TRUST_KEY_KEYS, PROFILES, rules, SEVERITY_SETTINGS } from '../rules';

/**
 * Completion in `.bulwark.yaml`, without a YAML extension: the keys where a key is written (top
 * level, `online`, a trust key), the rule ids under `rules`, the severities after a rule id, the
 * profiles after `profile:`, true or false after `online.registry:`. Read from the lines above the
 * cursor (block style, as the documentation writes the file), so that a half-written file, which
 * does not parse, still completes.
 */
export function completeProjectConfig(text: string, position: Position): CompletionItem[] {
  const lines = text.split(/\r?\n/);
  const before = parseLine((lines[position.line] ?? '').slice(0, position.character));
  const replace = (length: number) => ({ start: { line: position.line, character: position.character - length }, end: position });
  const parents = () => parentKeys(lines, position.line, before.column);

  if (before.key !== undefined) {
    // After `key: `, the value begun (a word) is completed.
    if (!/^[ \t]+[\w-]*$/.test(before.afterColon)) return [];
    const prefix = before.afterColon.trimStart();
    return valuesOf([...parents(), before.key]).map((item) => ({ ...item, textEdit: { range: replace(prefix.length), newText: item.label } }));
  }
  if (!/^[\w.-]*$/.test(before.content)) return [];
  return keysOf(parents()).map((item) => ({ ...item, textEdit: { range: replace(before.content.length), newText: `${item.label}: ` } }));
}

/** A line of block YAML as the completion reads it: where its content starts, and its key, if any. */
interface ParsedLine {
  /** The indentation. */
  indent: number;
  /** Whether the line is a list item (`- ...`). */
  item: boolean;
  /** Where the content starts: after the indentation and the item's dash. */
  column: number;
  content: string;
  /** The key the content starts with (`key:`), and what follows its colon. */
  key?: string;
  afterColon: string;
}

function parseLine(text: string): ParsedLine {
  const indent = text.length - text.trimStart().length;
  let content = text.slice(indent);
  const item = /^-[ \t]/.test(content);
  if (item) content = content.slice(1).trimStart();
  const key = /^[\w.-]+(?=:)/.exec(content)?.[0];
  return { indent, item, column: text.length - content.length, content, key, afterColon: key === undefined ? '' : content.slice(key.length + 1) };
}

/** The keys that may be written under `parents` (the path of keys above, outermost first). */
function keysOf(parents: readonly string[]): CompletionItem[] {
  const path = parents.join('.');
  const words = (labels: readonly string[], detail: string) => labels.map((label) => ({ label, kind: CompletionItemKind.Property, detail }));
  if (path === '') return words([...CONFIG_KEYS, 'extends'], 'Bulwark project configuration');
  if (path === 'rules') {
    return rules.map((rule) => ({ label: rule.id, kind: CompletionItemKind.EnumMember, detail: `${rule.title} (default: ${rule.severity})` }));
  }
  if (path === 'online') return words(CONFIG_ONLINE_KEYS, 'Bulwark online feature');
  if (path === 'suppressions') return words(CONFIG_SUPPRESSION_KEYS, 'What bulwark-ignore comments may do');
  if (path === 'trust') return words(['keys'], 'Keys whose signatures make an image trusted');
  if (path === 'trust.keys') return words(CONFIG_TRUST_KEY_KEYS, 'Trust key');
  return [];
}

/** The values the key at the end of `path` takes, when they are a closed set. */
function valuesOf(path: readonly string[]): CompletionItem[] {
  const words = (labels: readonly string[], detail: string) => labels.map((label) => ({ label, kind: CompletionItemKind.Value, detail }));
  if (path.length === 2 && path[0] === 'rules') return words(SEVERITY_SETTINGS, `Severity of ${path[1]}`);
  const joined = path.join('.');
  if (joined === 'profile') return words(PROFILES, 'Bulwark profile');
  if (joined === 'online.registry' || joined === 'suppressions.allow' || joined === 'suppressions.requireReason') return words(['true', 'false'], joined === 'online.registry' ? 'Ask the registries' : 'Suppression comments');
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
    const { indent, item, column: keyColumn, key, afterColon, content } = parseLine(lines[index]);
    if (content === '' || content.startsWith('#') || indent >= limit) continue;
    const rest = afterColon.trim();
    const opensBlock = key !== undefined && (rest === '' || rest.startsWith('#'));
    // A key after a dash is the item's own: a parent only when the line is above its column.
    if (opensBlock && (!item || keyColumn < limit)) parents.unshift(key);
    limit = indent;
  }
  return parents;
}
