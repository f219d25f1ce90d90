/**
 * Soak: lints 10,000 times in one process, cycling through edited versions of the generated files and
 * the corpus, and compares the first 1,000 lints with the last 1,000 in time and heap. A slowdown or a
 * growing heap means state that grows with the life of the process (an editor session).
 * Run with --expose-gc: `node --expose-gc out/bench/soak.js [lints]`.
 */
import { lint, type LintDocument } from '../rules';
import { generateCompose, generateDockerfile } from './inputs';

export interface SoakResult {
  lints: number;
  /** CPU milliseconds of the first and the last 1,000 lints. */
  firstMs: number;
  lastMs: number;
  /** last / first - 1, as a fraction. */
  slowdown: number;
  heapAfterFirstMb: number;
  heapAfterLastMb: number;
}

const WINDOW = 1000;

function documents(): LintDocument[] {
  return [
    { uri: 'Dockerfile', text: generateDockerfile(200) },
    { uri: 'compose.yaml', text: generateCompose(20) },
    { uri: 'daemon.json', text: '{ "hosts": ["tcp://0.0.0.0:2375"], "icc": true, "userns-remap": "" }\n' },
    { uri: 'docker.service', text: '[Service]\nExecStart=/usr/bin/dockerd -H tcp://0.0.0.0:2375\n' },
  ];
}

function heapMb(): number {
  global.gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

export function soak(lints = 10_000): SoakResult {
  const base = documents();
  // Every lint sees a text it has not seen before, as an editor does: a counter in a comment.
  const version = (i: number): LintDocument => {
    const document = base[i % base.length];
    const comment = document.uri === 'daemon.json' ? '' : `# edit ${i}\n`;
    return { uri: document.uri, text: `${comment}${document.text}` };
  };
  // CPU time, not wall time: on a shared machine the other processes' load would pass for ageing.
  const timeWindow = (from: number) => {
    const start = process.cpuUsage();
    for (let i = from; i < from + WINDOW; i++) lint(version(i));
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000;
  };
  // JIT warm-up, not counted: otherwise the first window is slow for reasons that have nothing to do with age.
  for (let i = 0; i < WINDOW; i++) lint(version(lints + i));
  const firstMs = timeWindow(0);
  const heapAfterFirstMb = heapMb();
  for (let i = WINDOW; i < lints - WINDOW; i++) lint(version(i));
  const lastMs = timeWindow(lints - WINDOW);
  const heapAfterLastMb = heapMb();
  return { lints, firstMs, lastMs, slowdown: lastMs / firstMs - 1, heapAfterFirstMb, heapAfterLastMb };
}

if (require.main === module) {
  const result = soak(Number(process.argv[2] ?? 10_000));
  if (process.send) process.send(result);
  else console.log(JSON.stringify(result, null, 2));
}
