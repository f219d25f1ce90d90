import * as assert from 'node:assert/strict';
import { detectSecret, MAX_SCANNED_LENGTH } from '../../rules/secrets';

/**
 * No value makes secret detection slow: credential formats are looked for in a value's first
 * MAX_SCANNED_LENGTH characters only. The timeouts are hang detectors, not speed requirements.
 */

const AWS_KEY = 'AKIAZ3MHALJHL7Q2XYRW';
const repeated = (seed: string, length = 100_000) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

/** Starts of credential formats, each repeated into one 100,000-character line: near-matches all. */
const NEAR_MATCHES = [
  'AKIA', 'ASIA', 'A3T', '-----BEGIN ', '-----BEGIN PRIVATE', 'ghp_', 'github_pat_', 'glpat-', 'xoxb-', 'sk-proj-', 'sk-ant-api03-',
  'npm_', 'SG.', 'SG.a', 'eyJ', 'eyJa.', 'AIza', 'sk_live_', 'figd_', 'lin_api_', 'hvs.', 'ops_ey', 'https://', 'https://u:',
  'postgres://u:', 'mongodb://', 'QUJDREVG', 'aws_secret_access_key=', '${{', '{{', '$(', 'a+', 'x:', '@',
];

describe('secret detection is bounded per value', function () {
  this.timeout(2_000);

  for (const seed of NEAR_MATCHES) {
    it(`a line of ${JSON.stringify(seed)} repeated, alone and between spaces, holds no secret`, () => {
      assert.equal(detectSecret(undefined, repeated(seed)), undefined);
      assert.equal(detectSecret(undefined, repeated(`${seed} `)), undefined);
      // Only a secret-like name makes it one (not a text with variables in it).
      assert.equal(detectSecret('API_TOKEN', repeated(seed))?.reason, seed.includes('${') ? undefined : 'name');
    });
  }

  it('a private key header repeated on its own lines is a private key, found at the first', () => {
    const found = detectSecret(undefined, repeated('-----BEGIN RSA PRIVATE KEY-----\n'));
    assert.deepEqual([found?.format, found?.start, found?.end], ['private-key', 0, 31]);
  });

  it('a 1 MB value: formats in its first MAX_SCANNED_LENGTH characters are found, later ones are not, its name still counts', () => {
    const filler = repeated('lorem ipsum ', 1 << 20);
    const early = `${filler.slice(0, 1000)} ${AWS_KEY} ${filler}`;
    assert.deepEqual([detectSecret(undefined, early)?.format, detectSecret(undefined, early)?.start], ['aws', 1001]);
    const late = `${filler.slice(0, MAX_SCANNED_LENGTH)} ${AWS_KEY} ${filler}`;
    assert.equal(detectSecret(undefined, late), undefined);
    assert.equal(detectSecret('AWS_ACCESS_KEY_ID', late)?.reason, 'name');
    assert.equal(detectSecret(undefined, repeated('a', 1 << 20)), undefined);
  });

  it('a token the limit falls in is not read as a shorter one', () => {
    // Cut after MAX_SCANNED_LENGTH characters, this line would end in `ghp_` and 36 more: a GitHub token's shape.
    assert.equal(detectSecret(undefined, `${repeated('x ', MAX_SCANNED_LENGTH - 20)}${repeated('ghp_', 200)}`), undefined);
  });
});
