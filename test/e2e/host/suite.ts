/**
 * The in-editor suite: runs INSIDE VS Code's extension host (code-server loads it as
 * `extensionTestsPath`, with Bulwark as the extension under development), so every check goes
 * through the real `vscode` API, the real language client and the bundled server. Each step's
 * outcome goes to a results file the driver (vscode-host.test.ts) reports one by one.
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { RESULTS_FILE, type StepResult } from './workspace';

const WAIT_MS = 20_000;

type Step = [name: string, run: () => Promise<void>];

export async function run(): Promise<void> {
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const resultsFile = path.join(path.dirname(folder.fsPath), RESULTS_FILE);
  const uri = (name: string) => vscode.Uri.joinPath(folder, name);
  const results: StepResult[] = [];
  for (const [name, step] of steps(uri)) {
    const started = Date.now();
    try {
      await step();
      results.push({ name, durationMs: Date.now() - started });
    } catch (error) {
      results.push({ name, durationMs: Date.now() - started, error: error instanceof Error ? error.message : String(error) });
    }
    // Written after every step, so that a hang still leaves the steps before it.
    writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  }
  const failed = results.filter((result) => result.error);
  if (failed.length) throw new Error(`${failed.length} in-editor checks failed: ${failed.map((result) => result.name).join(', ')}`);
}

function steps(uri: (name: string) => vscode.Uri): Step[] {
  const dockerfile = uri('Dockerfile');
  const compose = uri('compose.yaml');
  const configFile = uri('.bulwark.yaml');
  const bulwark = () => vscode.workspace.getConfiguration('bulwark');

  return [
    [
      'diagnostics for an open Dockerfile',
      async () => {
        const document = await open(dockerfile);
        check(document.languageId === 'dockerfile', `language ${document.languageId}`);
        const diagnostics = await waitForDiagnostics(dockerfile, (found) => found.includes('root-user@0:0-0:16/warning') && found.includes('image-latest-tag@0:5-0:16/warning'));
        // The Problems panel's code link opens the page shipped in the extension.
        for (const diagnostic of diagnostics) {
          const { value, target } = diagnostic.code as { value: string; target: vscode.Uri };
          check(target.scheme === 'command' && target.path === 'bulwark.showRuleDocs' && JSON.parse(target.query)[0] === value, `docs link ${target}`);
        }
      },
    ],
    [
      'diagnostics for an open Compose file',
      async () => {
        const document = await open(compose);
        check(document.languageId === 'dockercompose', `language ${document.languageId}`);
        await waitForDiagnostics(compose, (found) => found.includes('cap-drop-missing@1:2-1:5/warning') && found.includes('no-new-privileges-missing@1:2-1:5/hint'));
      },
    ],
    [
      'hover shows the rule docs',
      async () => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', dockerfile, new vscode.Position(0, 2));
        const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
        for (const expected of ['### root-user', `(command:bulwark.showRuleDocs?${encodeURIComponent('["root-user"]')})`]) {
          check(text.includes(expected), `hover lacks ${JSON.stringify(expected)}: ${text.slice(0, 300)}`);
        }
        // Short: the message, why in a few lines and the link; the full page is one click away.
        check(!/^#{1,2} |^#### /m.test(text.replace(/```[^]*?```/g, '')), `the hover holds the full docs: ${text.slice(0, 300)}`);
        const markdown = hovers.flatMap((hover) => hover.contents).find((content): content is vscode.MarkdownString => typeof content !== 'string' && 'isTrusted' in content);
        check(JSON.stringify(markdown?.isTrusted) === JSON.stringify({ enabledCommands: ['bulwark.showRuleDocs'] }), `the hover may run ${JSON.stringify(markdown?.isTrusted)}`);
      },
    ],
    [
      'the rule docs open offline, from the extension, in the Markdown preview',
      async () => {
        const { target } = vscode.languages.getDiagnostics(dockerfile).find((diagnostic) => codeOf(diagnostic) === 'root-user')!.code as { target: vscode.Uri };
        await vscode.commands.executeCommand(target.path, ...JSON.parse(target.query));
        await waitFor('the preview of root-user.md', () => {
          const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
          const input = tab?.input;
          return input instanceof vscode.TabInputWebview && input.viewType.includes('markdown.preview') && tab!.label.includes('root-user') ? true : `active tab ${tab?.label} ${JSON.stringify(input)}`;
        });
        await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      },
    ],
    [
      'a quick fix edits the Compose file and its diagnostic goes',
      async () => {
        await applyQuickFix(compose, 'no-new-privileges-missing', 'Add security_opt: ["no-new-privileges:true"]');
        await waitForDiagnostics(compose, (found) => !found.some((entry) => entry.startsWith('no-new-privileges-missing@')) && found.includes('cap-drop-missing@1:2-1:5/warning'));
        const text = (await vscode.workspace.openTextDocument(compose)).getText();
        check(text.includes('no-new-privileges:true'), `compose file after the fix:\n${text}`);
      },
    ],
    [
      'an ignore quick fix suppresses a Dockerfile finding',
      async () => {
        await applyQuickFix(dockerfile, 'image-latest-tag', 'Ignore image-latest-tag for this line');
        // The comment goes above the FROM line: root-user moves down with it.
        await waitForDiagnostics(dockerfile, (found) => found.join() === 'healthcheck-missing@1:0-1:16/hint,root-user@1:0-1:16/warning');
        const text = (await vscode.workspace.openTextDocument(dockerfile)).getText();
        check(text.includes('# bulwark-ignore image-latest-tag'), `Dockerfile after the fix:\n${text}`);
      },
    ],
    [
      'Scan Workspace fills the Problems panel for unopened files',
      async () => {
        const scanned = [uri('api/Dockerfile'), uri('deploy/docker-compose.yml')];
        const summary = await within('the command to resolve', vscode.commands.executeCommand<{ files: number; findings: unknown; cancelled: boolean }>('bulwark.scanWorkspace'));
        check(
          JSON.stringify(summary && { files: summary.files, findings: summary.findings, cancelled: summary.cancelled }) ===
            JSON.stringify({ files: 2, findings: { error: 1, warning: 1, info: 8 }, cancelled: false }),
          `summary ${JSON.stringify(summary)}`,
        );
        await waitFor('the scanned files in the Problems collection', () => {
          const all = new Map(vscode.languages.getDiagnostics().map(([file, diagnostics]) => [file.toString(), summarize(diagnostics)]));
          const api = all.get(scanned[0].toString()) ?? [];
          const deploy = all.get(scanned[1].toString()) ?? [];
          return api.includes('root-user@0:0-0:21/warning') && deploy.includes('privileged@3:4-3:14/error') ? true : `api/Dockerfile ${api}; deploy/docker-compose.yml ${deploy}`;
        });
        const opened = vscode.workspace.textDocuments.map((document) => document.uri.toString());
        for (const file of scanned) check(!opened.includes(file.toString()), `${file} was opened`);
        check(vscode.languages.getDiagnostics(uri('vendor/Dockerfile')).length === 0, 'the git-ignored vendor/Dockerfile was linted');
      },
    ],
    [
      'a .bulwark.yaml written after the scan re-lints the scanned files, unopened',
      async () => {
        const api = uri('api/Dockerfile');
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules:\n  root-user: info\n'));
        await waitForDiagnostics(api, (found) => found.includes('root-user@0:0-0:21/info'));
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules:\n  root-user: info\n bad: [\n'));
        await waitForDiagnostics(api, (found) => found.includes('root-user@0:0-0:21/warning'));
        await vscode.workspace.fs.delete(configFile);
        await waitForDiagnostics(configFile, (found) => found.length === 0);
      },
    ],
    [
      'Restart Server scans the workspace again: the scanned files keep their problems',
      async () => {
        await within('the restart', vscode.commands.executeCommand('bulwark.restartServer'));
        await waitForDiagnostics(uri('api/Dockerfile'), (found) => found.includes('root-user@0:0-0:21/warning'));
        await waitForDiagnostics(uri('deploy/docker-compose.yml'), (found) => found.includes('privileged@3:4-3:14/error'));
      },
    ],
    [
      'a bulwark.rules setting applies without a reload',
      async () => {
        await bulwark().update('rules', { 'root-user': 'error' }, vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(dockerfile, (found) => found.includes('root-user@1:0-1:16/error'));
        await bulwark().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(dockerfile, (found) => found.includes('root-user@1:0-1:16/warning'));
      },
    ],
    [
      '.bulwark.yaml applies without a reload, and a broken one is reported on itself',
      async () => {
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules:\n  cap-drop-missing: off\n'));
        await waitForDiagnostics(compose, (found) => !found.some((entry) => entry.startsWith('cap-drop-missing@')) && found.length > 0);
        // A malformed file: one problem on it, and linting goes on with the defaults.
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules: [\n'));
        await waitForDiagnostics(configFile, (found) => found.length === 1 && found[0].startsWith('config@'));
        await waitForDiagnostics(compose, (found) => found.includes('cap-drop-missing@1:2-1:5/warning'));
        await vscode.workspace.fs.delete(configFile);
        await waitForDiagnostics(configFile, (found) => found.length === 0);
      },
    ],
    [
      'bulwark.enable off clears every Bulwark problem, on brings them back',
      async () => {
        // The problems of a broken configuration file go too.
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules: [\n'));
        await waitForDiagnostics(configFile, (found) => found.length === 1);
        await bulwark().update('enable', false, vscode.ConfigurationTarget.Workspace);
        await waitFor('no Bulwark diagnostics', () => {
          const left = vscode.languages.getDiagnostics().filter(([, diagnostics]) => diagnostics.some((diagnostic) => diagnostic.source === 'bulwark'));
          return left.length === 0 ? true : `left on ${left.map(([file]) => file.path).join(', ')}`;
        });
        await bulwark().update('enable', undefined, vscode.ConfigurationTarget.Workspace);
        await waitForDiagnostics(dockerfile, (found) => found.includes('root-user@1:0-1:16/warning'));
        await waitForDiagnostics(configFile, (found) => found.length === 1);
      },
    ],
    [
      'the server completes .bulwark.yaml: rule ids, severities',
      async () => {
        await vscode.workspace.fs.writeFile(configFile, Buffer.from('rules:\n  roo\n'));
        const document = await open(configFile);
        const labels = async (position: vscode.Position) => {
          const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
          return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
        };
        const ids = await labels(new vscode.Position(1, 5));
        check(ids.includes('root-user') && ids.includes('cap-drop-missing'), `completions ${JSON.stringify(ids)}`);
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(1, 2, 1, 5), 'root-user: ');
        await vscode.workspace.applyEdit(edit);
        const severities = await labels(new vscode.Position(1, 13));
        check(['off', 'info', 'warning', 'error'].every((severity) => severities.includes(severity)), `completions ${JSON.stringify(severities)}`);
        // Last: VS Code keeps a closed document open for a while, and the server reads it rather than the disk.
        await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      },
    ],
  ];
}

async function open(file: vscode.Uri): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(file);
  await vscode.window.showTextDocument(document);
  return document;
}

async function applyQuickFix(file: vscode.Uri, ruleId: string, title: string): Promise<void> {
  const diagnostic = vscode.languages.getDiagnostics(file).find((candidate) => codeOf(candidate) === ruleId);
  check(diagnostic !== undefined, `no ${ruleId} diagnostic on ${file.path}`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, diagnostic!.range);
  const action = actions.find((candidate) => candidate.title === title);
  check(action?.edit !== undefined, `no quick fix "${title}" among ${JSON.stringify(actions.map((candidate) => candidate.title))}`);
  check(action!.kind?.value === 'quickfix', `kind ${action!.kind?.value}`);
  check(await vscode.workspace.applyEdit(action!.edit!), 'the edit was not applied');
}

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'];

/** `rule@line:col-line:col/severity` of each Bulwark diagnostic: what the checks compare. */
function summarize(diagnostics: readonly vscode.Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => diagnostic.source === 'bulwark')
    .map((diagnostic) => {
      const { start, end } = diagnostic.range;
      return `${codeOf(diagnostic)}@${start.line}:${start.character}-${end.line}:${end.character}/${SEVERITIES[diagnostic.severity]}`;
    });
}

/** Waits until the Bulwark diagnostics of `file` satisfy `accept`; returns them. */
async function waitForDiagnostics(file: vscode.Uri, accept: (found: string[]) => boolean): Promise<vscode.Diagnostic[]> {
  await waitFor(`diagnostics of ${path.basename(file.path)}`, () => {
    const found = summarize(vscode.languages.getDiagnostics(file));
    return accept(found) ? true : JSON.stringify(found);
  });
  return vscode.languages.getDiagnostics(file).filter((diagnostic) => diagnostic.source === 'bulwark');
}

/** Polls `probe` until it returns true; anything else describes the state for the timeout message. */
async function waitFor(what: string, probe: () => true | string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const state = probe();
    if (state === true) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${state}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function within<T>(what: string, promise: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}
