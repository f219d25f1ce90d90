import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ArtifactLocation, Fix as SarifFix, Log, PhysicalLocation, ReportingDescriptor, Result } from 'sarif';
import { allRules, cisDockerBenchmarkIds, CIS_DOCKER_BENCHMARK_VERSION, redactSecretsInLine, REPOSITORY_URL, ruleDocsUrl, type Fix, type Range, type Rule, type Severity, type SuppressedFinding } from '../../rules';
import { FINGERPRINT_KEY } from '../fingerprints';
import { findingLocations, type ReportLocation } from '../locations';
import type { ScanResult, ScannedFile, ScannedFinding } from '../scan';
import { BULWARK_VERSION } from '../../disk/version';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The base every artifact URI is relative to, so that the log does not depend on where it was made. */
const SOURCE_ROOT = 'SRCROOT';

const LEVELS: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub code scanning ranks security results by `security-severity` (a CVSS-like score: 9.0 and
 * up critical, 7.0 high, 4.0 medium, above 0 low). A rule's default severity sets it; secrets, which
 * hand over access outright, rank critical.
 */
const SECURITY_SEVERITIES: Record<Severity, string> = { error: '8.0', warning: '5.0', info: '2.0' };
const SECRETS_SECURITY_SEVERITY = '9.0';

/** A SARIF 2.1.0 log with one run: every rule Bulwark can report, and a result per finding. */
export function formatSarif(result: ScanResult): string {
  const rootUrl = folderUrl(result.root);
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.id, index]));
  const physicalLocation = (location: ReportLocation): PhysicalLocation => ({
    artifactLocation: artifactLocation(rootUrl, location.absolutePath),
    region: region(location.range),
  });

  const toResult = (file: ScannedFile, finding: ScannedFinding | (SuppressedFinding & { fingerprint: string })): Result => {
    const { primary, related } = findingLocations(result.root, file, finding);
    const sarifResult: Result = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [{ physicalLocation: physicalLocation(primary) }],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    };
    if (related.length > 0) {
      sarifResult.relatedLocations = related.map((place, id) => ({ id, physicalLocation: physicalLocation(place), message: { text: place.message } }));
    }
    const fixes = (finding.fixes ?? []).flatMap((fix) => sarifFix(rootUrl, file.absolutePath, fix) ?? []);
    if (fixes.length > 0) sarifResult.fixes = fixes;
    if ('suppression' in finding) {
      const { reason, range } = finding.suppression;
      sarifResult.suppressions = [
        {
          kind: 'inSource',
          ...(reason === undefined ? {} : { justification: redactSecretsInLine(reason) }),
          location: { physicalLocation: { artifactLocation: artifactLocation(rootUrl, file.absolutePath), region: region(range) } },
        },
      ];
    }
    return sarifResult;
  };
  const results: Result[] = result.files.flatMap((file) => [...file.findings.map((finding) => toResult(file, finding)), ...file.suppressed.map((finding) => toResult(file, finding))]);

  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bulwark',
            version: BULWARK_VERSION,
            semanticVersion: BULWARK_VERSION,
            informationUri: REPOSITORY_URL,
            rules: allRules.map(reportingDescriptor),
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: rootUrl } },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [
          {
            executionSuccessful: result.unreadable.length === 0,
            toolExecutionNotifications: result.unreadable.map((problem) => ({
              level: 'error',
              message: { text: `Could not read ${problem.path}: ${problem.reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(rootUrl, problem.absolutePath) } }],
            })),
          },
        ],
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function reportingDescriptor(rule: Rule): ReportingDescriptor {
  const description = whatItDoes(rule);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: description, markdown: description },
    help: { text: rule.docs, markdown: rule.docs },
    helpUri: ruleDocsUrl(rule.id),
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: ruleProperties(rule),
  };
}

function ruleProperties(rule: Rule): ReportingDescriptor['properties'] {
  // The engine's own diagnostics (parse errors and the like) are not security findings.
  if (rule.category === 'syntax') return { tags: [rule.category] };
  const cis = cisDockerBenchmarkIds(rule.id);
  return {
    tags: ['security', rule.category, ...cis.map((id) => `external/cis-docker-benchmark/${id}`)],
    'security-severity': rule.category === 'secrets' ? SECRETS_SECURITY_SEVERITY : SECURITY_SEVERITIES[rule.severity],
    ...(cis.length > 0 ? { cisDockerBenchmark: { version: CIS_DOCKER_BENCHMARK_VERSION, recommendations: [...cis] } } : {}),
  };
}

/** SARIF's 1-based region of an engine range (columns in UTF-16 code units, as the run declares). */
function region(range: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/**
 * A fix as SARIF artifact changes, or undefined when SARIF cannot carry it faithfully and safely:
 * a fix that creates a file (a moved secret), or whose text holds a secret, is left out (the log
 * must never show one); `bulwark scan --fix` still applies it.
 */
function sarifFix(rootUrl: string, absolutePath: string, fix: Fix): SarifFix | undefined {
  const changes = [{ absolutePath, edits: fix.edits }];
  for (const change of fix.files ?? []) {
    if (change.kind === 'create') return undefined;
    changes.push({ absolutePath: change.uri.startsWith('file:') ? fileURLToPath(change.uri) : resolve(absolutePath, '..', change.uri), edits: change.edits });
  }
  const holdsSecret = changes.some(({ edits }) => edits.some((edit) => edit.newText.split(/\r\n|\r|\n/).some((line) => redactSecretsInLine(line) !== line)));
  if (holdsSecret) return undefined;
  return {
    description: { text: fix.title },
    artifactChanges: changes
      .filter(({ edits }) => edits.length > 0)
      .map(({ absolutePath: path, edits }) => ({
        artifactLocation: artifactLocation(rootUrl, path),
        replacements: edits.map((edit) => ({ deletedRegion: region(edit.range), ...(edit.newText === '' ? {} : { insertedContent: { text: edit.newText } }) })),
      })),
    properties: { safe: fix.safe },
  };
}

/** The "What it does" section of a rule's docs, which every rule's markdown opens with. */
function whatItDoes(rule: Rule): string {
  const section = /^## What it does\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(rule.docs);
  return section?.[1].trim() || rule.title;
}

/** `file:` URL of a folder, with the trailing slash that makes relative URIs resolve inside it. */
function folderUrl(folder: string): string {
  const url = pathToFileURL(folder).href;
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * A file under the root is named relative to SRCROOT; one outside it (`bulwark scan ../other`) by
 * its absolute URL, since a `../` reference would leave the source root. Both percent-encoded.
 */
function artifactLocation(rootUrl: string, absolutePath: string): ArtifactLocation {
  const url = pathToFileURL(absolutePath).href;
  return url.startsWith(rootUrl) ? { uri: url.slice(rootUrl.length), uriBaseId: SOURCE_ROOT } : { uri: url };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
