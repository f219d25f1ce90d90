import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../rules';
import { expectedFiles, REPO_ROOT } from '../scripts/generate-docs';

describe('rule documentation', () => {
  it('every rule doc has the sections hover and the docs pages show', () => {
    for (const rule of allRules) {
      for (const section of ['## What it does', '## Why is this bad?', '## Example', '## Use instead']) {
        assert.ok(rule.docs.includes(section), `${rule.id} lacks "${section}"`);
      }
    }
  });

  it('docs/rules/*.md, the README rule table, the schema and the rule ids of package.json are up to date (run npm run docs)', () => {
    for (const [file, content] of expectedFiles()) {
      assert.equal(readFileSync(path.join(REPO_ROOT, file), 'utf8'), content, `${file} is stale`);
    }
  });

  it('rule ids are unique kebab-case', () => {
    const ids = allRules.map((rule) => rule.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z]+(?:-[a-z0-9]+)*$/);
  });
});
