/**
 * One tool on one input set, in a fresh process so that its cold calls, module load and peak RSS are
 * its own. `bench/run.ts` forks it once per tool and set and reads the result it sends back.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateCompose, generateDockerfile } from './inputs';

/**
 * Bulwark with its default profile (`recommended`) and with `strict` (the whole catalog), the peer
 * linters, then the parsers Bulwark builds on, alone: the floor of what Bulwark can reach.
 */
export const TOOLS = ['bulwark', 'bulwark strict', 'dockerfile-utils', 'dockerfilelint', 'dclint', 'parse: dockerfile-ast', 'parse: yaml'] as const;
/** The other linters, which Bulwark must outrun with each profile. */
export const PEERS: readonly Tool[] = ['dockerfile-utils', 'dockerfilelint', 'dclint'];
export type Tool = (typeof TOOLS)[number];

export interface InputSet {
  name: string;
  kind: 'dockerfile' | 'compose';
  files: Array<{ name: string; text: string }>;
}

export interface Measurement {
  tool: Tool;
  set: string;
  files: number;
  bytes: number;
  loadMs: number;
  coldPassMs: number;
  warmPassMs: number;
  warmPasses: number;
  cold: { p50: number; p99: number };
  warm: { p50: number; p99: number };
  /** After the first pass: what linting each file once takes, module load included. */
  coldPeakRssMb: number;
  /** After the warm passes too, where the heap grows as far as V8 lets it before collecting. */
  peakRssMb: number;
  findings: number;
  errors: number;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CORPUS = process.env.BULWARK_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-world');

const COMPOSE_NAME = /^(docker-)?compose[^/]*\.ya?ml$/;

/** The corpus's Dockerfiles or compose files, as the peer baseline splits them (the compose names; everything else but LICENSE and SOURCES.md). */
function corpusFiles(kind: InputSet['kind']): InputSet['files'] {
  const files: InputSet['files'] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder).sort()) {
      const full = path.join(folder, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry !== 'LICENSE' && !entry.endsWith('.md') && COMPOSE_NAME.test(entry) === (kind === 'compose')) files.push({ name: full, text: readFileSync(full, 'utf8') });
    }
  };
  walk(CORPUS);
  return files;
}

export const SET_NAMES = ['corpus-dockerfiles', 'corpus-compose', 'dockerfile-500', 'dockerfile-2000', 'dockerfile-5000', 'compose-100', 'compose-2000'] as const;

export function inputSet(name: string): InputSet {
  switch (name) {
    case 'corpus-dockerfiles':
      return { name, kind: 'dockerfile', files: corpusFiles('dockerfile') };
    case 'corpus-compose':
      return { name, kind: 'compose', files: corpusFiles('compose') };
  }
  const [kind, size] = name.split('-');
  if (kind === 'dockerfile') return { name, kind, files: [{ name: 'Dockerfile', text: generateDockerfile(Number(size)) }] };
  return { name, kind: 'compose', files: [{ name: 'compose.yaml', text: generateCompose(Number(size)) }] };
}

export function toolHandles(tool: Tool, kind: InputSet['kind']): boolean {
  if (tool === 'bulwark' || tool === 'bulwark strict') return true;
  return tool === 'dclint' || tool === 'parse: yaml' ? kind === 'compose' : kind === 'dockerfile';
}

/** A function that lints one file and returns its number of findings. */
type Linter = (file: { name: string; text: string; path?: string }) => number;

function loadTool(tool: Tool, kind: InputSet['kind']): Linter {
  switch (tool) {
    case 'bulwark':
    case 'bulwark strict': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { lint } = require('../rules') as typeof import('../rules');
      const profile = tool === 'bulwark' ? 'recommended' : 'strict';
      return (file) => lint({ uri: file.name, text: file.text, kind }, { profile }).findings.length;
    }
    case 'dockerfile-utils': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { validate } = require('dockerfile-utils') as typeof import('dockerfile-utils');
      return (file) => validate(file.text).length;
    }
    case 'dockerfilelint': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { run } = require('dockerfilelint') as { run(configPath: string | undefined, content: string): unknown[] };
      // It looks for a .dockerfilelintrc in the folder it is given, on every call: the configuration
      // is not the lint's work (Bulwark gets its options in memory). A missing file costs ~20 µs a
      // call (a thrown ENOENT), a folder of that name ~2 µs (found, not a file: no rules file, defaults).
      const configFolder = mkdtempSync(path.join(tmpdir(), 'bulwark-bench-'));
      mkdirSync(path.join(configFolder, '.dockerfilelintrc'));
      return (file) => run(configFolder, file.text).length;
    }
    case 'parse: dockerfile-ast': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DockerfileParser } = require('dockerfile-ast') as typeof import('dockerfile-ast');
      return (file) => DockerfileParser.parse(file.text).getInstructions().length * 0;
    }
    case 'parse: yaml': {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { parseDocument } = require('yaml') as typeof import('yaml');
      return (file) => parseDocument(file.text, { prettyErrors: false, uniqueKeys: false, strict: false }).errors.length * 0;
    }
    case 'dclint': {
      // dclint's API reads files from disk only.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { DCLinter } = require('dclint') as {
        DCLinter: new (config: object) => { lintFiles(paths: string[], recursive: boolean): Array<{ messages: unknown[] }> };
      };
      const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
      return (file) => {
        const messages = linter.lintFiles([file.path!], false).flatMap((result) => result.messages as Array<{ rule: string; message: string }>);
        // Where it fails to read a file it reports one `unknown-error` and lints nothing: counted as a throw, not as a lint.
        const failure = messages.find((message) => message.rule === 'unknown-error');
        if (failure) throw new Error(failure.message);
        return messages.length;
      };
    }
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(times: number[]): { p50: number; p99: number } {
  const sorted = times.slice().sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/**
 * Warm passes continue until there are 20 of them, this many calls and WARM_MIN_MS gone, or WARM_BUDGET_MS has gone
 * (at least two passes). 20 as in ../shared/design/peer-baseline.md (1 cold and 20 warm passes over
 * the corpus): fewer passes put the median in the JIT's warm-up of the tool with the most code.
 */
const WARM_PASSES = 20;
const WARM_CALLS = 2000;
/**
 * And at least this long: twenty passes of 20 ms made a median that moved by half between two runs
 * of the same tool (a collection, the machine's other work, landing in a few of them).
 */
const WARM_MIN_MS = 3000;
const WARM_BUDGET_MS = 8000;
/**
 * Untimed passes between the cold pass and the warm ones, the same for every tool: 20, or fewer when
 * they take this long. Without them the warm median of the tool with the most code to compile was a
 * pass still in its JIT's warm-up (on the corpus's Dockerfiles Bulwark's passes 2 to 12 took 3 to
 * 20 times its settled time, and more on a busy machine); the cold pass reports what comes first.
 */
const WARM_UP_PASSES = 20;
const WARM_UP_BUDGET_MS = 4000;

export function measure(tool: Tool, setName: string): Measurement {
  const set = inputSet(setName);
  let scratch: string | undefined;
  const files = set.files.map((file, index) => {
    if (tool !== 'dclint') return file;
    scratch ??= mkdtempSync(path.join(tmpdir(), 'bulwark-bench-'));
    const folder = path.join(scratch, String(index));
    const filePath = path.join(folder, path.basename(file.name));
    mkdirSync(folder);
    writeFileSync(filePath, file.text);
    return { ...file, path: filePath };
  });
  const loadStart = process.hrtime.bigint();
  const lintOne = loadTool(tool, set.kind);
  const loadMs = Number(process.hrtime.bigint() - loadStart) / 1e6;

  let findings = 0;
  let errors = 0;
  const pass = (times: number[], countFindings = false) => {
    const start = process.hrtime.bigint();
    for (const file of files) {
      const callStart = process.hrtime.bigint();
      try {
        const found = lintOne(file);
        if (countFindings) findings += found;
      } catch {
        errors++;
      }
      times.push(Number(process.hrtime.bigint() - callStart) / 1e6);
    }
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  const coldTimes: number[] = [];
  const coldPassMs = pass(coldTimes, true);
  const coldPeakRssMb = process.resourceUsage().maxRSS / 1024;
  const warmUpStart = Date.now();
  for (let passes = 0; passes < WARM_UP_PASSES && Date.now() - warmUpStart < WARM_UP_BUDGET_MS; passes++) pass([]);
  const warmTimes: number[] = [];
  const passTimes: number[] = [];
  const warmStart = Date.now();
  const moreWarmPasses = () => {
    const elapsed = Date.now() - warmStart;
    return passTimes.length < 2 || ((passTimes.length < WARM_PASSES || warmTimes.length < WARM_CALLS || elapsed < WARM_MIN_MS) && elapsed < WARM_BUDGET_MS);
  };
  while (moreWarmPasses()) passTimes.push(pass(warmTimes));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  passTimes.sort((a, b) => a - b);
  return {
    tool,
    set: setName,
    files: files.length,
    bytes: files.reduce((sum, file) => sum + Buffer.byteLength(file.text), 0),
    loadMs,
    coldPassMs,
    warmPassMs: passTimes[Math.floor(passTimes.length / 2)],
    warmPasses: passTimes.length,
    cold: summary(coldTimes),
    warm: summary(warmTimes),
    coldPeakRssMb,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    findings,
    errors,
  };
}

if (require.main === module) {
  const [tool, setName] = process.argv.slice(2);
  const result = measure(tool as Tool, setName);
  if (process.send) process.send(result);
  else console.log(JSON.stringify(result, null, 2));
}
