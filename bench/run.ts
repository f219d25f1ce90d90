/**
 * `npm run bench`: lint latency per edit on generated files and throughput on the real-world corpus.
 * It prints figures and never fails on time; run it on an otherwise idle machine.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { detectKind, lint, type LintDocument } from '../rules';
import { generateCompose, generateDockerfile } from './inputs';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CORPUS = process.env.BULWARK_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-world');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Lints `edits` successive versions of a document, each with one line changed, as typing does. */
function editLatency(name: string, document: LintDocument, edits: number): void {
  const lines = document.text.split('\n');
  for (let i = 0; i < 50; i++) lint(document); // warm-up: JIT and lazily loaded secret patterns
  const times: number[] = [];
  for (let i = 0; i < edits; i++) {
    const line = (i * 7919) % lines.length;
    const edited = lines.slice();
    edited[line] = `${edited[line]}${i % 2 === 0 ? ' ' : ''}`;
    const text = edited.join('\n');
    const start = process.hrtime.bigint();
    lint({ ...document, text });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`${name.padEnd(34)} ${String(lines.length).padStart(6)} lines  p50 ${percentile(times, 50).toFixed(2).padStart(7)} ms  p99 ${percentile(times, 99).toFixed(2).padStart(7)} ms  max ${times[times.length - 1].toFixed(2).padStart(7)} ms`);
}

function corpusFiles(dir: string): LintDocument[] {
  const documents: LintDocument[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (detectKind(entry)) documents.push({ uri: full, text: readFileSync(full, 'utf8') });
    }
  };
  walk(dir);
  return documents;
}

function throughput(documents: LintDocument[]): void {
  const bytes = documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0);
  const pass = () => {
    const start = process.hrtime.bigint();
    let findings = 0;
    for (const document of documents) findings += lint(document).findings.length;
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, findings };
  };
  const cold = pass();
  const warm = Array.from({ length: 9 }, pass).map((p) => p.ms).sort((a, b) => a - b);
  const median = warm[Math.floor(warm.length / 2)];
  const report = (label: string, ms: number) =>
    console.log(`${label.padEnd(34)} ${String(documents.length).padStart(6)} files  ${ms.toFixed(1).padStart(8)} ms  ${(documents.length / (ms / 1000)).toFixed(0).padStart(7)} files/s  ${(bytes / 1e6 / (ms / 1000)).toFixed(2).padStart(6)} MB/s`);
  report('corpus, first pass (cold)', cold.ms);
  report('corpus, warm pass (median of 9)', median);
  console.log(`${''.padEnd(34)} ${cold.findings} findings, ${(bytes / 1024).toFixed(0)} KB`);
}

function main(): void {
  console.log(`Bulwark benchmark — node ${process.version}, ${new Date().toISOString()}`);
  console.log('\nLatency per edit (one line changed, whole document re-linted):');
  editLatency('Dockerfile, generated', { uri: 'Dockerfile', text: generateDockerfile(500) }, 1000);
  editLatency('Dockerfile, generated, 5,000 lines', { uri: 'Dockerfile', text: generateDockerfile(5000) }, 100);
  editLatency('compose, 100 services', { uri: 'compose.yaml', text: generateCompose(100) }, 1000);

  console.log(`\nThroughput on the real-world corpus:`);
  if (!existsSync(CORPUS)) {
    console.log(`  corpus not found (set BULWARK_CORPUS to its folder); skipped`);
  } else {
    const documents = corpusFiles(CORPUS);
    throughput(documents.filter((d) => detectKind(d.uri) === 'dockerfile').map((d) => ({ ...d })));
    throughput(documents.filter((d) => detectKind(d.uri) === 'compose'));
  }
  global.gc?.();
  console.log(`\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; heap used now: ${(process.memoryUsage().heapUsed / 1e6).toFixed(1)} MB`);
}

main();
