import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanJson, useTree } from './helpers';

const COPY_ALL = 'FROM node:20\nUSER node\nCOPY . /app\n';

function buildContextFindings(args: string[], cwd: string): Array<{ path: string; line: number; message: string }> {
  const { run, report } = scanJson(args, cwd);
  assert.equal(run.stderr, '');
  return report.files.flatMap((file) => file.findings.filter((f) => f.ruleId === 'secret-in-build-context').map((f) => ({ path: file.path, line: f.line, message: f.message })));
}

describe('bulwark scan: the build context on the disk', () => {
  const tree = useTree({
    'outer/compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      dockerfile: app/Dockerfile\n',
    'outer/.env': 'TOKEN=fake\n',
    'outer/app/Dockerfile': COPY_ALL,
    'outer/app/server.js': '',
    'plain/Dockerfile': COPY_ALL,
    'plain/certs/server.key': 'fake\n',
    'plain/node_modules/x/.npmrc': '//registry.npmjs.org/:_authToken=fake\n',
    'ignored/Dockerfile': COPY_ALL,
    'ignored/.dockerignore': '**/*.key\n',
    'ignored/certs/server.key': 'fake\n',
  });

  it('walks the Dockerfile folder, node_modules included, and honours .dockerignore', () => {
    const found = buildContextFindings(['plain', 'ignored'], tree());
    assert.deepEqual(found.map((f) => `${f.path}:${f.line}`), ['plain/Dockerfile:3']);
    assert.match(found[0].message, /: certs\/server\.key, node_modules\/x\/\.npmrc\. There is no \.dockerignore/);
  });

  it('takes the context from a Compose file above the Dockerfile, within the scanned folders', () => {
    const found = buildContextFindings(['outer'], tree());
    assert.deepEqual(found.map((f) => `${f.path}:${f.line}`), ['outer/app/Dockerfile:3']);
    assert.match(found[0].message, /Compose service "app" \(compose\.yaml\) into the image: \.env\./);
  });

  it('does not list folders above the current folder and the scanned ones', () => {
    assert.deepEqual(buildContextFindings(['.'], join(tree(), 'outer', 'app')), []);
  });
});

describe('bulwark scan --fix: secrets kept out of the build context', () => {
  const tree = useTree({
    'new/Dockerfile': COPY_ALL,
    'new/.env': 'TOKEN=fake\n',
    'existing/Dockerfile': COPY_ALL,
    'existing/.dockerignore': 'node_modules',
    'existing/keys/deploy.pem': 'fake\n',
  });

  it('creates .dockerignore, or appends to the one there, and the findings are gone', () => {
    const { run } = scanJson(['--fix', 'new', 'existing'], tree());
    assert.match(run.stderr, /applied 2 fixes/);
    assert.equal(readFileSync(join(tree(), 'new', '.dockerignore'), 'utf8'), '# Secrets stay out of the build context\n.env\n');
    assert.equal(readFileSync(join(tree(), 'existing', '.dockerignore'), 'utf8'), 'node_modules\n# Secrets stay out of the build context\nkeys/deploy.pem\n');
    assert.deepEqual(buildContextFindings(['new', 'existing'], tree()), []);
  });
});
