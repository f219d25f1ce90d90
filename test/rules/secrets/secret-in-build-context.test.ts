import * as assert from 'node:assert/strict';
import { lint } from '../../../rules';
import { contextSecrets } from '../../../rules/model/build-context';
import { memoryWorkspace } from '../../helpers/memory-workspace';
import { ruleTester } from '../../helpers/rule-tester';

const DOCKERFILE = 'file:///proj/Dockerfile';
const COPY_ALL = 'FROM node:20\nWORKDIR /app\nCOPY . .\n';

/** A project at file:///proj/ with these files (relative paths), the Dockerfile at its root. */
function project(files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, text]) => [`file:///proj/${path}`, text]));
}

const withSecrets = project({ '.env': 'DB_PASSWORD=fake', 'deploy/id_rsa': 'fake key', 'src/index.js': '', 'package.json': '{}' });

ruleTester('secret-in-build-context', {
  valid: [
    { name: 'no workspace: nothing to read', code: COPY_ALL },
    { name: 'a context without secret-like files', code: COPY_ALL, uri: DOCKERFILE, files: project({ 'src/index.js': '', '.env.example': 'DB_PASSWORD=' }) },
    { name: '.dockerignore excludes them', code: COPY_ALL, uri: DOCKERFILE, files: { ...withSecrets, 'file:///proj/.dockerignore': '# secrets\n.env\ndeploy/\n' } },
    { name: '** in .dockerignore', code: COPY_ALL, uri: DOCKERFILE, files: { ...withSecrets, 'file:///proj/.dockerignore': '**/.env\n**/id_rsa\n' } },
    { name: 'an excluded folder with an exception for another file', code: COPY_ALL, uri: DOCKERFILE, files: { ...withSecrets, 'file:///proj/.dockerignore': '.env\ndeploy\n!deploy/README.md\n' } },
    { name: '<Dockerfile>.dockerignore takes precedence', code: COPY_ALL, uri: DOCKERFILE, files: { ...withSecrets, 'file:///proj/.dockerignore': 'node_modules\n', 'file:///proj/Dockerfile.dockerignore': '.env\ndeploy\n' } },
    { name: 'a folder without secrets', code: 'FROM node:20\nCOPY src/ /app/\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'a single file', code: 'FROM node:20\nCOPY package.json /app/\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'a secret file named outright is secret-file-copied', code: 'FROM node:20\nCOPY .env /app/\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'COPY --from another stage', code: 'FROM node:20 AS build\nFROM nginx:1.27\nCOPY --from=build . /usr/share/nginx/html\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'ADD of a URL', code: 'FROM alpine:3.20\nADD https://example.com/app.tar.gz /app/\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'COPY --exclude leaves them out', code: 'FROM node:20\nCOPY --exclude=.env --exclude=**/id_rsa . /app\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'COPY --exclude relative to the folder copied', code: 'FROM node:20\nCOPY --exclude=id_rsa deploy /opt/deploy\n', uri: DOCKERFILE, files: withSecrets },
    { name: 'a variable without a value', code: 'FROM node:20\nARG SRC\nCOPY $SRC /app\n', uri: DOCKERFILE, files: withSecrets },
  ],
  invalid: [
    {
      name: 'COPY . . with a .env and a private key',
      code: COPY_ALL,
      uri: DOCKERFILE,
      files: withSecrets,
      errors: [{ line: 3, column: 6, endLine: 3, endColumn: 7, message: 'COPY . copies 2 secret-like files of the build context into the image: .env, deploy/id_rsa. There is no .dockerignore to exclude them,', notMessage: 'fake' }],
    },
    {
      name: 'a .dockerignore that leaves them in',
      code: COPY_ALL,
      uri: DOCKERFILE,
      files: { ...withSecrets, 'file:///proj/.dockerignore': 'node_modules\n*.log\n' },
      errors: [{ line: 3, column: 6, message: 'into the image: .env, deploy/id_rsa. .dockerignore does not exclude them,' }],
    },
    {
      name: 'an exception brings one back',
      code: COPY_ALL,
      uri: DOCKERFILE,
      files: { ...withSecrets, 'file:///proj/.dockerignore': '.env\ndeploy/*\n!deploy/id_rsa\n' },
      errors: [{ line: 3, message: '1 secret-like file of the build context into the image: deploy/id_rsa. .dockerignore does not exclude it, and anyone who can pull the image can read it. Add it to .dockerignore.' }],
    },
    {
      name: '<Dockerfile>.dockerignore wins over .dockerignore',
      code: COPY_ALL,
      uri: DOCKERFILE,
      files: { ...withSecrets, 'file:///proj/.dockerignore': '.env\ndeploy\n', 'file:///proj/Dockerfile.dockerignore': 'node_modules\n' },
      errors: [{ line: 3, message: '.env, deploy/id_rsa. Dockerfile.dockerignore does not exclude them' }],
    },
    {
      name: 'a folder that holds a secret, as ./deploy or /deploy/',
      code: 'FROM alpine:3.20\nCOPY ./deploy /opt/deploy\nCOPY /deploy/ /opt/again\n',
      uri: DOCKERFILE,
      files: withSecrets,
      errors: [
        { line: 2, column: 6, endColumn: 14, message: 'deploy/id_rsa' },
        { line: 3, column: 6, endColumn: 14, message: 'deploy/id_rsa' },
      ],
    },
    {
      name: 'COPY --exclude of another file',
      code: 'FROM node:20\nCOPY --exclude=.env . /app\n',
      uri: DOCKERFILE,
      files: withSecrets,
      errors: [{ line: 2, column: 21, message: '1 secret-like file of the build context into the image: deploy/id_rsa.' }],
    },
    {
      name: 'a wildcard source',
      code: 'FROM node:20\nCOPY *.json ./\n',
      uri: DOCKERFILE,
      files: project({ 'package.json': '{}', 'credentials.json': '{}' }),
      errors: [{ line: 2, column: 6, endColumn: 12, message: 'credentials.json' }],
    },
    {
      name: 'a variable with a value, in the JSON form',
      code: 'FROM node:20\nARG SRC=.\nCOPY ["$SRC", "/app"]\n',
      uri: DOCKERFILE,
      files: withSecrets,
      errors: [{ line: 3, column: 8, endColumn: 12, message: 'COPY $SRC copies 2 secret-like files' }],
    },
    {
      name: 'more files than the message names',
      code: COPY_ALL,
      uri: DOCKERFILE,
      files: project({ '.env': '', '.npmrc': '', 'a.pem': '', 'b.key': '', '.aws/credentials': '' }),
      errors: [{ line: 3, message: '5 secret-like files of the build context into the image: .env, .npmrc, a.pem and 2 more.' }],
    },
    {
      name: 'every stage counts',
      code: 'FROM node:20 AS build\nCOPY . .\nFROM node:20-slim\nCOPY . .\n',
      uri: DOCKERFILE,
      files: withSecrets,
      errors: [{ line: 2 }, { line: 4 }],
    },
  ],
});

describe('secret-in-build-context: the context a Compose file gives', () => {
  const files = {
    'file:///proj/compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/Dockerfile\n',
    'file:///proj/docker/Dockerfile': COPY_ALL,
    'file:///proj/.env': 'DB_PASSWORD=fake',
    'file:///proj/docker/entrypoint.sh': '',
  };
  const findingsOf = (workspaceFiles: Record<string, string>, uri = 'file:///proj/docker/Dockerfile') =>
    lint({ uri, text: COPY_ALL }, { workspace: memoryWorkspace(workspaceFiles) }).findings.filter((f) => f.ruleId === 'secret-in-build-context');

  it('uses the build.context of the service that builds the Dockerfile, found in a folder above it', () => {
    const found = findingsOf(files);
    assert.equal(found.length, 1);
    assert.match(found[0].message, /build context of Compose service "web" \(compose\.yaml\) into the image: \.env\./);
    assert.equal(found[0].related?.[0].uri, 'file:///proj/compose.yaml');
    assert.equal(found[0].related?.[0].range.start.line, 2);
  });

  it('uses the Dockerfile folder when no Compose file builds it', () => {
    const { 'file:///proj/compose.yaml': _compose, ...rest } = files;
    assert.deepEqual(findingsOf(rest), []);
  });

  it('does not look above the folders the workspace lets it list', () => {
    const bounded = memoryWorkspace(files, 'file:///proj/docker/');
    const found = lint({ uri: 'file:///proj/docker/Dockerfile', text: COPY_ALL }, { workspace: bounded }).findings.filter((f) => f.ruleId === 'secret-in-build-context');
    assert.deepEqual(found, []);
    assert.equal(bounded.listings.has('file:///proj/'), true, 'asked, and was refused');
  });

  it('lists each folder once per lint, however many COPY instructions read the context', () => {
    const workspace = memoryWorkspace(files);
    lint({ uri: 'file:///proj/docker/Dockerfile', text: 'FROM node:20\nCOPY . .\nCOPY ./docker /d\nCOPY . /again\n' }, { workspace });
    assert.ok([...workspace.listings.values()].every((count) => count === 1), JSON.stringify([...workspace.listings]));
  });
});

describe('secret-in-build-context: the fix', () => {
  const fixOf = (files: Record<string, string>) => lint({ uri: DOCKERFILE, text: COPY_ALL }, { workspace: memoryWorkspace(files) }).findings.find((f) => f.ruleId === 'secret-in-build-context')?.fixes?.[0];

  it('creates .dockerignore at the context root when there is none', () => {
    const fix = fixOf(withSecrets);
    assert.equal(fix?.safe, true);
    assert.equal(fix?.title, 'Add the 2 secret-like files to .dockerignore');
    assert.deepEqual(fix?.edits, []);
    assert.deepEqual(fix?.files, [{ kind: 'create', uri: 'file:///proj/.dockerignore', text: '# Secrets stay out of the build context\n.env\ndeploy/id_rsa\n' }]);
  });

  it('appends to the ignore file in force, after its last line', () => {
    const fix = fixOf({ ...withSecrets, 'file:///proj/.dockerignore': 'node_modules\n.env.local' });
    assert.deepEqual(fix?.files, [
      { kind: 'edit', uri: 'file:///proj/.dockerignore', edits: [{ range: { start: { line: 1, character: 10 }, end: { line: 1, character: 10 } }, newText: '\n# Secrets stay out of the build context\n.env\ndeploy/id_rsa\n' }] },
    ]);
  });

  it('keeps the CRLF line ends of the ignore file', () => {
    const fix = fixOf({ ...withSecrets, 'file:///proj/.dockerignore': 'node_modules\r\n' });
    const edited = fix?.files?.[0];
    assert.ok(edited?.kind === 'edit');
    assert.equal(edited.edits[0].newText, '# Secrets stay out of the build context\r\n.env\r\ndeploy/id_rsa\r\n');
  });

  it('escapes pattern characters in names', () => {
    const fix = fixOf(project({ '[prod].env': '', '!x.pem': '' }));
    const created = fix?.files?.[0];
    assert.ok(created?.kind === 'create');
    assert.match(created.text, /^\/!x\.pem$/m);
  });
});

describe('secret-in-build-context: a large context', () => {
  const many = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`file:///proj/node_modules/pkg${i}/index.js`, '']));

  it('reads at most the bound, nearest the root first, and says the walk was cut', () => {
    const files = { ...many(50), 'file:///proj/.env': 'X=fake', 'file:///proj/node_modules/pkg1/.npmrc': '' };
    const secrets = contextSecrets({ folder: 'file:///proj/' }, DOCKERFILE, memoryWorkspace(files), 10);
    assert.deepEqual(secrets.files, ['.env']);
    assert.equal(secrets.truncated, true);
  });

  it('reports a cut walk that found nothing as info', () => {
    const found = lint({ uri: DOCKERFILE, text: COPY_ALL }, { workspace: memoryWorkspace(many(20_001)) }).findings.filter((f) => f.ruleId === 'secret-in-build-context');
    assert.equal(found.length, 1);
    assert.equal(found[0].severity, 'info');
    assert.match(found[0].message, /more than 20000 files and folders/);
  });
});
