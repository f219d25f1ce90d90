#!/usr/bin/env node
// Accuracy of every rule on a corpus of real Dockerfiles and compose files that are NOT in this
// repository, measured through the real CLI's SARIF output against hand-made labels.
//
//   node scripts/accuracy.mjs [corpusDir] [--labels <labels.json>] [--sarif <file.sarif>]
//                             [--rules a,b] [--all] [--json]
//
// corpusDir  defaults to ../shared/corpus/real-world relative to the repository root (the
//            repository sits beside a `shared` folder).
// --labels   hand-made expected findings (default: test/accuracy/labels.json); paths in it are
//            relative to corpusDir. Format: { corpus, files: [...], expected: [{file, ruleId, line, note?}] }.
// --sarif    read this SARIF file instead of running the CLI (to test the matching itself).
// --rules    score only these rule ids (comma-separated).
// --all      list every false positive and negative (default: the first 40 per rule).
// --json     also print the counts as one JSON line at the end.
//
// Scored rules: every rule that has a label or that the CLI's registry lists (SARIF
// tool.driver.rules). A labelled rule the registry does not list is "not built": its labels are
// shown, not counted as misses; so are the labels of a rule on a file kind it does not cover yet
// (kinds read from the built registry, out/rules). The five headline rules keep their own line.
//
// A finding matches a label when (file, ruleId, line) are equal ("line" = 1-based start line of
// the anchor range, as the rule catalog defines it). Each label is matched at most once; a second
// identical result is a false positive (a duplicate). It is a measurement: the exit code is 0.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HEADLINE = ['secret-in-env', 'root-user', 'cap-drop-missing', 'image-untagged', 'image-latest-tag'];
const TARGET = { precision: 0.95, recall: 0.95 };
const LIST_LIMIT = 40;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { corpus: undefined, labels: undefined, sarif: undefined, rules: undefined, all: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--labels') opts.labels = argv[++i];
    else if (a === '--sarif') opts.sarif = argv[++i];
    else if (a === '--rules') opts.rules = (argv[++i] ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    else if (a === '--all') opts.all = true;
    else if (a === '--json') opts.json = true;
    else if (a === '-h' || a === '--help') {
      console.log(
        'usage: node scripts/accuracy.mjs [corpusDir] [--labels <labels.json>] [--sarif <file.sarif>] [--rules a,b] [--all] [--json]',
      );
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

/** Rule ids the CLI's registry declares (SARIF tool.driver.rules), or undefined when it lists none. */
function registryRules(sarif) {
  const ids = (sarif.runs ?? []).flatMap((run) => (run.tool?.driver?.rules ?? []).map((r) => r.id).filter(Boolean));
  return ids.length ? new Set(ids) : undefined;
}

/**
 * File kinds each built rule covers, from the compiled registry (the CLI runs the same build), with
 * the kind detector; undefined when the build is not there (then a registered rule covers every kind).
 */
function builtKinds() {
  const require = createRequire(import.meta.url);
  try {
    const { allRules } = require(path.join(repoRoot, 'out', 'rules', 'registry.js'));
    const { detectKind } = require(path.join(repoRoot, 'out', 'rules', 'kinds.js'));
    return { kindsOf: new Map(allRules.map((r) => [r.id, new Set(r.kinds ?? [])])), detectKind };
  } catch {
    return undefined;
  }
}

/** Multiset matching on (file, ruleId, line): each label matches at most one finding. */
function match(expected, actual) {
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
  return { tp, fp, fn: [...pool.values()].flat() };
}

function score(name, rows) {
  const sum = (k) => rows.reduce((n, r) => n + r[k], 0);
  const tp = sum('tp');
  const fp = sum('fp');
  const fn = sum('fn');
  return { rule: name, built: true, expected: sum('expected'), notBuilt: sum('notBuilt'), tp, fp, fn, precision: tp / (tp + fp), recall: tp / (tp + fn) };
}

const meetsTarget = (r) =>
  (Number.isNaN(r.precision) || r.precision >= TARGET.precision) && (Number.isNaN(r.recall) || r.recall >= TARGET.recall);

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const corpusDir = path.resolve(opts.corpus ?? path.join(repoRoot, '..', 'shared', 'corpus', 'real-world'));
  const labelsPath = path.resolve(opts.labels ?? path.join(repoRoot, 'test', 'accuracy', 'labels.json'));

  if (!existsSync(corpusDir)) {
    console.error(`accuracy: corpus folder not found: ${corpusDir}`);
    return;
  }
  const labels = JSON.parse(readFileSync(labelsPath, 'utf8'));
  const files = [...new Set(labels.files.map(toPosix))];
  const fileSet = new Set(files);
  const missing = files.filter((f) => !existsSync(path.join(corpusDir, f)));
  if (missing.length) console.error(`accuracy: ${missing.length} labelled file(s) missing from the corpus: ${missing.join(', ')}`);
  for (const e of labels.expected) {
    if (!fileSet.has(toPosix(e.file))) console.error(`accuracy: label for a file not in "files": ${e.file}`);
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
  const expectedAll = labels.expected.map((e) => ({ ...e, file: toPosix(e.file) }));
  // Without a rule list in the SARIF, every rule that reports or is labelled counts as built.
  const registry = registryRules(sarif) ?? new Set([...all.map((f) => f.ruleId), ...expectedAll.map((e) => e.ruleId)]);
  const labelled = new Set(expectedAll.map((e) => e.ruleId));
  let rules = [...new Set([...HEADLINE, ...labelled, ...registry])].filter((r) => r !== undefined);
  if (opts.rules) {
    const unknown = opts.rules.filter((r) => !rules.includes(r));
    if (unknown.length) console.error(`accuracy: --rules names rules with neither a label nor a registry entry: ${unknown.join(', ')}`);
    rules = opts.rules;
  }
  const ruleSet = new Set(rules);
  const built = (rule) => registry.has(rule);
  const kinds = builtKinds();
  /** Is the rule built for this file's kind? */
  const covers = (rule, file) => {
    if (!built(rule)) return false;
    const ruleKinds = kinds?.kindsOf.get(rule);
    if (!ruleKinds || ruleKinds.size === 0) return true;
    const kind = kinds.detectKind(file);
    return kind === undefined || ruleKinds.has(kind);
  };

  const outside = all.filter((f) => ruleSet.has(f.ruleId) && !fileSet.has(f.file));
  if (outside.length) {
    const sample = [...new Set(outside.map((f) => f.file))].slice(0, 5);
    console.log(`note: ${outside.length} result(s) on unlabelled paths ignored (e.g. ${sample.join(', ')})`);
  }
  const actual = all.filter((f) => ruleSet.has(f.ruleId) && fileSet.has(f.file));
  const expectedInScope = expectedAll.filter((e) => ruleSet.has(e.ruleId));
  const expected = expectedInScope.filter((e) => covers(e.ruleId, e.file));
  const unbuilt = expectedInScope.filter((e) => !covers(e.ruleId, e.file));
  const { tp, fp, fn } = match(expected, actual);

  // Per-rule table: headline rules first, then the others in alphabetical order.
  const order = [...HEADLINE.filter((r) => ruleSet.has(r)), ...rules.filter((r) => !HEADLINE.includes(r)).sort()];
  const rows = order.map((rule) => {
    const count = (list) => list.filter((x) => x.ruleId === rule).length;
    const r = {
      rule,
      built: built(rule),
      expected: count(expected) + count(unbuilt),
      notBuilt: count(unbuilt),
      tp: count(tp),
      fp: count(fp),
      fn: count(fn),
    };
    r.precision = r.tp / (r.tp + r.fp);
    r.recall = r.tp / (r.tp + r.fn);
    return r;
  });
  const builtRows = rows.filter((r) => r.built);
  const headline = score(`HEADLINE (${HEADLINE.filter((r) => ruleSet.has(r)).length})`, builtRows.filter((r) => HEADLINE.includes(r.rule)));
  const total = score('TOTAL (built)', builtRows);

  console.log(
    `\ncorpus: ${labels.corpus ?? path.basename(corpusDir)} — ${files.length} files, ` +
      `${expectedInScope.length} expected findings (${unbuilt.length} of rules or file kinds not built yet)`,
  );
  const status = (r) => (!r.built ? 'not built' : !meetsTarget(r) ? 'BELOW' : r.notBuilt ? 'ok, part' : 'ok');
  const width = Math.max(26, ...rows.map((r) => r.rule.length));
  const header = ['rule'.padEnd(width), 'expected', 'unbuilt', '   TP', '   FP', '   FN', 'precision', ' recall', '   target'];
  console.log(header.join('  '));
  console.log('-'.repeat(header.join('  ').length));
  const line = (r) =>
    console.log(
      [
        r.rule.padEnd(width),
        String(r.expected).padStart(8),
        String(r.notBuilt ?? 0).padStart(7),
        String(r.built ? r.tp : '-').padStart(5),
        String(r.built ? r.fp : '-').padStart(5),
        String(r.built ? r.fn : '-').padStart(5),
        (r.built ? fmt(r.precision) : '-').padStart(9),
        (r.built ? fmt(r.recall) : '-').padStart(7),
        status(r).padStart(9),
      ].join('  '),
    );
  for (const r of rows) line(r);
  console.log('-'.repeat(header.join('  ').length));
  if (HEADLINE.some((r) => ruleSet.has(r))) line(headline);
  line(total);
  console.log(
    `(target: precision >= ${TARGET.precision}, recall >= ${TARGET.recall}, per rule; "not built": no such rule in this build; ` +
      `"unbuilt"/"part": labels on a file kind the rule does not cover yet, not scored)`,
  );

  const byLoc = (a, b) => a.ruleId.localeCompare(b.ruleId) || a.file.localeCompare(b.file) || a.line - b.line;
  const nearLine = (x, others) =>
    others
      .filter((o) => o.file === x.file && o.ruleId === x.ruleId)
      .map((o) => o.line)
      .sort((a, b) => a - b);
  /** Print a list, at most LIST_LIMIT items per rule unless --all. */
  const printList = (items, print) => {
    const shown = new Map();
    let hidden = 0;
    for (const x of items.sort(byLoc)) {
      const n = shown.get(x.ruleId) ?? 0;
      if (!opts.all && n >= LIST_LIMIT) {
        hidden++;
        continue;
      }
      shown.set(x.ruleId, n + 1);
      print(x);
    }
    if (hidden) console.log(`  ... ${hidden} more (--all lists them)`);
  };

  console.log(`\nFalse positives (${fp.length}):`);
  printList(fp, (f) => {
    const near = nearLine(f, fn);
    const extra = [f.duplicate ? 'duplicate' : '', near.length ? `expected here at line ${near.join(',')}` : '']
      .filter(Boolean)
      .join('; ');
    const msg = f.message ? `  — ${f.message.replace(/\s+/g, ' ').slice(0, 110)}` : '';
    console.log(`  FP ${f.ruleId.padEnd(17)} ${f.file}:${f.line}${extra ? `  [${extra}]` : ''}${msg}`);
  });
  console.log(`\nFalse negatives (${fn.length}${unbuilt.length ? `; ${unbuilt.length} more labels of rules or kinds not built` : ''}):`);
  printList(fn, (e) => {
    const near = nearLine(e, fp);
    const extra = near.length ? `  [reported here at line ${near.join(',')}]` : '';
    console.log(`  FN ${e.ruleId.padEnd(17)} ${e.file}:${e.line}${extra}${e.note ? `  (label note: ${e.note})` : ''}`);
  });

  if (opts.json) console.log(JSON.stringify({ rules: rows, headline, total }));
}

try {
  main();
} catch (e) {
  console.error(`accuracy: ${e?.stack ?? e}`);
}
process.exitCode = 0;
