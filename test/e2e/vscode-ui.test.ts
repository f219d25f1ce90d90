/**
 * The packaged extension as a user gets it: the .vsix installed into code-server with
 * `--install-extension`, then the real workbench driven in headless chromium: the squiggle under
 * the finding, its entry in the Problems panel, the status bar item. Saves a screenshot to the
 * artifacts folder (BULWARK_E2E_ARTIFACTS, or a temp folder).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Page } from 'playwright-core';
import { CodeServerSession } from './code-server';
import { artifactsFolder, requireE2eTools, ROOT } from './setup';

// Internal class names of the VS Code 1.100 workbench: they hold because code-server is pinned.
const SELECTORS = {
  workbench: '.monaco-workbench',
  explorerRow: '.explorer-folders-view .monaco-list-row',
  editorLines: '.monaco-editor .view-lines',
  warningSquiggle: '.monaco-editor .squiggly-warning',
  problemsRow: '.markers-panel .monaco-list-row',
  statusItem: '.statusbar-item',
};
const WAIT_MS = 30_000;

describe('e2e: the .vsix in the VS Code UI (code-server + chromium)', function () {
  requireE2eTools();
  let session: CodeServerSession | undefined;
  let page: Page | undefined;

  before(function () {
    this.timeout(120_000);
    session = new CodeServerSession();
    writeFileSync(path.join(session.workspace, 'Dockerfile'), 'FROM node:latest\nRUN npm ci\nCMD ["node", "server.js"]\n');
  });

  after(async function () {
    if (page) await page.screenshot({ path: path.join(artifactsFolder(), 'vscode-ui.png') }).catch(() => undefined);
    await session?.dispose();
  });

  it('installs from the .vsix with --install-extension', function () {
    this.timeout(60_000);
    const vsix = path.join(session!.base, 'bulwark.vsix');
    const vsce = path.join(path.dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(session!.installExtension(vsix).includes('bulwark.bulwark'));
  });

  it('shows the squiggle, the Problems panel entry and the status item', async function () {
    this.timeout(120_000);
    await session!.start();
    page = await session!.openWorkbench();
    await page.locator(SELECTORS.workbench).waitFor({ timeout: 60_000 });
    await page.locator(SELECTORS.explorerRow, { hasText: 'Dockerfile' }).dblclick({ timeout: WAIT_MS });
    await page.locator(SELECTORS.editorLines, { hasText: 'FROM node:latest' }).waitFor({ timeout: WAIT_MS });

    await page.locator(SELECTORS.warningSquiggle).first().waitFor({ timeout: WAIT_MS });
    await page.keyboard.press('Control+Shift+M');
    const rootUser = page.locator(SELECTORS.problemsRow, { hasText: 'root-user' }).first();
    await rootUser.waitFor({ timeout: WAIT_MS });
    const entry = await rootUser.innerText();
    assert.match(entry, /The final stage sets no USER/);
    assert.match(entry, /bulwark/);
    assert.match(entry, /Ln 1, Col 1/);
    assert.match(await page.locator(SELECTORS.problemsRow, { hasText: 'image-latest-tag' }).first().innerText({ timeout: WAIT_MS }), /Ln 1, Col 6/);

    const status = page.locator(SELECTORS.statusItem);
    await status.filter({ hasText: /Bulwark: 3/ }).waitFor({ timeout: WAIT_MS });
  });
});
