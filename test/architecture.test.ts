import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { rules } from '../rules';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function sourcesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const full = path.join(folder, entry);
    if (statSync(full).isDirectory()) return sourcesUnder(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

/** Module names a file imports or requires. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|require\(\s*|import\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]);
}

describe('architecture: the doors open one way', () => {
  it('the engine (rules/) imports neither vscode, nor an LSP package, nor the file system or the network', () => {
    const forbidden = /^(?:vscode|vscode-languageserver.*|vscode-languageclient.*|vscode-jsonrpc.*|(?:node:)?(?:fs|fs\/promises|net|http|https|child_process|dgram|tls))$/;
    const offenders = sourcesUnder(path.join(REPO_ROOT, 'rules')).flatMap((file) =>
      importsOf(file).filter((name) => forbidden.test(name)).map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the engine does not reach into the server, the client, the CLI or the registry client', () => {
    const offenders = sourcesUnder(path.join(REPO_ROOT, 'rules')).flatMap((file) =>
      importsOf(file).filter((name) => /(?:^|\/)(?:server|client|cli|registry)\//.test(name)).map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the registry client (registry/) is shared by the server and the CLI: it imports neither of them, nor the client or an LSP package', () => {
    const offenders = sourcesUnder(path.join(REPO_ROOT, 'registry')).flatMap((file) =>
      importsOf(file)
        .filter((name) => /(?:^|\/)(?:server|client|cli)\/|^vscode/.test(name))
        .map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the two front ends (cli/ and server/) do not import each other: what both need from Node lives in disk/', () => {
    const offenders = ['cli', 'server'].flatMap((frontEnd) => {
      const other = frontEnd === 'cli' ? 'server' : 'cli';
      return sourcesUnder(path.join(REPO_ROOT, frontEnd)).flatMap((file) =>
        importsOf(file).filter((name) => new RegExp(`(?:^|/)${other}(?:/|$)`).test(name)).map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
      );
    });
    assert.deepEqual(offenders, []);
  });

  it('the shared disk access (disk/) imports neither front end, nor the client, the registry client or an LSP package', () => {
    const offenders = sourcesUnder(path.join(REPO_ROOT, 'disk')).flatMap((file) =>
      importsOf(file)
        .filter((name) => /(?:^|\/)(?:server|client|cli|registry)(?:\/|$)|^vscode/.test(name))
        .map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('the client holds no linting logic: it does not import the engine', () => {
    const offenders = sourcesUnder(path.join(REPO_ROOT, 'client')).flatMap((file) =>
      importsOf(file).filter((name) => /(?:^|\/)rules(?:\/|$)/.test(name)).map((name) => `${path.relative(REPO_ROOT, file)} imports ${name}`),
    );
    assert.deepEqual(offenders, []);
  });

  it('every rule lives in rules/catalog/<its category>/<its id>.ts', () => {
    const catalog = path.join(REPO_ROOT, 'rules', 'catalog');
    const expected = rules.map((rule) => `${rule.category}/${rule.id}.ts`).sort();
    const ruleFiles = sourcesUnder(catalog)
      .map((file) => path.relative(catalog, file).split(path.sep).join('/'))
      .filter((file) => /^export default (?:\{|defineRule\(|[a-zA-Z]+;)/m.test(readFileSync(path.join(catalog, file), 'utf8')));
    assert.deepEqual(ruleFiles.sort(), expected);
  });
});
