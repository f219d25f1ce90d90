import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import {
  CancellationTokenSource,
  CodeActionRequest,
  HoverRequest,
  LSPErrorCodes,
  MessageType,
  ResponseError,
  type Diagnostic,
  type Position,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateCompose, generateDockerfile } from '../../bench/inputs';
import { DEFAULT_PROFILE, lint } from '../../rules';
import { assertWellFormed } from './fixtures';
import { LspTestClient } from './lsp-client';

/**
 * A soak test of the real server: 5,000 random incremental edits over 50 open documents of every
 * kind, interleaved with code-action and hover requests at random positions, some cancelled right
 * after they are sent. The server must answer every request, publish only diagnostics that fit the
 * version they are for, end with the diagnostics of a fresh lint, log no error, and keep its memory
 * bounded. Seeded: a failure replays with the same SOAK_SEED.
 */
const SEED = Number(process.env.SOAK_SEED ?? 20261123);
const EDITS = 5_000;
const DOCUMENTS = 50;
/** The RSS measured after the first edits is the baseline: by then the server has loaded its code and warmed its caches. */
const BASELINE_AFTER_EDITS = 1_000;
/**
 * How much the server's resident memory may grow from the baseline to the end: 4,000 more edits of
 * 50 small documents hold no more than a few megabytes of state (texts, diagnostics), and garbage
 * collection is not forced, so the bound is generous against a collector that has not run yet; a
 * leak of each version, each request or each lint grows far past it.
 */
const RSS_GROWTH_BOUND_MB = 100;

const REPOSITORY = path.resolve(__dirname, '..', '..', '..');
const CORPUS = path.resolve(REPOSITORY, '..', 'shared', 'corpus', 'real-world');

interface SoakDocument {
  uri: string;
  languageId: string;
  text: TextDocument;
  /** The line lengths of each version sent, to check the diagnostics published for it. */
  lineLengths: Map<number, number[]>;
}

/** A small fast deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function filesUnder(folder: string, name: RegExp): string[] {
  if (!existsSync(folder)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const absolute = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...filesUnder(absolute, name));
    else if (entry.isFile() && name.test(entry.name)) found.push(absolute);
  }
  return found.sort();
}

/** `count` texts: real-world files when the corpus is there (spread over it), generated ones for the rest. */
function texts(files: string[], count: number, generate: (i: number) => string): string[] {
  const step = Math.max(1, Math.floor(files.length / count));
  const real = files.filter((file) => statSync(file).size < 64 * 1024).filter((_, i) => i % step === 0);
  return Array.from({ length: count }, (_, i) => (i < real.length ? readFileSync(real[i], 'utf8') : generate(i)));
}

function soakDocuments(): Array<{ uri: string; languageId: string; text: string }> {
  const examples = path.join(REPOSITORY, 'examples');
  const daemons = filesUnder(examples, /^daemon\.json$/).map((file) => readFileSync(file, 'utf8'));
  const units = filesUnder(examples, /\.conf$/).map((file) => readFileSync(file, 'utf8'));
  const dockerfiles = texts(filesUnder(CORPUS, /^Dockerfile/), 20, (i) => generateDockerfile(20 + 10 * i));
  const composes = texts(filesUnder(CORPUS, /^(docker-)?compose.*\.ya?ml$/), 16, (i) => generateCompose(1 + i));
  const documents = [
    ...dockerfiles.map((text) => ({ name: 'Dockerfile', languageId: 'dockerfile', text })),
    ...composes.map((text) => ({ name: 'compose.yaml', languageId: 'dockercompose', text })),
    ...Array.from({ length: 7 }, (_, i) => ({ name: 'daemon.json', languageId: 'json', text: daemons[i % daemons.length] })),
    ...Array.from({ length: 7 }, (_, i) => ({ name: i % 2 ? 'docker.service' : 'docker.service.d/override.conf', languageId: 'ini', text: units[i % units.length] })),
  ];
  assert.equal(documents.length, DOCUMENTS);
  // One folder each: the documents are linted alone, as the reference lint reads them.
  return documents.map(({ name, languageId, text }, i) => ({ uri: `file:///soak/doc${i}/${name}`, languageId, text }));
}

/** Snippets typed into the documents: keywords, YAML and JSON punctuation, secrets, junk. */
const SNIPPETS = ['', ' ', '\n', '\r\n', '\\\n', '\0', '\ud800', '#', '"', '[', ']', '{', '}', ': ', '- ', '&a ', '*a', '$', '${', 'USER root\n', 'ENV API_TOKEN=tok-1234567890abcdef\n', 'RUN curl -fsSL https://example.com/i.sh | sh\n', '    privileged: true\n', '    cap_drop: [ALL]\n', '"icc": true,', 'ExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n', 'FROM ubuntu:latest\n'];

function vmRssMegabytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  return kilobytes / 1024;
}

function rangeFits(range: Diagnostic['range'], lineLengths: readonly number[]): boolean {
  return [range.start, range.end].every(({ line, character }) => line >= 0 && line < lineLengths.length && character >= 0 && character <= lineLengths[line]);
}

describe('language server: soak', function () {
  // A hang detector: the soak takes well under a minute on two cores.
  this.timeout(300_000);

  it('5,000 random edits over 50 documents, with hovers, code actions and cancellations: every request answered, memory bounded', async () => {
    const started = Date.now();
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
    try {
      const documents: SoakDocument[] = soakDocuments().map(({ uri, languageId, text }) => ({ uri, languageId, text: TextDocument.create(uri, languageId, 1, text), lineLengths: new Map() }));
      const corpusLines = documents.flatMap((document) => document.text.getText().split('\n'));
      const remember = (document: SoakDocument) => document.lineLengths.set(document.text.version, document.text.getText().split(/\r\n|\r|\n/).map((line) => line.length));
      for (const document of documents) {
        remember(document);
        await client.open(document.uri, document.languageId, document.text.getText(), 1);
      }

      const randomPosition = (document: SoakDocument): Position => document.text.positionAt(Math.floor(next() * (document.text.getText().length + 1)));
      const answers: Array<Promise<'answered' | 'cancelled'>> = [];
      let cancelledRequests = 0;
      const request = (document: SoakDocument) => {
        const source = new CancellationTokenSource();
        const position = randomPosition(document);
        const sent =
          next() < 0.5
            ? client.connection.sendRequest(HoverRequest.type, { textDocument: { uri: document.uri }, position }, source.token)
            : client.connection.sendRequest(
                CodeActionRequest.type,
                {
                  textDocument: { uri: document.uri },
                  range: { start: position, end: position },
                  // Some ask for the whole-document fixes, which lint the document afresh.
                  context: { diagnostics: client.publishedFor(document.uri).at(-1)?.diagnostics ?? [], only: next() < 0.25 ? ['source.fixAll'] : undefined },
                },
                source.token,
              );
        const cancel = next() < 0.3;
        if (cancel) {
          source.cancel();
          cancelledRequests++;
        }
        answers.push(
          sent.then(
            () => 'answered' as const,
            (error: unknown) => {
              // Only a cancelled request may fail, and only as cancelled.
              if (cancel && error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled) return 'cancelled' as const;
              throw error;
            },
          ),
        );
      };

      const edit = async (document: SoakDocument) => {
        const text = document.text.getText();
        const start = Math.floor(next() * (text.length + 1));
        const roll = next();
        // Insertions, deletions, replacements, and whole lines pasted from another document.
        const length = roll < 0.3 ? 0 : Math.floor(next() * 40);
        const inserted = roll < 0.55 || roll >= 0.85 ? (next() < 0.3 ? `${pick(corpusLines)}\n` : pick(SNIPPETS)) : '';
        const change = { range: { start: document.text.positionAt(start), end: document.text.positionAt(start + length) }, text: roll >= 0.3 && roll < 0.55 ? '' : inserted };
        document.text = TextDocument.update(document.text, [change], document.text.version + 1);
        remember(document);
        await client.change(document.uri, document.text.version, [change]);
      };

      /** The server handles messages in order: once the last edit's diagnostics and every answer are in, it is idle. */
      const settle = async (last: SoakDocument) => {
        await client.waitForDiagnostics(last.uri, { version: last.text.version });
        return Promise.all(answers);
      };

      let baselineMb: number | undefined;
      let last = documents[0];
      for (let i = 1; i <= EDITS; i++) {
        last = pick(documents);
        await edit(last);
        if (next() < 0.3) request(pick(documents));
        if (i === BASELINE_AFTER_EDITS && process.platform === 'linux' && client.pid !== undefined) {
          await settle(last);
          baselineMb = vmRssMegabytes(client.pid);
        }
      }
      const outcomes = await settle(last);
      const endMb = baselineMb !== undefined && client.pid !== undefined ? vmRssMegabytes(client.pid) : undefined;

      // Every request answered; the cancelled ones with a result or as cancelled.
      assert.ok(outcomes.length > EDITS * 0.25, `${outcomes.length} requests`);
      const cancelledAnswers = outcomes.filter((outcome) => outcome === 'cancelled').length;
      assert.ok(cancelledAnswers <= cancelledRequests);
      // A cancellation sent right behind its request mostly arrives before the server gets to it: that work is skipped.
      assert.ok(cancelledAnswers > 0, 'the server honours $/cancelRequest');

      // Every diagnostic fits the version it was published for.
      const byUri = new Map(documents.map((document) => [document.uri, document]));
      for (const published of client.published as PublishDiagnosticsParams[]) {
        const document = byUri.get(published.uri);
        assert.ok(document, `published for a document never opened: ${published.uri}`);
        assert.ok(published.version !== undefined, 'a version');
        const lineLengths = document.lineLengths.get(published.version);
        assert.ok(lineLengths, `${published.uri}: published for version ${published.version}, never sent`);
        for (const diagnostic of published.diagnostics) {
          assertWellFormed(diagnostic);
          assert.ok(rangeFits(diagnostic.range, lineLengths), `${published.uri}@${published.version}: ${diagnostic.code} ${JSON.stringify(diagnostic.range)} outside the text`);
        }
      }

      // The last diagnostics of each document are those of a fresh lint of its final text.
      for (const document of documents) {
        const published = await client.waitForDiagnostics(document.uri, { version: document.text.version });
        const expected = lint({ uri: document.uri, text: document.text.getText(), languageId: document.languageId }, { profile: DEFAULT_PROFILE }).findings;
        assert.deepEqual(
          published.diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message })),
          expected.map((f) => ({ code: f.ruleId, range: f.range, message: f.message })),
          document.uri,
        );
      }

      assert.deepEqual(client.logMessages.filter((message) => message.type === MessageType.Error), [], 'no error logged');

      const seconds = (Date.now() - started) / 1000;
      const rss = baselineMb === undefined || endMb === undefined ? 'not measured (Linux only)' : `${baselineMb.toFixed(0)} MB after ${BASELINE_AFTER_EDITS} edits, ${endMb.toFixed(0)} MB at the end`;
      console.log(`      ${EDITS} edits, ${outcomes.length} requests (${cancelledRequests} cancelled, ${cancelledAnswers} answered as cancelled), RSS ${rss}, ${seconds.toFixed(1)} s`);
      if (baselineMb !== undefined && endMb !== undefined) assert.ok(endMb - baselineMb < RSS_GROWTH_BOUND_MB, `RSS grew from ${baselineMb.toFixed(0)} MB to ${endMb.toFixed(0)} MB`);

      assert.equal(await client.shutdownAndExit(), 0);
    } finally {
      client.dispose();
    }
  });
});
