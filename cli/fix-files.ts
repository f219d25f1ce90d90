import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileChange } from '../rules';
import { applyEdits } from '../rules/fixes/edits';
import { LineIndex } from '../rules/text';

/** A file a fix wrote besides the linted one. */
export interface FileWritten {
  path: string;
  action: 'created' | 'edited';
}

const BYTE_ORDER_MARK = '\uFEFF';

/**
 * Writes a fix's changes to files other than the linted one. A file to create that exists by now is
 * left alone (the fix was chosen when it did not), so nothing is ever overwritten.
 */
export function writeFileChanges(changes: readonly FileChange[]): FileWritten[] {
  const written: FileWritten[] = [];
  for (const change of changes) {
    const path = fileURLToPath(change.uri);
    if (change.kind === 'create') {
      if (existsSync(path)) continue;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, change.text, { flag: 'wx' });
      written.push({ path, action: 'created' });
    } else {
      const raw = readFileSync(path, 'utf8');
      const bom = raw.startsWith(BYTE_ORDER_MARK) ? BYTE_ORDER_MARK : '';
      const text = raw.slice(bom.length);
      writeFileSync(path, bom + applyEdits(text, new LineIndex(text), change.edits));
      written.push({ path, action: 'edited' });
    }
  }
  return written;
}
