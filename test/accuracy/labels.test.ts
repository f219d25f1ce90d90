import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectKind } from '../../rules/kinds';
import { REPO_ROOT } from '../../scripts/generate-docs';

interface Label {
  file: string;
  ruleId: string;
  line: number;
  note?: string;
}

// The hand-made labels scripts/accuracy.mjs measures against; the corpus itself lives outside
// the repository, so only the file's own consistency is checked here.
const labels = JSON.parse(readFileSync(path.join(REPO_ROOT, 'test', 'accuracy', 'labels.json'), 'utf8')) as {
  files: string[];
  expected: Label[];
};

describe('accuracy labels', () => {
  it('list each corpus file once, all of a kind Bulwark lints', () => {
    assert.equal(new Set(labels.files).size, labels.files.length);
    for (const file of labels.files) assert.ok(detectKind(file), `${file} is neither a Dockerfile nor a compose file`);
  });

  it('label only listed files, with a rule id, a 1-based line and an optional note', () => {
    const files = new Set(labels.files);
    for (const label of labels.expected) {
      const where = `${label.file}:${label.line} ${label.ruleId}`;
      assert.ok(files.has(label.file), `${where}: file not in "files"`);
      assert.match(label.ruleId, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${where}: rule id`);
      assert.ok(Number.isInteger(label.line) && label.line >= 1, `${where}: line`);
      assert.ok(label.note === undefined || (typeof label.note === 'string' && label.note.length > 0), `${where}: note`);
      assert.deepEqual(Object.keys(label).filter((k) => !['file', 'ruleId', 'line', 'note'].includes(k)), [], `${where}: keys`);
    }
  });
});
