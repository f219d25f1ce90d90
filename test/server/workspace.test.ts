import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ServerWorkspace } from '../../server/workspace';

describe('the server workspace view', () => {
  let root: string;
  let open: TextDocument[];
  const uri = (path: string) => pathToFileURL(join(root, path)).href;
  const names = (entries: ReadonlyArray<{ name: string; isDirectory: boolean }> | undefined) => entries?.map((e) => `${e.name}${e.isDirectory ? '/' : ''}`).sort();
  const workspace = () => new ServerWorkspace({ get: (u) => open.find((d) => d.uri === u), all: () => open }, 1024);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'bulwark-view-'));
    mkdirSync(join(root, 'ws', 'src'), { recursive: true });
    writeFileSync(join(root, 'ws', 'Dockerfile'), 'FROM alpine:3.20\n');
    writeFileSync(join(root, 'outside.txt'), 'x');
    open = [];
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('lists and reads within the workspace folders only', () => {
    const view = workspace();
    view.setFolders([uri('ws')]);
    const inWs = view.viewFor(uri('ws/Dockerfile'));
    assert.deepEqual(names(inWs.listDirectory(`${uri('ws')}/`)), ['Dockerfile', 'src/']);
    assert.equal(inWs.listDirectory(`${pathToFileURL(root).href}/`), undefined);
    assert.equal(inWs.listDirectory(`${uri('ws')}/../`), undefined);
    assert.equal(inWs.readFile(uri('outside.txt')), undefined);
    assert.equal(inWs.readFile(uri('ws/Dockerfile')), 'FROM alpine:3.20\n');
  });

  it("without workspace folders, stays in the document's folder", () => {
    const view = workspace().viewFor(uri('ws/Dockerfile'));
    assert.deepEqual(names(view.listDirectory(uri('ws'))), ['Dockerfile', 'src/']);
    assert.equal(view.listDirectory(pathToFileURL(root).href), undefined);
  });

  it('adds open documents not saved yet, and their unsaved text wins', () => {
    open = [TextDocument.create(uri('ws/.env'), 'dotenv', 1, 'X=1'), TextDocument.create(uri('ws/Dockerfile'), 'dockerfile', 1, 'FROM scratch\n'), TextDocument.create(uri('ws/new/id_rsa'), 'plaintext', 1, '')];
    const view = workspace().viewFor(uri('ws/Dockerfile'));
    assert.deepEqual(names(view.listDirectory(uri('ws'))), ['.env', 'Dockerfile', 'new/', 'src/']);
    assert.deepEqual(names(view.listDirectory(uri('ws/new'))), ['id_rsa'], 'a folder only the open documents know');
    assert.equal(view.readFile(uri('ws/Dockerfile')), 'FROM scratch\n');
  });

  it('keeps listings only once told of file changes, and forgets those a change touches', () => {
    const server = workspace();
    const view = server.viewFor(uri('ws/Dockerfile'));
    writeFileSync(join(root, 'ws', 'a'), '');
    assert.ok(names(view.listDirectory(uri('ws')))?.includes('a'), 'lists afresh without a watcher');

    server.keepListings();
    view.listDirectory(uri('ws'));
    view.listDirectory(uri('ws/src'));
    writeFileSync(join(root, 'ws', 'b'), '');
    writeFileSync(join(root, 'ws', 'src', 'c'), '');
    assert.ok(!names(view.listDirectory(uri('ws')))?.includes('b'), 'kept');
    server.filesChanged([uri('ws/b')]);
    assert.ok(names(view.listDirectory(uri('ws')))?.includes('b'), 'the folder of a changed file is listed again');
    assert.deepEqual(names(view.listDirectory(uri('ws/src'))), [], 'another folder stays kept');
    server.filesChanged([uri('ws')]);
    assert.deepEqual(names(view.listDirectory(uri('ws/src'))), ['c'], 'a changed folder forgets what is under it');
  });

  it('keeps the texts read from the disk only with a watcher or during a scan, and forgets those a change touches', () => {
    const server = workspace();
    const view = server.viewFor(uri('ws/Dockerfile'));
    const file = join(root, 'ws', 'compose.kept.yaml');
    writeFileSync(file, 'one');
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'one');
    writeFileSync(file, 'two');
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'two', 'read afresh without a watcher');

    const ended = server.scanStarted();
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'two');
    view.listDirectory(uri('ws'));
    writeFileSync(file, 'three');
    writeFileSync(join(root, 'ws', 'scan-new'), '');
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'two', 'a scan reads each file once');
    assert.ok(!names(view.listDirectory(uri('ws')))?.includes('scan-new'), 'and lists each folder once');
    server.filesChanged([uri('ws/compose.kept.yaml')]);
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'three', 'a reported change is read again');
    writeFileSync(file, 'four');
    ended();
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'four', 'after the scan, read afresh again');

    server.keepListings();
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'four');
    writeFileSync(file, 'five');
    server.scanStarted()();
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'four', 'with a watcher, kept after a scan too');
    server.filesChanged([uri('ws')]);
    assert.equal(view.readFile(uri('ws/compose.kept.yaml')), 'five', 'a changed folder forgets the texts under it');
  });

  it('answers a read from a kept listing of its folder when the file is not there, and reads it once a change says it came', () => {
    const server = workspace();
    server.keepListings();
    const view = server.viewFor(uri('ws/Dockerfile'));
    view.listDirectory(uri('ws'));
    writeFileSync(join(root, 'ws', 'Dockerfile.dockerignore'), 'secrets/\n');
    assert.equal(view.readFile(uri('ws/Dockerfile.dockerignore')), undefined, 'not in the kept listing: not looked for');
    server.filesChanged([uri('ws/Dockerfile.dockerignore')]);
    assert.equal(view.readFile(uri('ws/Dockerfile.dockerignore')), 'secrets/\n');
  });
});
