import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_PROFILE, lint } from '../../rules';
import { LspTestClient } from './lsp-client';

/**
 * Random edit sequences through the real server: it never dies, and the diagnostics it publishes
 * last are those of a fresh lint of the final text. Seeded and small, like the engine's fuzzing.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150) / 5;
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');

const DOCUMENTS = [
  { name: 'Dockerfile', languageId: 'dockerfile', text: readFileSync(path.join(EXAMPLES, 'webapp', 'Dockerfile'), 'utf8') },
  { name: 'compose.yaml', languageId: 'dockercompose', text: readFileSync(path.join(EXAMPLES, 'webapp', 'compose.yaml'), 'utf8') },
];

interface Edit {
  at: number;
  length: number;
  text: string;
}

const EDIT: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 30 }),
  text: fc.oneof(
    fc.constantFrom('', ' ', '\n', '\r\n', '\r', '\0', '\ud800', '#', '\\', '[', ': ', '- ', 'USER root\n', 'ENV TOKEN=abcd1234secret\n', '    privileged: true\n', '&a', '*a'),
    fc.string({ maxLength: 12 }),
  ),
});

describe('server: fuzzing with random edit sequences (fast-check)', function () {
  this.timeout(120_000);
  let client: LspTestClient;
  let run = 0;

  before(async () => {
    ({ client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } }));
  });

  after(async () => {
    assert.equal(await client.shutdownAndExit(), 0);
  });

  for (const document of DOCUMENTS) {
    it(`${document.name}: the last diagnostics are a fresh lint of the final text`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(EDIT, { minLength: 1, maxLength: 8 }), async (edits) => {
          const uri = `file:///fuzz/run${run++}/${document.name}`;
          // The reference text: the same incremental updates the server applies.
          let text = TextDocument.create(uri, document.languageId, 1, document.text);
          await client.open(uri, document.languageId, document.text, 1);
          for (const edit of edits) {
            const start = text.positionAt(edit.at % (text.getText().length + 1));
            const end = text.positionAt(text.offsetAt(start) + edit.length);
            const change = { range: { start, end }, text: edit.text };
            text = TextDocument.update(text, [change], text.version + 1);
            await client.change(uri, text.version, [change]);
          }
          const published = await client.waitForDiagnostics(uri, { version: text.version });
          const expected = lint({ uri, text: text.getText(), languageId: document.languageId }, { profile: DEFAULT_PROFILE }).findings;
          assert.deepEqual(
            published.diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message })),
            expected.map((f) => ({ code: f.ruleId, range: f.range, message: f.message })),
          );
          await client.close(uri);
        }),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});
