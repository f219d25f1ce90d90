#!/usr/bin/env node
// Accuracy of rules on a corpus of real files that are NOT in this repository (by default the
// five headline rules on Dockerfiles and compose files), measured through the real CLI's SARIF output.
//
//   node scripts/accuracy.mjs [corpusDir] [--labels <labels.json>] [--rules <id,id,...>] [--sarif <file.sarif>] [--json]
//
// corpusDir  defaults to ../shared/corpus/real-world relative to the repository root (the
//            repository sits beside a `shared` folder).
// --labels   hand-made expected findings (default: test/accuracy/labels.json); paths in it are
//            relative to corpusDir. Format: { corpus, files: [...], expected: [{file, ruleId, line, note?}],
//            rules?: [...], target?: {precision, recall} }.
// --rules    the rules scored (comma-separated); default: the labels' "rules", else the five headline rules.
// --sarif    read this SARIF file instead of running the CLI (to test the matching itself).
// --json     also print the counts as one JSON line at the end.
//
// A finding matches a label when (file, ruleId, line) are equal ("line" = 1-based start line of
// the anchor range, as the rule catalog defines it). Each label is matched at most once; a second
// identical result is a false positive (a duplicate). It is a measurement: the exit code is 0.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADLINE_RULES = ['secret-in-env', 'root-user', 'cap-drop-missing', 'image-untagged', 'image-latest-tag'];
const DEFAULT_TARGET = { precision: 0.9, recall: 0.8 };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { corpus: undefined, labels: undefined, rules: undefined, sarif: undefined, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--labels') opts.labels = argv[++i];
    else if (a === '--sarif') opts.sarif = argv[++i];
    else if (a === '--rules') opts.rules = (argv[++i] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    else if (a === '--json') opts.json = true;
    else if (a === '-h' || a === '--help') {
      console.log('usage: node scripts/accuracy.mjs [corpusDir] [--labels <labels.json>] [--rules <id,id,...>] [--sarif <file.sarif>] [--json]');
      process.exit(0);
    } else if (!a.startsWith('--') && opts.corpus === undefined) opts.corpus = a;
    else {
      console.error(`accuracy: unknown argument ${a}`);
    }
  }
  return opts;
}

const toPosix = (p) => p.split(path.sep).join('/').replace(/\\/g, '/');

/** Normalize a SARIF artifact URI to a path relative to the corpus folder. */
function normalizeUri(uri, corpusDir, baseUri) {
  let u = uri;
  if (baseUri && !/^[a-z][a-z0-9+.-]*:/i.test(u) && !u.startsWith('/')) {
    u = baseUri.endsWith('/') ? baseUri + u : `${baseUri}/${u}`;
  }
  let p;
  if (/^file:/i.test(u)) {
    try {
      p = fileURLToPath(u);
    } catch {
      p = decodeURIComponent(u.replace(/^file:\/*/i, '/'));
    }
  } else {
    try {
      p = decodeURIComponent(u);
    } catch {
      p = u;
    }
  }
  if (path.isAbsolute(p)) p = path.relative(corpusDir, p);
  p = toPosix(path.normalize(p));
  return p.replace(/^\.\//, '');
}

function ruleIdOf(result, run) {
  if (result.ruleId) return result.ruleId;
  if (result.rule?.id) return result.rule.id;
  const idx = result.ruleIndex ?? result.rule?.index;
  if (typeof idx === 'number') return run.tool?.driver?.rules?.[idx]?.id;
  return undefined;
}

/** Extract {file, ruleId, line} from every result of every run. */
function findingsFromSarif(sarif, corpusDir) {
  const out = [];
  for (const run of sarif.runs ?? []) {
    const bases = run.originalUriBaseIds ?? {};
    for (const result of run.results ?? []) {
      const ruleId = ruleIdOf(result, run);
      const phys = result.locations?.[0]?.physicalLocation;
      const art = phys?.artifactLocation;
      let uri = art?.uri;
      if (uri === undefined && typeof art?.index === 'number') {
        uri = run.artifacts?.[art.index]?.location?.uri;
      }
      if (uri === undefined) {
        out.push({ file: '<no location>', ruleId, line: 0, message: result.message?.text });
        continue;
      }
      const baseUri = art?.uriBaseId ? bases[art.uriBaseId]?.uri : undefined;
      out.push({
        file: normalizeUri(uri, corpusDir, baseUri),
        ruleId,
        line: phys?.region?.startLine ?? 0,
        message: result.message?.text,
      });
    }
  }
  return out;
}

function runCli(corpusDir, files) {
  const bin = path.join(repoRoot, 'bin', 'bulwark.js');
  if (!existsSync(bin)) {
    return { error: `the CLI is missing: ${toPosix(path.relative(process.cwd(), bin))} does not exist (build it first?)` };
  }
  const args = [bin, 'scan', '--format', 'sarif', '--fail-on', 'never', ...files];
  const started = Date.now();
  const res = spawnSync(process.execPath, args, {
    cwd: corpusDir,
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  if (res.error) return { error: `could not run the CLI: ${res.error.message}` };
  let sarif;
  try {
    sarif = JSON.parse(res.stdout);
  } catch (e) {
    return {
      error:
        `the CLI's output is not JSON (exit ${res.status}): ${e.message}\n` +
        `--- stdout (start) ---\n${res.stdout.slice(0, 2000)}\n--- stderr (start) ---\n${res.stderr.slice(0, 2000)}`,
    };
  }
  return { sarif, status: res.status, stderr: res.stderr, ms };
}

const key = (f) => `${f.file}\u0000${f.ruleId}\u0000${f.line}`;
const fmt = (x) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const corpusDir = path.resolve(opts.corpus ?? path.join(repoRoot, '..', 'shared', 'corpus', 'real-world'));
  const labelsPath = path.resolve(opts.labels ?? path.join(repoRoot, 'test', 'accuracy', 'labels.json'));

  if (!existsSync(corpusDir)) {
    console.error(`accuracy: corpus folder not found: ${corpusDir}`);
    return;
  }
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8'));
  const scoredRules = opts.rules ?? labels.rules ?? HEADLINE_RULES;
  const target = labels.target ?? DEFAULT_TARGET;
  const width = Math.max(18, ...scoredRules.map((r) => r.length));
  const files = [...new Set(labels.files.map(toPosix))];
  const fileSet = new Set(files);
  const missing = files.filter((f) => !existsSync(path.join(corpusDir, f)));
  if (missing.length) console.error(`accuracy: ${missing.length} labelled file(s) missing from the corpus: ${missing.join(', ')}`);
  for (const e of labels.expected) {
    if (!fileSet.has(toPosix(e.file))) console.error(`accuracy: label for a file not in "files": ${e.file}`);
    if (!scoredRules.includes(e.ruleId)) console.error(`accuracy: label with an unknown rule: ${e.ruleId}`);
  }

  let sarif;
  if (opts.sarif) {
    sarif = JSON.parse(readFileSync(path.resolve(opts.sarif), 'utf8'));
    console.log(`SARIF read from ${opts.sarif}`);
  } else {
    const present = files.filter((f) => existsSync(path.join(corpusDir, f)));
    const r = runCli(corpusDir, present);
    if (r.error) {
      console.error(`accuracy: ${r.error}`);
      return;
    }
    sarif = r.sarif;
    console.log(
      `CLI: node bin/bulwark.js scan --format sarif --fail-on never <${present.length} files>  ` +
        `(cwd = corpus, exit ${r.status}, ${r.ms} ms)`,
    );
    if (r.stderr?.trim()) console.log(`CLI stderr: ${r.stderr.trim().split('\n').slice(0, 10).join('\n            ')}`);
  }

  const all = findingsFromSarif(sarif, corpusDir);
  const outside = all.filter((f) => scoredRules.includes(f.ruleId) && !fileSet.has(f.file));
  if (outside.length) {
    const sample = [...new Set(outside.map((f) => f.file))].slice(0, 5);
    console.log(`note: ${outside.length} result(s) of the scored rules on unlabelled paths ignored (e.g. ${sample.join(', ')})`);
  }
  const actual = all.filter((f) => scoredRules.includes(f.ruleId) && fileSet.has(f.file));

  // Multiset matching on (file, ruleId, line).
  const expected = labels.expected.map((e) => ({ ...e, file: toPosix(e.file) }));
  const pool = new Map();
  for (const e of expected) {
    const k = key(e);
    if (!pool.has(k)) pool.set(k, []);
    pool.get(k).push(e);
  }
  const tp = [];
  const fp = [];
  const seen = new Set();
  for (const f of actual) {
    const k = key(f);
    const bucket = pool.get(k);
    if (bucket && bucket.length) {
      tp.push({ ...f, label: bucket.shift() });
      seen.add(k);
    } else {
      fp.push({ ...f, duplicate: seen.has(k) });
    }
  }
  const fn = [...pool.values()].flat();

  // Per-rule table.
  const rows = [];
  const tot = { tp: 0, fp: 0, fn: 0 };
  for (const rule of scoredRules) {
    const r = {
      rule,
      expected: expected.filter((e) => e.ruleId === rule).length,
      tp: tp.filter((x) => x.ruleId === rule).length,
      fp: fp.filter((x) => x.ruleId === rule).length,
      fn: fn.filter((x) => x.ruleId === rule).length,
    };
    r.precision = r.tp / (r.tp + r.fp);
    r.recall = r.tp / (r.tp + r.fn);
    tot.tp += r.tp;
    tot.fp += r.fp;
    tot.fn += r.fn;
    rows.push(r);
  }
  const total = {
    rule: 'TOTAL',
    expected: expected.length,
    ...tot,
    precision: tot.tp / (tot.tp + tot.fp),
    recall: tot.tp / (tot.tp + tot.fn),
  };

  console.log(`\ncorpus: ${labels.corpus ?? path.basename(corpusDir)} — ${files.length} files, ${expected.length} expected findings`);
  const ok = (r) =>
    (Number.isNaN(r.precision) || r.precision >= target.precision) && (Number.isNaN(r.recall) || r.recall >= target.recall)
      ? 'ok'
      : 'BELOW';
  const header = ['rule'.padEnd(width), 'expected', '   TP', '   FP', '   FN', 'precision', ' recall', ' target'];
  console.log(header.join('  '));
  console.log('-'.repeat(header.join('  ').length));
  for (const r of [...rows, total]) {
    console.log(
      [
        r.rule.padEnd(width),
        String(r.expected).padStart(8),
        String(r.tp).padStart(5),
        String(r.fp).padStart(5),
        String(r.fn).padStart(5),
        fmt(r.precision).padStart(9),
        fmt(r.recall).padStart(7),
        ok(r).padStart(7),
      ].join('  '),
    );
  }
  console.log(`(target: precision >= ${target.precision}, recall >= ${target.recall}, per rule)`);

  const byLoc = (a, b) => a.ruleId.localeCompare(b.ruleId) || a.file.localeCompare(b.file) || a.line - b.line;
  const nearLine = (x, others) =>
    others
      .filter((o) => o.file === x.file && o.ruleId === x.ruleId)
      .map((o) => o.line)
      .sort((a, b) => a - b);

  console.log(`\nFalse positives (${fp.length}):`);
  for (const f of fp.sort(byLoc)) {
    const near = nearLine(f, fn);
    const extra = [f.duplicate ? 'duplicate' : '', near.length ? `expected here at line ${near.join(',')}` : '']
      .filter(Boolean)
      .join('; ');
    const msg = f.message ? `  — ${f.message.replace(/\s+/g, ' ').slice(0, 110)}` : '';
    console.log(`  FP ${f.ruleId.padEnd(width - 1)} ${f.file}:${f.line}${extra ? `  [${extra}]` : ''}${msg}`);
  }
  console.log(`\nFalse negatives (${fn.length}):`);
  for (const e of fn.sort(byLoc)) {
    const near = nearLine(e, fp);
    const extra = near.length ? `  [reported here at line ${near.join(',')}]` : '';
    console.log(`  FN ${e.ruleId.padEnd(width - 1)} ${e.file}:${e.line}${extra}${e.note ? `  (label note: ${e.note})` : ''}`);
  }

  if (opts.json) console.log(JSON.stringify({ rules: rows, total }));
}

try {
  main();
} catch (e) {
  console.error(`accuracy: ${e?.stack ?? e}`);
}
process.exitCode = 0;
