import * as assert from 'node:assert/strict';
import { findCredentialFormats, RECENT_VALUES, recentValueCount, type FormatMatch } from '../../rules/secrets/formats';

describe('secrets: verdicts on recent values', () => {
  const TOKEN = `ghp_${'A1b2C3d4E5'.repeat(3)}123456`;

  it('a value seen before gets the same matches, which no caller can change', () => {
    const first = findCredentialFormats(`token ${TOKEN}`);
    assert.equal(first.length, 1);
    assert.throws(() => ((first[0] as FormatMatch).start = -1), TypeError);
    assert.throws(() => (first as FormatMatch[]).pop(), TypeError);
    assert.deepEqual(findCredentialFormats(`token ${TOKEN}`), [{ format: 'github', start: 6, end: 6 + TOKEN.length }]);
  });

  it('keeps at most RECENT_VALUES values', () => {
    for (let i = 0; i < RECENT_VALUES + 100; i++) findCredentialFormats(`value-${i}`);
    assert.equal(recentValueCount(), RECENT_VALUES);
    assert.deepEqual(findCredentialFormats(`token ${TOKEN}`).map((m) => m.format), ['github']);
  });
});
