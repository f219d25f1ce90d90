import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lint, type FileKind } from '../../rules';

/** KICS's test fixtures, beside the repository (`../shared/corpus/kics`); the checks are skipped without them. */
const KICS = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus', 'kics');

interface ExpectedResult {
  line: number;
  fileName?: string;
  filename?: string;
}

/** Where Bulwark deliberately answers otherwise on a fixture file: the lines it reports there, and why. */
export interface Deviation {
  lines: number[];
  why: string;
}

/**
 * Runs one rule over the fixtures of one KICS query: every positive file must be flagged at the
 * lines KICS expects, every negative file not at all, except the files listed as deviations.
 */
export function kicsFixtures(ruleId: string, query: string, deviations: Record<string, Deviation> = {}): void {
  const folder = join(KICS, query);
  const kind: FileKind = query.startsWith('compose/') ? 'compose' : 'dockerfile';
  describe(`${ruleId} on the KICS fixtures of ${query}`, function () {
    if (!existsSync(folder)) {
      it.skip('needs ../shared/corpus/kics');
      return;
    }
    const files = readdirSync(folder).filter((name) => /^(?:positive|negative)\d*\.(?:dockerfile|ya?ml)$/.test(name)).sort();
    const expected: ExpectedResult[] = JSON.parse(readFileSync(join(folder, 'positive_expected_result.json'), 'utf8'));
    const positives = files.filter((name) => name.startsWith('positive'));
    for (const name of files) {
      const kicsLines = name.startsWith('positive') ? expected.filter((e) => (e.fileName ?? e.filename ?? positives[0]) === name).map((e) => e.line) : [];
      const deviation = deviations[name];
      const want = [...new Set(deviation ? deviation.lines : kicsLines)].sort((a, b) => a - b);
      it(`${name}: ${want.length === 0 ? 'nothing' : `lines ${want.join(', ')}`}${deviation ? ` (KICS: ${kicsLines.join(', ') || 'nothing'}; ${deviation.why})` : ''}`, () => {
        const text = readFileSync(join(folder, name), 'utf8');
        const found = lint({ uri: kind === 'compose' ? 'compose.yaml' : 'Dockerfile', text, kind }).findings.filter((f) => f.ruleId === ruleId);
        assert.deepEqual([...new Set(found.map((f) => f.range.start.line + 1))].sort((a, b) => a - b), want);
      });
    }
  });
}
