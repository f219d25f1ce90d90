/**
 * What every end-to-end suite needs first: the editors and the browser, installed by
 * scripts/e2e-setup.sh (once per test run; quick when all is there). A machine that cannot install
 * them fails the e2e tests with the script's message; only an explicit BULWARK_E2E=skip skips them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CODE_SERVER = path.join(ROOT, 'e2e/code-server/node_modules/.bin/code-server');
export const CHROMIUM = '/usr/bin/chromium';

/** The installation takes about two minutes on a fresh machine (apt, then code-server's native modules). */
export const SETUP_TIMEOUT_MS = 10 * 60_000;

let setup: Promise<void> | undefined;

/**
 * Registers, in the calling `describe`, the hook that installs the tools first: a hook of its own,
 * because mocha holds a hook's whole duration against its timeout. Skips the suite on request,
 * fails it when the tools cannot be installed.
 */
export function requireE2eTools(): void {
  before('install the end-to-end tools (scripts/e2e-setup.sh)', async function () {
    if (process.env.BULWARK_E2E === 'skip') {
      console.log('    (end-to-end tests skipped: BULWARK_E2E=skip)');
      this.skip();
    }
    this.timeout(SETUP_TIMEOUT_MS);
    setup ??= runSetupScript();
    await setup;
  });
}

function runSetupScript(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = spawn('bash', [path.join(ROOT, 'scripts/e2e-setup.sh')], { cwd: ROOT, stdio: ['ignore', 'inherit', 'pipe'] });
    let output = '';
    script.stderr.on('data', (chunk: Buffer) => {
      output += chunk;
      process.stderr.write(chunk);
    });
    script.on('error', reject);
    script.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`scripts/e2e-setup.sh failed (exit ${code}):\n${output.trim()}`))));
  });
}

/** Where screenshots go: BULWARK_E2E_ARTIFACTS, or a folder in the system's temp folder. */
export function artifactsFolder(): string {
  const folder = process.env.BULWARK_E2E_ARTIFACTS ?? path.join(tmpdir(), 'bulwark-e2e-artifacts');
  mkdirSync(folder, { recursive: true });
  return folder;
}
