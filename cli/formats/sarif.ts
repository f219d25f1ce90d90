import { pathToFileURL } from 'node:url';
import type { ArtifactLocation, Log, PhysicalLocation, ReportingDescriptor, Result } from 'sarif';
import { allRules, REPOSITORY_URL, ruleDocsUrl, type Rule, type Severity } from '../../rules';
import { findingLocations, type ReportLocation } from '../locations';
import type { ScanResult } from '../scan';
import { BULWARK_VERSION } from '../../disk/version';

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
/** The base every artifact URI is relative to, so that the log does not depend on where it was made. */
const SOURCE_ROOT = 'SRCROOT';

const LEVELS: Record<Severity, Result.level> = { error: 'error', warning: 'warning', info: 'note' };

/** A SARIF 2.1.0 log with one run: every rule Bulwark can report, and a result per finding. */
export function formatSarif(result: ScanResult): string {
  const rootUrl = folderUrl(result.root);
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.id, index]));
  const physicalLocation = (location: ReportLocation): PhysicalLocation => ({
    artifactLocation: artifactLocation(rootUrl, location.absolutePath),
    region: { startLine: location.line, startColumn: location.column, endLine: location.endLine, endColumn: location.endColumn },
  });

  const results: Result[] = result.files.flatMap((file) =>
    file.findings.map((finding) => {
      const { primary, related } = findingLocations(result.root, file, finding);
      const sarifResult: Result = {
        ruleId: finding.ruleId,
        ruleIndex: ruleIndex.get(finding.ruleId),
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: physicalLocation(primary) }],
      };
      if (related.length > 0) {
        sarifResult.relatedLocations = related.map((place, id) => ({ id, physicalLocation: physicalLocation(place), message: { text: place.message } }));
      }
      return sarifResult;
    }),
  );

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
    // The engine's own diagnostics (parse errors and the like) are not security findings.
    properties: { tags: rule.category === 'syntax' ? [rule.category] : ['security', rule.category] },
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
