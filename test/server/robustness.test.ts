import * as assert from 'node:assert/strict';
import { DiagnosticSeverity as Severity, ErrorCodes, type ResponseError } from 'vscode-languageserver/node';
import { assertDiagnostics, assertWellFormed, DOCKERFILE, EXPECTED_DOCKERFILE, range, SECRET, type ExpectedDiagnostic } from './fixtures';
import { LspTestClient } from './lsp-client';

/** Every byte value, and a lone surrogate that cannot even be encoded as UTF-8. */
const BINARY = Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte)).join('').repeat(64) + '\ud800';
const FIVE_MEGABYTES = `services:\n  web:\n    image: nginx:latest\n${'#'.repeat(5 * 1024 * 1024)}\n`;

interface JunkCase {
  name: string;
  fileName: string;
  languageId: string;
  text: string;
  /** When given, the diagnostics the document must get; otherwise any well-formed ones, or none. */
  expected?: ExpectedDiagnostic[];
}

const JUNK: JunkCase[] = [
  { name: 'binary bytes as a Dockerfile', fileName: 'Dockerfile', languageId: 'dockerfile', text: BINARY },
  { name: 'binary bytes as a compose file', fileName: 'compose.yaml', languageId: 'dockercompose', text: BINARY },
  {
    name: 'invalid YAML',
    fileName: 'compose.yaml',
    languageId: 'dockercompose',
    text: 'services:\n  web: [\n    image: nginx\n',
    expected: [{ code: 'parse-error', severity: Severity.Error, range: range(3, 0, 3, 0) }],
  },
  {
    name: 'a 5 MB compose file',
    fileName: 'compose.yaml',
    languageId: 'dockercompose',
    text: FIVE_MEGABYTES,
    expected: [{ code: 'file-too-large', severity: Severity.Information, range: range(0, 0, 0, 9) }],
  },
  {
    name: 'CRLF line ends',
    fileName: 'Dockerfile',
    languageId: 'dockerfile',
    text: DOCKERFILE.replace(/\n/g, '\r\n'),
    expected: EXPECTED_DOCKERFILE,
  },
  {
    // Positions count UTF-16 code units of the text as sent, byte order mark included.
    name: 'a byte order mark',
    fileName: 'Dockerfile',
    languageId: 'dockerfile',
    text: `\ufeff${DOCKERFILE}`,
    expected: [
      { code: 'root-user', severity: Severity.Warning, range: range(0, 1, 0, 12) },
      { code: 'image-untagged', severity: Severity.Warning, range: range(0, 6, 0, 12) },
      { code: 'secret-in-env', severity: Severity.Error, range: range(1, 4, 1, 33) },
    ],
  },
  {
    name: 'tabs',
    fileName: 'Dockerfile',
    languageId: 'dockerfile',
    text: `FROM\tubuntu\n\tENV\tDB_PASSWORD=${SECRET}\n`,
    expected: [
      { code: 'root-user', severity: Severity.Warning, range: range(0, 0, 0, 11) },
      { code: 'image-untagged', severity: Severity.Warning, range: range(0, 5, 0, 11) },
      { code: 'secret-in-env', severity: Severity.Error, range: range(1, 5, 1, 34) },
    ],
  },
  { name: 'an empty Dockerfile', fileName: 'Dockerfile', languageId: 'dockerfile', text: '' },
  { name: 'an empty compose file', fileName: 'compose.yaml', languageId: 'dockercompose', text: '' },
  { name: 'a compose file of one scalar', fileName: 'compose.yaml', languageId: 'dockercompose', text: '42\n' },
];

describe('language server: robustness', () => {
  let client: LspTestClient;
  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });
  after(() => client.dispose());

  /** Notifications are handled in order: when a later document's diagnostics arrive, the server has dealt with everything sent before. */
  async function assertServerStillAnswers(name: string): Promise<void> {
    const uri = `file:///project/after-${encodeURIComponent(name)}/Dockerfile`;
    await client.open(uri, 'dockerfile', DOCKERFILE);
    assert.notDeepEqual((await client.waitForDiagnostics(uri)).diagnostics, []);
  }

  for (const junk of JUNK) {
    it(`survives ${junk.name}`, async () => {
      const uri = `file:///project/junk-${encodeURIComponent(junk.name)}/${junk.fileName}`;
      await client.open(uri, junk.languageId, junk.text);
      await assertServerStillAnswers(junk.name);
      const published = client.publishedFor(uri);
      assert.ok(published.length <= 1, 'published once at most');
      for (const { version, diagnostics } of published) {
        assert.equal(version, 1);
        diagnostics.forEach(assertWellFormed);
      }
      if (junk.expected) {
        assert.equal(published.length, 1, 'published');
        assertDiagnostics(published[0].diagnostics, junk.expected);
      }
    });
  }

  it('survives edits outside the document and notifications about documents it never saw', async () => {
    const uri = 'file:///project/odd-edits/Dockerfile';
    await client.open(uri, 'dockerfile', DOCKERFILE);
    await client.change(uri, 2, [{ range: range(1000, 5, 1200, 0), text: 'USER 10001\n' }]);
    await client.change('file:///project/never-opened/Dockerfile', 7, [{ range: range(0, 0, 0, 0), text: 'FROM x\n' }]);
    await client.close('file:///project/never-opened/compose.yaml');
    (await client.waitForDiagnostics(uri, { version: 2 })).diagnostics.forEach(assertWellFormed);
    await assertServerStillAnswers('odd edits');
  });

  it('answers requests after all of it', async () => {
    await assert.rejects(client.connection.sendRequest('bulwark/noSuchRequest', {}), (error: ResponseError<unknown>) => error.code === ErrorCodes.MethodNotFound);
  });
});

describe('language server: secrets', () => {
  it('never sends a planted secret in full, whatever the document', async () => {
    const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
    try {
      const documents: Array<[string, string, string]> = [
        ['file:///project/secrets/Dockerfile', 'dockerfile', DOCKERFILE],
        ['file:///project/secrets/compose.yaml', 'dockercompose', `services:\n  db:\n    image: postgres:16\n    environment:\n      DB_PASSWORD: ${SECRET}\n      - oops\n`],
        ['file:///project/secrets/docker-compose.yml', 'yaml', `x-env: &env\n  DB_PASSWORD: ${SECRET}\nservices:\n  web:\n    image: nginx\n    environment: *env\n`],
        ['file:///project/secrets/broken/compose.yaml', 'dockercompose', `services:\n  db:\n    environment:\n      DB_PASSWORD: "${SECRET}\n`],
        ['file:///project/secrets/Containerfile', 'dockerfile', `FROM alpine:3.20\nDB_PASSWORD=${SECRET}\nRUN curl -u admin:${SECRET} https://example.com\n`],
        ['file:///project/secrets/notes.txt', 'plaintext', DOCKERFILE],
      ];
      for (const [uri, languageId, text] of documents) await client.open(uri, languageId, text);
      await client.change(documents[0][0], 2, [{ range: range(1, 4, 1, 15), text: 'API_TOKEN' }]);
      await client.configure({ rules: { 'secret-in-env': 'warning' } });
      for (const [uri] of documents) await client.close(uri);
      // The server answers shutdown after handling, and publishing for, everything sent before.
      assert.equal(await client.shutdownAndExit(), 0);

      const output = client.output();
      assert.match(output, /secret-in-env/, 'the diagnostics are in the captured output');
      assert.equal(output.toLowerCase().includes(SECRET.toLowerCase()), false, 'the secret is not');
    } finally {
      client.dispose();
    }
  });
});
