import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Reads a `file:` location from the disk for the engine's workspace view (shared by the server and
 * the CLI). Anything that is not a regular file within `maxBytes`, or cannot be read, is absent.
 */
export function readFileFromDisk(location: string, maxBytes: number): string | undefined {
  try {
    const path = fileURLToPath(location);
    const stats = statSync(path);
    // Without the byte-order mark, as editors show the text: fix edits count columns in that text.
    return stats.isFile() && stats.size <= maxBytes ? readFileSync(path, 'utf8').replace(/^\uFEFF/, '') : undefined;
  } catch {
    return undefined;
  }
}
