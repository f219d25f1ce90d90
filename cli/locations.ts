import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding, Range } from '../rules';
import { displayPath } from './paths';
import type { ScannedFile } from './scan';

/**
 * A place in a file as people and SARIF count: 1-based lines and columns, columns in UTF-16 code
 * units (what VS Code shows). `range` keeps the engine's 0-based LSP range.
 */
export interface ReportLocation {
  absolutePath: string;
  /** Relative to the scan root, forward slashes. */
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  range: Range;
}

export interface RelatedReportLocation extends ReportLocation {
  message: string;
}

/** The one conversion from a finding to the places every format reports. */
export function findingLocations(root: string, file: ScannedFile, finding: Finding): { primary: ReportLocation; related: RelatedReportLocation[] } {
  return {
    primary: locate(file.absolutePath, file.path, finding.range),
    related: (finding.related ?? []).map((related) => {
      // A related place without a uri is in the finding's own file.
      const absolutePath = related.uri === undefined ? file.absolutePath : toAbsolutePath(root, related.uri);
      return { ...locate(absolutePath, displayPath(root, absolutePath), related.range), message: related.message };
    }),
  };
}

function locate(absolutePath: string, path: string, range: Range): ReportLocation {
  return {
    absolutePath,
    path,
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
    range,
  };
}

/** The engine names other files by `file:` URI or by path. */
function toAbsolutePath(root: string, uriOrPath: string): string {
  return uriOrPath.startsWith('file:') ? fileURLToPath(uriOrPath) : resolve(root, uriOrPath);
}
