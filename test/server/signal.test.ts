import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeActionKind, CodeActionRequest, DiagnosticSeverity, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent } from 'vscode-languageserver/node';
import { LspTestClient } from './lsp-client';

/** A well-written three-service project: pinned tags, a secret as a file, cap_drop [ALL], no-new-privileges, non-root users. */
const GOOD_PROJECT: Record<string, string> = {
  'compose.yaml': `services:
  proxy:
    image: nginxinc/nginx-unprivileged:1.27-alpine
    ports:
      - "8080:8080"
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
    depends_on: [api]
  api:
    build: ./api
    environment:
      DATABASE_HOST: db
      DATABASE_PASSWORD_FILE: /run/secrets/db_password
    secrets: [db_password]
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
  worker:
    build: ./worker
    environment:
      QUEUE_URL: amqp://queue:5672
    cap_drop: [ALL]
    security_opt: ["no-new-privileges:true"]
secrets:
  db_password:
    file: ./secrets/db_password.txt
`,
  'api/Dockerfile': 'FROM node:20.18-alpine3.20\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY src/ ./src/\nUSER node\nCMD ["node", "src/server.js"]\n',
  'api/package.json': '{}\n',
  'worker/Dockerfile': 'FROM python:3.12.7-slim-bookworm\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY worker/ ./worker/\nUSER 10001:10001\nCMD ["python", "-m", "worker"]\n',
  'worker/requirements.txt': 'pika==1.3.2\n',
};

/** One service that draws many findings under `strict`, two of one rule on one line. */
const CROWDED = 'services:\n  web:\n    image: nginx\n    user: root\n    ports: ["80:80", "443:443"]\n';

const HOVER_CHARS_PER_FINDING = 1500;

/** What an editor counts in its Problems panel: hints are shown in the text only. */
const counted = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => d.severity !== DiagnosticSeverity.Hint);

describe('language server: a quiet default, short hovers and menus', () => {
  let client: LspTestClient;
  let root: string;
  const uri = (relative: string) => pathToFileURL(path.join(root, relative)).href;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'bulwark-signal-'));
    for (const [relative, text] of Object.entries(GOOD_PROJECT)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), text);
    }
    ({ client } = await LspTestClient.start({ workspaceFolders: [pathToFileURL(root).href], initializationOptions: { debounceMs: 0 } }));
  });
  after(() => {
    client.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('shows at most 3 problems on a well-written project by default, and its hardening advice as hints with strict', async () => {
    let total = 0;
    for (const file of ['compose.yaml', 'api/Dockerfile', 'worker/Dockerfile']) {
      await client.open(uri(file), file.endsWith('.yaml') ? 'dockercompose' : 'dockerfile', GOOD_PROJECT[file]);
      const { diagnostics } = await client.waitForDiagnostics(uri(file), { version: 1 });
      assert.deepEqual(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning), [], file);
      total += counted(diagnostics).length;
    }
    assert.ok(total <= 3, `${total} problems`);

    let since = client.published.length;
    await client.configure({ profile: 'strict' });
    // Lints of the default profile may still be on their way (the Dockerfiles opened relint the Compose file).
    let strict: Diagnostic[];
    do {
      const published = await client.waitForDiagnostics(uri('compose.yaml'), { since });
      since = client.published.indexOf(published) + 1;
      strict = published.diagnostics;
    } while (!strict.some((d) => d.code === 'memory-limit-missing'));
    const advice = strict.filter((d) => d.severity === DiagnosticSeverity.Hint).map((d) => String(d.code));
    for (const id of ['memory-limit-missing', 'writable-root-filesystem', 'healthcheck-missing', 'image-not-pinned-by-digest']) assert.ok(advice.includes(id), `${id} in ${advice.join(', ')}`);
    assert.equal(counted(strict).length, counted((await client.waitForDiagnostics(uri('compose.yaml'), { version: 1 })).diagnostics).length, 'advice is not counted');
  });

  // The profile is strict from here on (set by the test above): the crowded service gets every finding it can.
  it('shows the hardening advice strict adds on a run line as hints, cap_drop included (a warning in Compose)', async () => {
    const script = uri('scripts/dev-db.sh');
    await client.open(script, 'shellscript', '#!/bin/sh\ndocker run --rm -p 127.0.0.1:5432:5432 postgres:16.4\n');
    const { diagnostics } = await client.waitForDiagnostics(script, { version: 1 });
    const codes = diagnostics.map((d) => String(d.code));
    for (const id of ['cap-drop-missing', 'no-new-privileges-missing', 'memory-limit-missing']) assert.ok(codes.includes(id), `${id} in ${codes.join(', ')}`);
    assert.deepEqual(counted(diagnostics), [], 'advice is not counted');
  });

  it('hovers a crowded service key with each finding in at most 1,500 characters, linking to the full docs', async () => {
    const crowded = uri('crowded/compose.yaml');
    await client.open(crowded, 'dockercompose', CROWDED);
    const { diagnostics } = await client.waitForDiagnostics(crowded, { version: 1 });
    const onKey = diagnostics.filter((d) => d.range.start.line === 1);
    assert.ok(onKey.length >= 5, `only ${onKey.length} findings on the service key`);
    const hover = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: crowded }, position: { line: 1, character: 3 } });
    const value = (hover?.contents as MarkupContent).value;
    const sections = value.split('\n\n---\n\n');
    assert.equal(sections.length, new Set(onKey.map((d) => d.code)).size);
    for (const section of sections) {
      assert.ok(section.length <= HOVER_CHARS_PER_FINDING, `${section.length} characters:\n${section}`);
      assert.match(section, /\[Rule documentation\]\(https:\/\/\S+\/docs\/rules\/[a-z-]+\.md\)/);
      assert.doesNotMatch(section, /## (Example|Use instead)/);
    }
    assert.ok(value.length <= HOVER_CHARS_PER_FINDING * onKey.length);
    for (const diagnostic of onKey) assert.ok(value.includes(String(diagnostic.message).slice(0, 60)), `${diagnostic.code}'s message is in the hover`);
  });

  it('offers the real fixes first and one pair of "Ignore" entries per rule', async () => {
    const crowded = uri('crowded/compose.yaml');
    const { diagnostics } = await client.waitForDiagnostics(crowded, { version: 1 });
    for (const line of [1, 4]) {
      const onLine = diagnostics.filter((d) => d.range.start.line === line);
      const rules = new Set(onLine.map((d) => String(d.code)));
      const range = { start: { line, character: 0 }, end: { line, character: 0 } };
      const actions = (await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: crowded }, range, context: { diagnostics: onLine, only: [CodeActionKind.QuickFix] } })) as CodeAction[];
      const titles = actions.map((action) => action.title);
      const ignores = titles.filter((title) => title.startsWith('Ignore '));
      assert.equal(ignores.length, 2 * rules.size, titles.join('\n'));
      assert.equal(new Set(ignores).size, ignores.length, 'no entry repeated');
      const firstIgnore = titles.findIndex((title) => title.startsWith('Ignore '));
      assert.ok(firstIgnore > 0 && titles.slice(firstIgnore).every((title) => title.startsWith('Ignore ')), titles.join('\n'));
    }
    // Two findings of one rule on line 5 (two ports), each with its own fix, and one pair of Ignore entries.
    assert.equal(diagnostics.filter((d) => d.range.start.line === 4 && d.code === 'port-bound-to-all-interfaces').length, 2);
  });
});
