/**
 * `npm run compare:dclint [-- --output FILE] [corpus]`: Bulwark and dclint (the Docker Compose
 * linter) side by side on every Compose file of a corpus (default ../shared/corpus/real-world):
 * which security findings each reports, per file and in total. dclint's rule ids are mapped to
 * Bulwark's through the peer inventory (../shared/design/PEERS.md, its dclint column); dclint's
 * other rules are listed apart, as out of scope. Both run in this process: no network.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { scan } from '../cli/scan';
import { BULWARK_VERSION } from '../disk/version';
import { ruleById } from '../rules';

/** dclint's Node API (its package is ESM-first; its CommonJS build is loaded with require). */
interface DclintMessage {
  rule: string;
  line: number;
  message: string;
  category: string;
  data: { serviceName?: string };
}
interface DclintLinter {
  lintFiles(paths: string[], recursive: boolean): Array<{ filePath: string; messages: DclintMessage[] }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { DCLinter } = require('dclint') as { DCLinter: new (config: { rules: Record<string, number>; quiet: boolean; debug: boolean; exclude: string[] }) => DclintLinter };

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SHARED = path.resolve(REPO_ROOT, '..', 'shared');
const PEERS_FILE = process.env.BULWARK_PEERS ?? path.join(SHARED, 'design', 'PEERS.md');

interface Options {
  corpus: string;
  output?: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { corpus: process.env.BULWARK_CORPUS ?? path.join(SHARED, 'corpus', 'real-world') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--output') options.output = argv[++i];
    else options.corpus = path.resolve(argv[i]);
  }
  return options;
}

/** dclint rule id -> the Bulwark categories PEERS.md lists it under (its "dclint" column). */
function dclintMapping(peers: string): Map<string, string[]> {
  const mapping = new Map<string, string[]>();
  let column = -1;
  for (const line of peers.split('\n')) {
    if (!line.startsWith('|')) {
      column = -1;
      continue;
    }
    // Cells may hold escaped pipes (`curl … \| sh`).
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    if (cells[1] === 'category') {
      column = cells.indexOf('dclint');
      continue;
    }
    const category = cells[1]?.match(/^`([a-z0-9-]+)`/)?.[1];
    const dclint = column > 0 ? cells[column]?.match(/^[a-z]+(?:-[a-z]+)+/)?.[0] : undefined;
    if (!category || !dclint) continue;
    mapping.set(dclint, [...new Set([...(mapping.get(dclint) ?? []), category])]);
  }
  return mapping;
}

interface Finding {
  rule: string;
  line: number;
  service: string;
  /** dclint's own category of the rule (`security`, `style`, ...). */
  category?: string;
}

interface ServiceSpan {
  name: string;
  first: number;
  last: number;
  builds: boolean;
}

/** Each service of a Compose file: its lines (key and value) and whether it builds its image. */
function serviceSpans(text: string): ServiceSpan[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: false });
  const spans: ServiceSpan[] = [];
  const services = isMap(doc.contents) ? doc.contents.get('services', true) : undefined;
  if (!isMap(services)) return spans;
  for (const pair of services.items) {
    if (!isScalar(pair.key) || !pair.key.range) continue;
    const value = pair.value as { range?: [number, number, number] } | null;
    const end = value?.range?.[1] ?? pair.key.range[1];
    spans.push({
      name: String(pair.key.value),
      first: lineCounter.linePos(pair.key.range[0]).line,
      last: lineCounter.linePos(Math.max(end - 1, pair.key.range[0])).line,
      builds: isMap(pair.value) && pair.value.has('build'),
    });
  }
  return spans;
}

interface FileComparison {
  path: string;
  bulwark: Finding[];
  dclintSecurity: Finding[];
  dclintOther: Finding[];
  services: ServiceSpan[];
  /** dclint could not lint the file (invalid YAML or schema): it then runs no rule on it. */
  dclintRejected?: string;
}

function compare(options: Options): { files: FileComparison[]; mapping: Map<string, string[]> } {
  const mapping = dclintMapping(readFileSync(PEERS_FILE, 'utf8'));
  const scanned = scan(['.'], options.corpus).files.filter((file) => file.kind === 'compose');
  const linter = new DCLinter({ rules: {}, quiet: true, debug: false, exclude: [] });
  const dclintResults = new Map(linter.lintFiles(scanned.map((file) => file.absolutePath), false).map((result) => [path.resolve(result.filePath), result.messages]));

  const files = scanned.map((file): FileComparison => {
    const services = serviceSpans(readFileSync(file.absolutePath, 'utf8'));
    const service = (line: number) => services.find((s) => s.first <= line && line <= s.last)?.name ?? '(file)';
    const bulwark = file.findings
      .filter((f) => ruleById(f.ruleId)?.category !== 'syntax')
      .map((f) => ({ rule: f.ruleId, line: f.range.start.line + 1, service: service(f.range.start.line + 1) }));
    const messages = dclintResults.get(file.absolutePath) ?? [];
    const rejected = messages.find((m) => ['invalid-yaml', 'invalid-schema', 'unknown-error'].includes(m.rule));
    const dclint = messages.filter((m) => m !== rejected).map((m) => ({ rule: m.rule, line: m.line, service: m.data.serviceName ?? service(m.line), category: m.category }));
    return {
      path: file.path,
      bulwark,
      dclintSecurity: dclint.filter((f) => mapping.has(f.rule)),
      dclintOther: dclint.filter((f) => !mapping.has(f.rule)),
      services,
      dclintRejected: rejected?.message,
    };
  });
  return { files, mapping };
}

const count = (findings: Finding[], rules: string[]) => findings.filter((f) => rules.includes(f.rule)).length;

/** The services with a finding in `a` and none in `b`, each with its first line, and a note when the service builds its image. */
function servicesOnlyIn(a: Finding[], b: Finding[], spans: ServiceSpan[]): string[] {
  const flagged = new Set(b.map((f) => f.service));
  const only = new Map<string, number>();
  for (const f of a) if (!flagged.has(f.service) && !only.has(f.service)) only.set(f.service, f.line);
  return [...only].map(([service, line]) => `${service} (line ${line}${spans.find((s) => s.name === service)?.builds ? ', a service with build:' : ''})`);
}

function tally(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([rule, n]) => `${rule} ${n}`).join(', ') || '–';
}

function render(files: FileComparison[], mapping: Map<string, string[]>, corpusLabel: string): string {
  const dclintVersion = (JSON.parse(readFileSync(require.resolve('dclint/package.json'), 'utf8')) as { version: string }).version;
  const mappedBulwark = new Set([...mapping.values()].flat());
  const all = (pick: (f: FileComparison) => Finding[]) => files.flatMap(pick);
  const out: string[] = [];
  out.push('# Bulwark and dclint side by side');
  out.push('');
  out.push(`Generated by \`npm run compare:dclint\` on ${new Date().toISOString().slice(0, 10)}: Bulwark ${BULWARK_VERSION}, dclint ${dclintVersion} (all rules at their defaults),`);
  out.push(`on the ${files.length} Compose files of \`${corpusLabel}\`. dclint's rule ids are mapped to Bulwark's through the peer`);
  out.push('inventory (PEERS.md, its dclint column); both tools run offline, in one process.');
  out.push('');
  out.push('## Security findings, in total');
  out.push('');
  out.push('| what | Bulwark rule(s) | Bulwark | dclint rule | dclint | services only Bulwark flags | services only dclint flags |');
  out.push('|---|---|---:|---|---:|---:|---:|');
  for (const [dclintRule, categories] of [...mapping].sort(([a], [b]) => a.localeCompare(b))) {
    let onlyBulwark = 0;
    let onlyDclint = 0;
    for (const file of files.filter((f) => !f.dclintRejected)) {
      const ours = file.bulwark.filter((f) => categories.includes(f.rule));
      const theirs = file.dclintSecurity.filter((f) => f.rule === dclintRule);
      onlyBulwark += servicesOnlyIn(ours, theirs, file.services).length;
      onlyDclint += servicesOnlyIn(theirs, ours, file.services).length;
    }
    out.push(`| ${categories.map((c) => ruleById(c)?.title ?? c).join(' / ')} | ${categories.map((c) => `\`${c}\``).join(', ')} | ${count(all((f) => f.bulwark), categories)} | \`${dclintRule}\` | ${count(all((f) => f.dclintSecurity), [dclintRule])} | ${onlyBulwark} | ${onlyDclint} |`);
  }
  const bulwarkOnly = [...new Set(all((f) => f.bulwark).map((f) => f.rule))].filter((rule) => !mappedBulwark.has(rule)).sort();
  for (const rule of bulwarkOnly) out.push(`| ${ruleById(rule)?.title ?? rule} | \`${rule}\` | ${count(all((f) => f.bulwark), [rule])} | – (no dclint rule) | – | | |`);
  out.push('');
  out.push('"Services only X flags": services (per file) where one tool reports the problem and the other nothing of that kind; files dclint rejected are left out of these two columns.');
  out.push('dclint anchors an unbound port at the `ports` key and Bulwark at the port item, so they are compared per service, not per line.');
  out.push('dclint\'s `service-image-require-explicit-tag` also rejects the tags `stable`, `edge`, `test`, `nightly`, `dev`, `beta`, `canary` and `lts`,');
  out.push('and judges `image:` in a service with `build:`, where it names the image the build produces; Bulwark reports only `latest` and no tag, on images that are pulled.');
  out.push('');
  const rejected = files.filter((f) => f.dclintRejected);
  if (rejected.length > 0) {
    out.push(`dclint rejected ${rejected.length} file(s) as invalid and ran no rule on them: ${rejected.map((f) => `\`${f.path}\` (${f.dclintRejected})`).join('; ')}.`);
    out.push('');
  }
  out.push('## dclint rules out of scope (not security checks)');
  out.push('');
  out.push('| dclint rule | dclint category | findings |');
  out.push('|---|---|---:|');
  const other = all((f) => f.dclintOther);
  for (const rule of [...new Set(other.map((f) => f.rule))].sort()) {
    const category = other.find((f) => f.rule === rule)?.category;
    out.push(`| \`${rule}\` | ${category === 'security' ? 'security (a conflict or naming check: not a security rule in PEERS.md)' : category} | ${other.filter((f) => f.rule === rule).length} |`);
  }
  out.push('');
  out.push('## Per file');
  out.push('');
  out.push('| file | Bulwark security findings | dclint security findings | differences |');
  out.push('|---|---|---|---|');
  for (const file of files) {
    const notes: string[] = [];
    for (const [dclintRule, categories] of mapping) {
      const ours = file.bulwark.filter((f) => categories.includes(f.rule));
      const theirs = file.dclintSecurity.filter((f) => f.rule === dclintRule);
      const onlyOurs = file.dclintRejected ? [] : servicesOnlyIn(ours, theirs, file.services);
      const onlyTheirs = servicesOnlyIn(theirs, ours, file.services);
      if (onlyOurs.length > 0) notes.push(`only Bulwark ${categories.join('/')}: ${onlyOurs.join(', ')}`);
      if (onlyTheirs.length > 0) notes.push(`only dclint ${dclintRule}: ${onlyTheirs.join(', ')}`);
    }
    if (file.dclintRejected) notes.push('dclint rejected the file');
    out.push(`| \`${file.path}\` | ${tally(file.bulwark)} | ${tally(file.dclintSecurity)} | ${notes.join('; ') || '–'} |`);
  }
  return `${out.join('\n')}\n`;
}

const options = parseArgs(process.argv.slice(2));
const { files, mapping } = compare(options);
const relative = path.relative(REPO_ROOT, options.corpus).split(path.sep).join('/');
const text = render(files, mapping, relative.startsWith('../') ? relative : options.corpus);
if (options.output) writeFileSync(options.output, text);
process.stdout.write(text);
