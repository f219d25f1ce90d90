/**
 * The workspace scan of a large monorepo through the real language server: a generated workspace of
 * Dockerfiles and Compose files in nested folders, scanned with `bulwark/scanWorkspace`, while hover
 * requests keep arriving on an open document (the server must keep answering during a scan).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { HoverRequest } from 'vscode-languageserver/node';
import { LspTestClient } from '../test/server/lsp-client';
import { generateCompose, generateDockerfile } from './inputs';

export interface WorkspaceScanResult {
  files: number;
  scanMs: number;
  filesPerSecond: number;
  hovers: number;
  hoverP50: number;
  hoverP99: number;
  hoverMax: number;
}

/** `files` files, one in ten a Compose file, ten to a folder. */
function writeWorkspace(root: string, files: number): void {
  const dockerfile = generateDockerfile(40);
  const compose = generateCompose(3);
  for (let i = 0; i < files; i++) {
    const folder = path.join(root, `team-${Math.floor(i / 1000)}`, `service-${Math.floor(i / 10)}`);
    mkdirSync(folder, { recursive: true });
    if (i % 10 === 9) writeFileSync(path.join(folder, `compose.${i}.yaml`), compose);
    else writeFileSync(path.join(folder, `${i}.Dockerfile`), dockerfile);
  }
}

export async function workspaceScan(files = 10_000): Promise<WorkspaceScanResult> {
  const root = mkdtempSync(path.join(tmpdir(), 'bulwark-bench-scan-'));
  writeWorkspace(root, files);
  const { client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(root).href], initializationOptions: { debounceMs: 0 } });
  const open = pathToFileURL(path.join(root, 'open', 'Dockerfile')).href;
  try {
    await client.open(open, 'dockerfile', 'FROM node:latest\nCMD ["node"]\n');
    await client.waitForDiagnostics(open, { version: 1 });
    const hoverTimes: number[] = [];
    let scanning = true;
    const hovering = (async () => {
      while (scanning) {
        const start = process.hrtime.bigint();
        await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: open }, position: { line: 0, character: 2 } });
        hoverTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    const start = process.hrtime.bigint();
    const summary = await client.connection.sendRequest<{ files: number }>('bulwark/scanWorkspace', { exclude: [] });
    const scanMs = Number(process.hrtime.bigint() - start) / 1e6;
    scanning = false;
    await hovering;
    hoverTimes.sort((a, b) => a - b);
    const at = (p: number) => hoverTimes[Math.min(hoverTimes.length - 1, Math.floor((p / 100) * hoverTimes.length))] ?? 0;
    return { files: summary.files, scanMs, filesPerSecond: summary.files / (scanMs / 1000), hovers: hoverTimes.length, hoverP50: at(50), hoverP99: at(99), hoverMax: hoverTimes[hoverTimes.length - 1] ?? 0 };
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  void workspaceScan().then((result) => console.log(JSON.stringify(result)));
}
