import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Bulwark's version, read from the package manifest at run time: compiled, this file sits in
 * `out/cli/`, two folders below `package.json`. (Importing the JSON instead would make tsc copy the
 * manifest into `out/`.)
 */
export const BULWARK_VERSION: string = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
