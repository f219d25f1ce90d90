/**
 * Per-keystroke latency through the real language server: didChange (one character typed, as an
 * incremental change) to the publishDiagnostics of that version, with the debounce off.
 */
import { LspTestClient } from '../test/server/lsp-client';
import { generateDockerfile } from './inputs';

export interface KeystrokeResult {
  lines: number;
  edits: number;
  p50: number;
  p99: number;
  max: number;
  serverStartMs: number;
}

export async function keystrokeLatency(lines = 500, edits = 1000): Promise<KeystrokeResult> {
  const started = process.hrtime.bigint();
  const { client } = await LspTestClient.start({ initializationOptions: { debounceMs: 0 } });
  const serverStartMs = Number(process.hrtime.bigint() - started) / 1e6;
  const uri = 'file:///bench/Dockerfile';
  const text = generateDockerfile(lines);
  const lineCount = text.split('\n').length - 1;
  try {
    await client.open(uri, 'dockerfile', text, 1);
    await client.waitForDiagnostics(uri, { version: 1 });
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const version = i + 2;
      // Type a space at the start of a line spread over the file (a leading space is harmless in a Dockerfile).
      const line = (i * 7919) % lineCount;
      const since = client.published.length;
      const start = process.hrtime.bigint();
      await client.change(uri, version, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: ' ' }]);
      await client.waitForDiagnostics(uri, { version, since });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      client.published.length = 0; // keep the client's own bookkeeping out of the figure
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
    return { lines: lineCount, edits, p50: at(50), p99: at(99), max: times[times.length - 1], serverStartMs };
  } finally {
    await client.shutdownAndExit().catch(() => client.dispose());
  }
}
