import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Bulwark's version, read from the package manifest at run time: the nearest package.json named
 * `bulwark` above this file, which sits in `out/disk/` when compiled and in `dist/` when bundled
 * into the extension's server. (Importing the JSON instead would make tsc copy the manifest into `out/`.)
 */
export const BULWARK_VERSION: string = readVersion();

function readVersion(): string {
  for (let folder = dirname(__dirname), level = 0; level < 3; folder = dirname(folder), level++) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (manifest.name === 'bulwark' && typeof manifest.version === 'string') return manifest.version;
    } catch {
      // No manifest at this level: look one folder up.
    }
  }
  return 'unknown';
}
