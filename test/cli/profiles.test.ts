import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { rules } from '../../rules';
import { scan } from '../../cli/scan';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
// The corpus beside the project, or where the bench and the conformance test are told it is.
const CORPUS_SETS = [
  process.env.BULWARK_KICS_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus', 'kics'),
  process.env.BULWARK_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus', 'real-world'),
].filter((path) => existsSync(path));

/** Every error and warning of a scan, as `path:line:column rule severity`. */
function errorsAndWarnings(paths: string[], profile: 'recommended' | 'strict'): string[] {
  return scan(paths, REPO_ROOT, { profile }).files.flatMap((file) =>
    file.findings.filter((f) => f.severity !== 'info').map((f) => `${file.path}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.ruleId} ${f.severity}`),
  );
}

describe('profiles: recommended keeps every error and warning', () => {
  it('every rule whose default severity is error or warning is in recommended', () => {
    for (const rule of rules) if (rule.severity !== 'info') assert.ok(rule.profiles.includes('recommended'), rule.id);
  });

  it('on the insecure examples, recommended reports every error and warning strict reports', () => {
    const strict = errorsAndWarnings(['examples'], 'strict');
    assert.ok(strict.length > 30, `only ${strict.length}`);
    assert.deepEqual(errorsAndWarnings(['examples'], 'recommended'), strict);
  });

  it('and on the corpus beside the project', function () {
    if (CORPUS_SETS.length === 0) this.skip();
    assert.deepEqual(errorsAndWarnings(CORPUS_SETS, 'recommended'), errorsAndWarnings(CORPUS_SETS, 'strict'));
  });
});
