/**
 * Conformance against KICS's own test fixtures (`../shared/corpus/kics`): for every KICS query that
 * maps to a rule in Bulwark's registry, lint the query's positive and negative fixtures with those
 * rules and compare with KICS's expected findings. How each query is compared, and where Bulwark
 * deliberately disagrees, is data: `queries.json` beside this file.
 *
 * Used by `npm run conformance` (prints the tables) and by conformance.test.ts (checks the totals).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { lint, rules as registryRules, type FileKind, type Finding } from '../../rules';

/** Compiled, this file is in out/test/conformance/. */
const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const QUERIES_FILE = path.join(REPO_ROOT, 'test', 'conformance', 'queries.json');
export const DEFAULT_CORPUS = process.env.BULWARK_KICS_CORPUS ?? path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'kics');

export type Platform = 'dockerfile' | 'compose';

/**
 * - `line`: KICS's line must equal the line of a Bulwark finding (the anchors agree).
 * - `instruction`: Dockerfile only; lines are compared per instruction (KICS anchors at the
 *   instruction, Bulwark at a word inside it that may sit on a continuation line).
 * - `file`: a positive file must get at least one finding, whatever its line (the anchors differ).
 */
export type MatchMode = 'line' | 'instruction' | 'file';

/** A case where Bulwark deliberately disagrees with KICS; `line` (KICS's for a miss, Bulwark's for a flag) narrows it in line modes. */
export interface AcceptedDifference {
  kind: 'missed' | 'flagged';
  file: string;
  line?: number;
  reason: string;
}

export interface QueryConfig {
  match?: MatchMode;
  /** Why this match mode: how KICS and Bulwark anchor the finding. */
  why?: string;
  /** Only findings whose anchored text is one of these count (one Bulwark rule covering several KICS queries). */
  anchorText?: string[];
  /** Also lint each fixture with its top-level `version:` line blanked: Bulwark must not depend on it. */
  versionless?: boolean;
  accepted?: AcceptedDifference[];
  /** The query's category is deliberately not a Bulwark rule; the reason. */
  notARule?: string;
}

interface IndexEntry {
  dir: string;
  queryName: string;
  ourCategory: string | null;
  alsoOurCategories: string[];
  positives: string[];
  negatives: string[];
}

interface KicsExpected {
  line: number;
  fileName?: string;
  filename?: string;
}

/** One fixture file's result: the lines compared (KICS's expected, Bulwark's found) after the match mode is applied. */
export interface FixtureResult {
  file: string;
  expected: number[];
  actual: number[];
  found: number[];
  missed: number[];
  extra: number[];
}

export interface QueryResult {
  dir: string;
  platform: Platform;
  queryName: string;
  rules: string[];
  match: MatchMode;
  positives: FixtureResult[];
  negatives: FixtureResult[];
  /** Positive expectations: expected lines (line modes) or positive files (file mode). */
  expectations: number;
  found: number;
  /** Misses and negative flags that are not accepted differences, as `file:line` texts. */
  unacceptedMisses: string[];
  unacceptedFlags: string[];
  acceptedMisses: number;
  acceptedFlags: number;
  negativesFlagged: number;
  /** Accepted differences that no longer happen: the list must be kept true. */
  stale: AcceptedDifference[];
}

export interface SkippedQuery {
  dir: string;
  categories: string[];
  why: 'not-a-rule' | 'rule-not-built' | 'out-of-scope';
  note?: string;
}

export interface PlatformTotals {
  platform: Platform;
  queries: number;
  expectations: number;
  found: number;
  acceptedMisses: number;
  /** found / (expectations - accepted misses). */
  foundRatio: number;
  negatives: number;
  negativesFlagged: number;
  acceptedFlags: number;
  unacceptedFlags: number;
}

export interface ConformanceReport {
  corpus: string;
  results: QueryResult[];
  skipped: SkippedQuery[];
  totals: PlatformTotals[];
  /** Configuration problems: a mapped query without an entry in queries.json, a "not a rule" that is now a rule. */
  problems: string[];
}

export function loadQueryConfigs(file = QUERIES_FILE): Record<string, QueryConfig> {
  return (JSON.parse(readFileSync(file, 'utf8')) as { queries: Record<string, QueryConfig> }).queries;
}

export function corpusAvailable(corpus = DEFAULT_CORPUS): boolean {
  return existsSync(path.join(corpus, 'index.json'));
}

const PLATFORM_KIND: Record<string, Platform> = { dockerfile: 'dockerfile', compose: 'compose' };

export function runConformance(corpus = DEFAULT_CORPUS, configs = loadQueryConfigs()): ConformanceReport {
  const index = JSON.parse(readFileSync(path.join(corpus, 'index.json'), 'utf8')) as IndexEntry[];
  const results: QueryResult[] = [];
  const skipped: SkippedQuery[] = [];
  const problems: string[] = [];
  const ruleIds = new Set(registryRules.map((rule) => rule.id));

  for (const entry of index) {
    const platform = PLATFORM_KIND[entry.dir.split('/')[0]];
    const categories = [entry.ourCategory, ...entry.alsoOurCategories].filter((c): c is string => !!c);
    const config = configs[entry.dir];
    if (!platform || categories.length === 0) {
      skipped.push({ dir: entry.dir, categories, why: 'out-of-scope' });
      continue;
    }
    if (config?.notARule) {
      const built = categories.filter((c) => ruleIds.has(c));
      if (built.length > 0) problems.push(`${entry.dir}: queries.json says "${categories.join(', ')}" is deliberately not a rule, but the registry has ${built.join(', ')}`);
      skipped.push({ dir: entry.dir, categories, why: 'not-a-rule', note: config.notARule });
      continue;
    }
    // Only the rules that exist AND lint this platform's files count: the test follows the registry.
    const mapped = registryRules.filter((rule) => categories.includes(rule.id) && rule.kinds.includes(platform)).map((rule) => rule.id);
    if (mapped.length === 0) {
      skipped.push({ dir: entry.dir, categories, why: 'rule-not-built' });
      continue;
    }
    if (!config?.match) problems.push(`${entry.dir}: maps to ${mapped.join(', ')} but has no match mode in queries.json (compared per file)`);
    results.push(runQuery(corpus, entry, platform, mapped, config ?? {}));
  }
  return { corpus, results, skipped, totals: totalsOf(results), problems };
}

function runQuery(corpus: string, entry: IndexEntry, platform: Platform, mapped: string[], config: QueryConfig): QueryResult {
  const dir = path.join(corpus, entry.dir);
  const match: MatchMode = config.match ?? 'file';
  const expectedByFile = new Map<string, number[]>();
  for (const e of JSON.parse(readFileSync(path.join(dir, 'positive_expected_result.json'), 'utf8')) as KicsExpected[]) {
    const file = e.fileName ?? e.filename ?? entry.positives[0];
    expectedByFile.set(file, [...(expectedByFile.get(file) ?? []), e.line]);
  }

  const fixtures = (files: string[]) =>
    files.flatMap((file) => {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const variants = [{ file, text }];
      const versionless = config.versionless ? withoutVersion(text) : undefined;
      if (versionless !== undefined) variants.push({ file: `${file} (no version)`, text: versionless });
      return variants.map((v) => compareFixture(v.file, v.text, expectedByFile.get(file) ?? [], platform, mapped, match, config.anchorText));
    });
  const positives = fixtures(entry.positives);
  const negatives = fixtures(entry.negatives);

  const accepted = config.accepted ?? [];
  const used = new Set<AcceptedDifference>();
  const acceptedFor = (kind: AcceptedDifference['kind'], file: string, line: number | undefined) => {
    const hit = accepted.find((a) => a.kind === kind && a.file === file && (a.line === undefined || line === undefined || a.line === line));
    if (hit) used.add(hit);
    return hit;
  };

  const unacceptedMisses: string[] = [];
  const unacceptedFlags: string[] = [];
  let acceptedMisses = 0;
  let acceptedFlags = 0;
  let expectations = 0;
  let found = 0;
  for (const p of positives) {
    if (match === 'file') {
      if (p.expected.length === 0) continue;
      expectations++;
      if (p.actual.length > 0) found++;
      else if (acceptedFor('missed', p.file, undefined)) acceptedMisses++;
      else unacceptedMisses.push(p.file);
      continue;
    }
    expectations += p.expected.length;
    found += p.found.length;
    for (const line of p.missed) {
      if (acceptedFor('missed', p.file, line)) acceptedMisses++;
      else unacceptedMisses.push(`${p.file}:${line}`);
    }
  }
  let negativesFlagged = 0;
  for (const n of negatives) {
    if (n.actual.length === 0) continue;
    negativesFlagged++;
    const lines = match === 'file' ? [undefined] : [...new Set(n.actual)];
    const open = lines.filter((line) => !acceptedFor('flagged', n.file, line));
    if (open.length === 0) acceptedFlags++;
    else unacceptedFlags.push(...open.map((line) => (line === undefined ? `${n.file}:${n.actual.join(',')}` : `${n.file}:${line}`)));
  }
  return {
    dir: entry.dir,
    platform,
    queryName: entry.queryName,
    rules: mapped,
    match,
    positives,
    negatives,
    expectations,
    found,
    unacceptedMisses,
    unacceptedFlags,
    acceptedMisses,
    acceptedFlags,
    negativesFlagged,
    stale: accepted.filter((a) => !used.has(a)),
  };
}

function compareFixture(file: string, text: string, kicsLines: number[], platform: Platform, mapped: string[], match: MatchMode, anchorText?: string[]): FixtureResult {
  const lines = text.split(/\r?\n/);
  // Fixtures are named positive1.yaml, negative.dockerfile...: the kind is forced, not recognised.
  const findings = lint({ uri: file, text, kind: platform satisfies FileKind }).findings.filter((f) => mapped.includes(f.ruleId) && (!anchorText || anchorText.includes(anchoredText(lines, f))));
  const toCompared = match === 'instruction' ? instructionStarts(text) : (line: number) => line;
  const expected = kicsLines.map(toCompared).sort((a, b) => a - b);
  const actual = findings.map((f) => toCompared(f.range.start.line + 1)).sort((a, b) => a - b);
  const remaining = [...actual];
  const foundLines: number[] = [];
  const missed: number[] = [];
  for (const line of expected) {
    const at = remaining.indexOf(line);
    if (at >= 0) {
      remaining.splice(at, 1);
      foundLines.push(line);
    } else missed.push(line);
  }
  return { file, expected, actual, found: foundLines, missed, extra: match === 'file' ? [] : remaining };
}

/** The source text a finding's range covers (single-line ranges; the first line otherwise). */
function anchoredText(lines: string[], finding: Finding): string {
  const { start, end } = finding.range;
  const line = lines[start.line] ?? '';
  return line.slice(start.character, end.line === start.line ? end.character : undefined);
}

/** Maps a 1-based line to the first line of the Dockerfile instruction that holds it. */
function instructionStarts(text: string): (line: number) => number {
  const ranges = DockerfileParser.parse(text)
    .getInstructions()
    .map((i) => [i.getRange().start.line + 1, i.getRange().end.line + 1] as const);
  return (line) => ranges.find(([first, last]) => first <= line && line <= last)?.[0] ?? line;
}

/** The text with its top-level `version:` line blanked (lines keep their numbers); undefined when there is none. */
function withoutVersion(text: string): string | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => /^version\s*:/.test(line));
  if (at < 0) return undefined;
  lines[at] = '';
  return lines.join('\n');
}

function totalsOf(results: QueryResult[]): PlatformTotals[] {
  return (['dockerfile', 'compose'] as const).map((platform) => {
    const rs = results.filter((r) => r.platform === platform);
    const sum = (f: (r: QueryResult) => number) => rs.reduce((n, r) => n + f(r), 0);
    const expectations = sum((r) => r.expectations);
    const found = sum((r) => r.found);
    const acceptedMisses = sum((r) => r.acceptedMisses);
    const counted = expectations - acceptedMisses;
    return {
      platform,
      queries: rs.length,
      expectations,
      found,
      acceptedMisses,
      foundRatio: counted === 0 ? 1 : found / counted,
      negatives: sum((r) => r.negatives.length),
      negativesFlagged: sum((r) => r.negativesFlagged),
      acceptedFlags: sum((r) => r.acceptedFlags),
      unacceptedFlags: sum((r) => r.unacceptedFlags.length),
    };
  });
}

/** The share of mapped positive expectations a platform must find, accepted differences excluded. */
export const FOUND_TARGET = 0.95;

/** Every way the report misses its targets, one line per case: empty when conformance holds. */
export function conformanceFailures(report: ConformanceReport): string[] {
  const failures = [...report.problems];
  for (const t of report.totals) {
    if (t.foundRatio < FOUND_TARGET) {
      const misses = report.results.filter((r) => r.platform === t.platform).flatMap((r) => r.unacceptedMisses.map((m) => `${r.dir}/${m}`));
      failures.push(`${t.platform}: ${percent(t.foundRatio)} of the mapped positive expectations found (${t.found}/${t.expectations - t.acceptedMisses}), under ${percent(FOUND_TARGET)}; missed: ${misses.join(', ')}`);
    }
  }
  for (const r of report.results) {
    for (const flag of r.unacceptedFlags) failures.push(`${r.dir}: negative ${flag} flagged by ${r.rules.join('/')}, not an accepted difference`);
    for (const stale of r.stale) failures.push(`${r.dir}: accepted difference no longer happens, remove it: ${stale.kind} ${stale.file}${stale.line ? `:${stale.line}` : ''}`);
  }
  return failures;
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;
const lineList = (lines: number[]) => (lines.length === 0 ? '-' : lines.join(','));

/** The report as text: one table per query, then what was skipped and the totals per platform. */
export function formatReport(report: ConformanceReport): string {
  const out: string[] = [];
  for (const r of report.results) {
    out.push(`${r.dir}  (${r.queryName})  rules: ${r.rules.join(', ')}  match: ${r.match}`);
    out.push(`  ${'fixture'.padEnd(34)} ${'expected'.padEnd(16)} ${'found'.padEnd(16)} ${'missed'.padEnd(12)} extra / flagged`);
    for (const f of r.positives) {
      const shownFound = r.match === 'file' ? (f.expected.length > 0 && f.actual.length > 0 ? 'yes' : '-') : lineList(f.found);
      const shownMissed = r.match === 'file' ? (f.expected.length > 0 && f.actual.length === 0 ? 'yes' : '-') : lineList(f.missed);
      out.push(`  ${f.file.padEnd(34)} ${lineList(f.expected).padEnd(16)} ${shownFound.padEnd(16)} ${shownMissed.padEnd(12)} ${r.match === 'file' ? '' : lineList(f.extra)}`);
    }
    for (const f of r.negatives) out.push(`  ${f.file.padEnd(34)} ${'(negative)'.padEnd(16)} ${''.padEnd(16)} ${''.padEnd(12)} ${f.actual.length === 0 ? 'clean' : `FLAGGED at ${f.actual.join(',')}`}`);
    const accepted = (n: number) => (n > 0 ? ` (${n} accepted)` : '');
    out.push(`  => ${r.found}/${r.expectations} found, ${r.expectations - r.found} missed${accepted(r.acceptedMisses)}; ${r.negativesFlagged}/${r.negatives.length} negatives flagged${accepted(r.acceptedFlags)}`);
    for (const miss of r.unacceptedMisses) out.push(`  !! missed, not an accepted difference: ${miss}`);
    for (const flag of r.unacceptedFlags) out.push(`  !! negative flagged, not an accepted difference: ${flag}`);
    for (const stale of r.stale) out.push(`  !! accepted difference no longer happens: ${stale.kind} ${stale.file}${stale.line ? `:${stale.line}` : ''}`);
    out.push('');
  }
  const skippedBy = (why: SkippedQuery['why']) => report.skipped.filter((s) => s.why === why);
  out.push(`Not compared, category deliberately not a rule: ${skippedBy('not-a-rule').map((s) => `${s.dir} (${s.categories.join(', ')})`).join('; ') || 'none'}`);
  out.push(`Not compared yet, rule not built for this file kind: ${skippedBy('rule-not-built').map((s) => `${s.dir} (${s.categories.join(', ')})`).join('; ') || 'none'}`);
  out.push(`Out of scope (no Bulwark category): ${skippedBy('out-of-scope').length} queries`);
  for (const problem of report.problems) out.push(`!! ${problem}`);
  out.push('');
  out.push(`${'platform'.padEnd(11)} ${'queries'.padStart(7)} ${'expected'.padStart(8)} ${'found'.padStart(6)} ${'accepted'.padStart(8)} ${'found %'.padStart(8)} ${'raw %'.padStart(8)}   ${'negatives'.padStart(9)} ${'flagged'.padStart(7)} ${'accepted'.padStart(8)}`);
  for (const t of report.totals) {
    out.push(`${t.platform.padEnd(11)} ${String(t.queries).padStart(7)} ${String(t.expectations).padStart(8)} ${String(t.found).padStart(6)} ${String(t.acceptedMisses).padStart(8)} ${percent(t.foundRatio).padStart(8)} ${percent(t.expectations === 0 ? 1 : t.found / t.expectations).padStart(8)}   ${String(t.negatives).padStart(9)} ${String(t.negativesFlagged).padStart(7)} ${String(t.acceptedFlags).padStart(8)}`);
  }
  out.push('found % = found / (expected - accepted misses), raw % = found / expected; "expected" counts lines (line and instruction modes) or positive files (file mode).');
  const failures = conformanceFailures(report);
  out.push(failures.length === 0 ? `Target met: >= ${percent(FOUND_TARGET)} found and no negative flagged outside the accepted differences.` : `TARGET MISSED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
  return out.join('\n');
}
