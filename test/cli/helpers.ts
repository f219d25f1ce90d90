import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import Ajv from 'ajv';
import type { Log } from 'sarif';
import type { JsonReport } from '../../cli/formats/json';

/** Compiled, this file is in out/test/cli/. */
/** A made-up image digest, for references no rule reports. */
export const DIGEST = `sha256:${'1f'.repeat(32)}`;

/** A Dockerfile no rule reports: base image pinned by digest, unprivileged user, health check decided. */
export const CLEAN_DOCKERFILE = `FROM alpine:3.20@${DIGEST}\nUSER 10001\nHEALTHCHECK NONE\n`;

/** The hardening the compose rules ask for, indented as a service's keys, so that the findings a test lists are the only ones. */
export const HARDENING = '    read_only: true\n    security_opt: [no-new-privileges:true]\n    mem_limit: 256m\n    cpus: 1\n    pids_limit: 100\n    healthcheck: {test: [CMD, /healthcheck]}\n';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const BIN = join(REPO_ROOT, 'bin', 'bulwark.js');

export interface BulwarkRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `bin/bulwark.js` in a child Node process. */
export function bulwark(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): BulwarkRun {
  const run = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: 60_000,
    // A report of 10,000 findings is several megabytes.
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export function scanJson(args: readonly string[], cwd: string): { run: BulwarkRun; report: JsonReport } {
  const run = bulwark(['scan', '--format', 'json', ...args], { cwd });
  return { run, report: JSON.parse(run.stdout) as JsonReport };
}

/** Writes the files (relative path → content) into a new folder under the system's temporary folder. */
function makeTree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmpdir(), 'bulwark-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A temporary tree made before the enclosing suite's tests and removed after them. */
export function useTree(files: Record<string, string | Buffer>): () => string {
  let root: string | undefined;
  before(() => {
    root = makeTree(files);
  });
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return () => {
    if (!root) throw new Error('the tree is made in a before hook');
    return root;
  };
}

let sarifValidator: ReturnType<Ajv['compile']> | undefined;

/** Validation errors of a log against the official SARIF 2.1.0 schema; empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  sarifValidator ??= compileSarifSchema();
  return sarifValidator(log) ? [] : (sarifValidator.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

function compileSarifSchema() {
  const schemaPath = join(REPO_ROOT, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  // The schema is written for draft-04: Ajv 8 calls its `id` keyword `$id` and has no draft-04
  // meta-schema, and one of its patterns is only valid without the `u` regular-expression flag.
  const { id, $schema: _draft04, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
  const isUrl = (value: string, base?: string) => URL.canParse(value, base);
  ajv.addFormat('uri', (value: string) => isUrl(value));
  ajv.addFormat('uri-reference', (value: string) => isUrl(value, 'http://example.invalid/'));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value));
  return ajv.compile({ $id: id, ...schema });
}

export function parseSarif(text: string): Log {
  return JSON.parse(text) as Log;
}
