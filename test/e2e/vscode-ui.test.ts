/**
 * The packaged extension as a user gets it: the .vsix installed into code-server with
 * `--install-extension`, then the real workbench driven in headless chromium: the squiggle under
 * the finding, its entry in the Problems panel, the status bar item, the hover and the rule page it
 * opens offline, the completion in `.bulwark.yaml`, the Output channel. Saves screenshots of them to
 * the artifacts folder (BULWARK_E2E_ARTIFACTS, or a temp folder).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
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
  hover: '.monaco-hover:not(.hidden)',
  suggestRow: '.suggest-widget .monaco-list-row',
  quickInput: '.quick-input-widget input',
  quickInputRow: '.quick-input-list .monaco-list-row',
  tab: '.tabs-container .tab',
  outputLines: '.output-view .view-lines, .panel .view-lines',
  notification: '.notification-toast',
  problemsCodeLink: '.markers-panel .monaco-list-row a.monaco-link',
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
    writeFileSync(path.join(session.workspace, '.bulwark.yaml'), 'rules:\n  image-latest-tag: warning\n');
    // Never opened: the workspace scan lints it.
    mkdirSync(path.join(session.workspace, 'api'));
    writeFileSync(path.join(session.workspace, 'api', 'Dockerfile'), 'FROM python:3.12-slim\nCMD ["python", "app.py"]\n');
    // A dev container whose docker-in-docker feature makes it privileged: found by the scan, its finding on the feature's key.
    mkdirSync(path.join(session.workspace, '.devcontainer'));
    writeFileSync(path.join(session.workspace, '.devcontainer', 'devcontainer.json'), '{\n  // The development container.\n  "image": "mcr.microsoft.com/devcontainers/base:bookworm",\n  "features": {\n    "ghcr.io/devcontainers/features/docker-in-docker:2": {},\n  },\n}\n');
    // The trace of the protocol, from the setting alone: the channel's own log level stays as it is.
    mkdirSync(path.join(session.workspace, '.vscode'));
    writeFileSync(path.join(session.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'bulwark.trace.server': 'messages' }));
  });
  const screenshot = (name: string) => page!.screenshot({ path: path.join(artifactsFolder(), name) });
  /** Opens a quick input (`key`), types `text` and picks the row `row`. */
  const pick = async (key: string, text: string, row: string) => {
    await page!.keyboard.press(key);
    await page!.locator(SELECTORS.quickInput).fill(text);
    await page!.locator(SELECTORS.quickInputRow, { hasText: row }).first().waitFor({ timeout: WAIT_MS });
    await page!.keyboard.press('Enter');
  };

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
    await status.filter({ hasText: /Bulwark: 2/ }).waitFor({ timeout: WAIT_MS });
  });

  it('the hover shows the rule title, short, and its link opens the page shipped in the extension', async function () {
    this.timeout(120_000);
    await page!.keyboard.press('Control+Shift+M'); // the Problems panel closes: room for the hover
    await page!.locator(SELECTORS.editorLines, { hasText: 'FROM node:latest' }).locator('span', { hasText: 'latest' }).last().hover();
    const hover = page!.locator(SELECTORS.hover, { hasText: 'image-latest-tag' });
    await hover.waitFor({ timeout: WAIT_MS });
    assert.match(await hover.locator('h3', { hasText: 'image-latest-tag' }).first().innerText(), /image-latest-tag: The image uses the latest tag/);
    // Short: no section headings of the full page, which the link opens.
    assert.equal(await hover.locator('h4').count(), 0);
    await screenshot('hover.png');
    // The hover holds the docs of every rule reported there: the first link is the first rule's.
    const [, firstRule] = /^([a-z-]+):/.exec(await hover.locator('h3').first().innerText()) ?? [];
    await hover.locator('a', { hasText: 'Rule documentation' }).first().click();
    // The Markdown preview of docs/rules/<id>.md, from the installed extension: no network.
    await page!.locator(SELECTORS.tab, { hasText: `Preview ${firstRule}.md` }).waitFor({ timeout: WAIT_MS });
    const preview = page!.frameLocator('iframe.webview').frameLocator('#active-frame');
    await preview.locator('h1', { hasText: firstRule }).waitFor({ timeout: WAIT_MS });
    await preview.locator('h2', { hasText: 'Why is this bad?' }).waitFor({ timeout: WAIT_MS });
    await screenshot('rule-docs.png');
  });

  it('the Problems panel links a problem to the rule page shipped in the extension', async function () {
    this.timeout(120_000);
    // The preview the hover's link opened has the focus, and a webview keeps the keys: back to the Dockerfile.
    await page!.locator(SELECTORS.tab, { hasText: 'Dockerfile' }).first().click();
    await page!.keyboard.press('Control+Shift+M');
    const link = page!.locator(SELECTORS.problemsCodeLink, { hasText: 'root-user' }).first();
    await link.waitFor({ timeout: WAIT_MS });
    assert.match((await link.getAttribute('href')) ?? '', /^command:bulwark\.showRuleDocs\?/);
    await link.click();
    await page!.locator(SELECTORS.tab, { hasText: 'Preview root-user.md' }).waitFor({ timeout: WAIT_MS });
    await page!.keyboard.press('Control+Shift+M');
  });

  it('Scan Workspace says what it did in plain words, once its progress is gone', async function () {
    this.timeout(120_000);
    // The preview the Problems panel's link opened has the focus, and a webview keeps the keys: back to the Dockerfile.
    await page!.locator(SELECTORS.tab, { hasText: 'Dockerfile' }).first().click();
    await pick('F1', '>Bulwark: Scan Workspace', 'Bulwark: Scan Workspace');
    const summary = page!.locator(SELECTORS.notification, { hasText: 'Bulwark scanned' });
    await summary.waitFor({ timeout: WAIT_MS });
    // The files not open: api/Dockerfile (root-user; the default profile leaves out the hygiene notes)
    // and the dev container (privileged, granted by its feature: a warning in a development environment).
    assert.match(await summary.innerText(), /Bulwark scanned 2 files in \d+(\.\d)? m?s: 2 warnings\./);
    assert.equal(await page!.locator(SELECTORS.notification, { hasText: 'scanning the workspace' }).count(), 0, 'the progress notification is gone');
    await screenshot('scan-summary.png');
    await page!.keyboard.press('Escape');
  });

  it('a dev container opened in the editor shows its feature\'s grant on the feature\'s key', async function () {
    this.timeout(120_000);
    await pick('Control+P', 'devcontainer.json', 'devcontainer.json');
    await page!.locator(SELECTORS.editorLines, { hasText: 'docker-in-docker' }).waitFor({ timeout: WAIT_MS });
    // Shown whatever the panel was left as (Control+Shift+M toggles it).
    await pick('F1', '>Focus on Problems View', 'Focus on Problems View');
    await page!.locator(SELECTORS.problemsRow, { hasText: 'The dev container runs privileged' }).first().waitFor({ timeout: WAIT_MS });
    await screenshot('devcontainer.png');
  });

  it('completes rule ids in .bulwark.yaml, from the server (no YAML extension installed)', async function () {
    this.timeout(120_000);
    await pick('Control+P', '.bulwark.yaml', '.bulwark.yaml');
    await page!.locator(SELECTORS.editorLines, { hasText: 'image-latest-tag: warning' }).waitFor({ timeout: WAIT_MS });
    await page!.keyboard.press('Control+End');
    await page!.keyboard.type('  roo');
    await page!.keyboard.press('Control+Space');
    await page!.locator(SELECTORS.suggestRow, { hasText: 'root-user' }).first().waitFor({ timeout: WAIT_MS });
    await screenshot('completion.png');
    await page!.keyboard.press('Enter');
    await page!.locator(SELECTORS.editorLines, { hasText: 'root-user:' }).waitFor({ timeout: WAIT_MS });
    await page!.keyboard.press('Control+Space');
    await page!.locator(SELECTORS.suggestRow, { hasText: 'warning' }).first().waitFor({ timeout: WAIT_MS });
    await page!.keyboard.press('Escape');
  });

  it('the Output channel starts with what runs, and bulwark.trace.server alone traces the protocol', async function () {
    this.timeout(120_000);
    await pick('F1', '>Bulwark: Show Output', 'Bulwark: Show Output');
    await page!.locator(SELECTORS.outputLines, { hasText: 'publishDiagnostics' }).first().waitFor({ timeout: WAIT_MS });
    await screenshot('output.png');
    // The lines of interest are long scrolled away by the trace: the panel's filter finds them.
    const filter = page!.locator('.panel').getByPlaceholder('Filter');
    const lineOf = async (text: string) => {
      await filter.fill(text);
      const line = page!.locator(SELECTORS.outputLines, { hasText: text }).first();
      await line.waitFor({ timeout: WAIT_MS });
      // Monaco lays spaces out as no-break spaces, and wraps a long line where it must.
      return (await line.innerText()).replace(/\u00a0/g, ' ').replace(/\n/g, '');
    };
    assert.match(await lineOf("Sending notification 'textDocument/didOpen'"), /\[info\] Sending notification 'textDocument\/didOpen'/);
    assert.match(await lineOf('language server started'), /Bulwark \d+\.\d+\.\d+ language server started \(Node v[\d.]+, node-ipc\)\. Workspace folders: \S+\. Project files: \S+\.bulwark\.yaml\./);
    await screenshot('output-startup.png');
    await filter.fill('');
  });
});
