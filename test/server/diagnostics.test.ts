import * as assert from 'node:assert/strict';
import { DiagnosticSeverity as Severity } from 'vscode-languageserver/node';
import { toDiagnostic } from '../../server/diagnostics';
import { assertDiagnostics, COMPOSE, DOCKERFILE, EXPECTED_DOCKERFILE, range, SECRET } from './fixtures';
import { LspTestClient } from './lsp-client';

const EXPECTED_COMPOSE = [
  { code: 'cap-drop-missing', severity: Severity.Warning, range: range(1, 2, 1, 5) },
  { code: 'image-latest-tag', severity: Severity.Warning, range: range(2, 11, 2, 23) },
  { code: 'root-user', severity: Severity.Warning, range: range(3, 10, 3, 14) },
];

describe('language server: diagnostics', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  it('publishes a Dockerfile’s findings with exact ranges, codes, severities, source and docs links', async () => {
    const uri = 'file:///project/dockerfile/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    const { version, diagnostics } = await client.waitForDiagnostics(uri);
    assert.equal(version, 1);
    assertDiagnostics(diagnostics, EXPECTED_DOCKERFILE);
    assert.equal(diagnostics.find((diagnostic) => diagnostic.code === 'secret-in-env')?.codeDescription?.href, 'https://github.com/bulwark-lint/bulwark/blob/main/docs/rules/secret-in-env.md');
  });

  it('publishes a compose file’s findings', async () => {
    const uri = 'file:///project/compose/compose.yaml';
    await client.open(uri, 'dockercompose', COMPOSE);
    const { version, diagnostics } = await client.waitForDiagnostics(uri);
    assert.equal(version, 1);
    assertDiagnostics(diagnostics, EXPECTED_COMPOSE);
  });

  it('lints a compose file that the editor opened as plain yaml', async () => {
    const uri = 'file:///project/yaml/docker-compose.yml';
    await client.open(uri, 'yaml', COMPOSE);
    assertDiagnostics((await client.waitForDiagnostics(uri)).diagnostics, EXPECTED_COMPOSE);
  });

  it('publishes nothing for documents that are neither Dockerfiles nor compose files', async () => {
    const yamlUri = 'file:///project/other/settings.yaml';
    const textUri = 'file:///project/other/notes.txt';
    await client.open(yamlUri, 'yaml', COMPOSE);
    await client.open(textUri, 'plaintext', DOCKERFILE);
    await client.close(yamlUri);
    // Notifications are handled in order: once a later document's diagnostics arrive, any for these would have too.
    const laterUri = 'file:///project/other/Dockerfile';
    await client.open(laterUri, 'dockerfile', DOCKERFILE);
    await client.waitForDiagnostics(laterUri);
    assert.deepEqual(client.publishedFor(yamlUri), []);
    assert.deepEqual(client.publishedFor(textUri), []);
  });

  it('gives related locations in the same document that document’s uri', async () => {
    const uri = 'file:///project/anchors/compose.yaml';
    const text = `x-env: &env\n  DB_PASSWORD: ${SECRET}\nservices:\n  web:\n    image: nginx:1.27\n    environment: *env\n`;
    await client.open(uri, 'dockercompose', text);
    const { diagnostics } = await client.waitForDiagnostics(uri);
    const secret = diagnostics.find((diagnostic) => diagnostic.code === 'secret-in-env');
    assert.deepEqual(secret?.range, range(5, 17, 5, 21));
    assert.deepEqual(secret?.relatedInformation?.map(({ location }) => location), [{ uri, range: range(1, 2, 1, 13) }]);
    assert.match(secret?.relatedInformation?.[0].message ?? '', /DB_PASSWORD/);
  });
});

describe('toDiagnostic', () => {
  const documentUri = 'file:///project/Dockerfile';
  const finding = { ruleId: 'root-user', range: range(2, 0, 2, 9), message: 'runs as root' };

  it('maps error, warning and info to the LSP severities', () => {
    assert.equal(toDiagnostic({ ...finding, severity: 'error' }, documentUri).severity, Severity.Error);
    assert.equal(toDiagnostic({ ...finding, severity: 'warning' }, documentUri).severity, Severity.Warning);
    assert.equal(toDiagnostic({ ...finding, severity: 'info' }, documentUri).severity, Severity.Information);
  });

  it('keeps the uri of a related location in another file and fills in the document’s own otherwise', () => {
    const otherUri = 'file:///project/compose.yaml';
    const diagnostic = toDiagnostic(
      {
        ...finding,
        severity: 'warning',
        related: [
          { uri: otherUri, range: range(4, 6, 4, 10), message: 'built here' },
          { range: range(0, 0, 0, 4), message: 'the stage starts here' },
        ],
      },
      documentUri,
    );
    assert.deepEqual(diagnostic.relatedInformation, [
      { location: { uri: otherUri, range: range(4, 6, 4, 10) }, message: 'built here' },
      { location: { uri: documentUri, range: range(0, 0, 0, 4) }, message: 'the stage starts here' },
    ]);
  });

  it('leaves relatedInformation out when there is none', () => {
    assert.equal('relatedInformation' in toDiagnostic({ ...finding, severity: 'info' }, documentUri), false);
  });
});
