/**
 * Bulwark inside a real VS Code: code-server loads this repository as the extension under
 * development and runs host/suite.ts in its extension host (the `?payload=` parameters that
 * @vscode/test-web uses, but with code-server's node extension host), so diagnostics, quick
 * fixes, hovers, the workspace scan and configuration changes go through the real client and the
 * bundled server. Each in-editor check is reported here as its own test.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeServerSession } from './code-server';
import { RESULTS_FILE, writeWorkspace, type StepResult } from './host/workspace';
import { requireE2eTools, ROOT } from './setup';

const SUITE = path.join(ROOT, 'out/test/e2e/host/suite.js');
const SUITE_TIMEOUT_MS = 180_000;

// The checks of host/suite.ts, in its order.
const CHECKS = [
  'diagnostics for an open Dockerfile',
  'diagnostics for an open Compose file',
  'hover shows the rule docs',
  'the rule docs open offline, from the extension, in the Markdown preview',
  'a quick fix edits the Compose file and its diagnostic goes',
  'an ignore quick fix suppresses a Dockerfile finding',
  'Scan Workspace fills the Problems panel for unopened files',
  'a .bulwark.yaml written after the scan re-lints the scanned files, unopened',
  'Restart Server scans the workspace again: the scanned files keep their problems',
  'a bulwark.rules setting applies without a reload',
  '.bulwark.yaml applies without a reload, and a broken one is reported on itself',
  'bulwark.enable off clears every Bulwark problem, on brings them back',
  'the server completes .bulwark.yaml: rule ids, severities',
];

describe('e2e: Bulwark in the VS Code extension host (code-server)', function () {
  requireE2eTools();
  let session: CodeServerSession | undefined;
  let results = new Map<string, StepResult>();
  let runFailure: string | undefined;

  before(async function () {
    this.timeout(SUITE_TIMEOUT_MS + 60_000);
    assert.ok(existsSync(path.join(ROOT, 'dist/extension.js')), 'dist/extension.js is missing: run `npm run build` first');
    session = new CodeServerSession();
    writeWorkspace(session.workspace);
    await session.start();
    const log: string[] = [];
    let exitCode: Promise<number> | undefined;
    await session.openWorkbench({
      payload: [
        ['extensionDevelopmentPath', session.remoteUri(ROOT)],
        ['extensionTestsPath', session.remoteUri(SUITE)],
      ],
      // The workbench reports the suite's end and its extension host's console through these.
      beforeLoad: async (page) => {
        exitCode = new Promise((resolve) => void page.exposeFunction('codeAutomationExit', resolve));
        await page.exposeFunction('codeAutomationLog', (type: string, args: unknown[]) => log.push(`[${type}] ${(args ?? []).join(' ')}`));
      },
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`)), SUITE_TIMEOUT_MS)));
    try {
      const code = await Promise.race([exitCode!, timeout]);
      if (code !== 0) runFailure = `the in-editor suite exited with ${code}`;
    } catch (error) {
      runFailure = (error as Error).message;
    } finally {
      clearTimeout(timer);
    }
    const resultsFile = path.join(path.dirname(session.workspace), RESULTS_FILE);
    if (existsSync(resultsFile)) results = new Map((JSON.parse(readFileSync(resultsFile, 'utf8')) as StepResult[]).map((result) => [result.name, result]));
    if (runFailure) runFailure += `\nextension host console:\n${log.join('\n').slice(-4000)}\ncode-server:\n${session.log.slice(-2000)}`;
  });

  after(async () => {
    await session?.dispose();
  });

  for (const check of CHECKS) {
    it(check, () => {
      const result = results.get(check);
      assert.ok(result, `the suite did not get to this check${runFailure ? `: ${runFailure}` : ''}`);
      assert.equal(result.error, undefined, result.error);
    });
  }

  it('runs every check of the suite, and nothing else', () => {
    assert.deepEqual([...results.keys()], CHECKS, runFailure);
  });
});
