import * as assert from 'node:assert/strict';
import { parseChallenge } from '../registry/client';
import { lint } from '../rules';
import { baseName } from '../rules/kinds';
import { tcpPort } from '../rules/model/dockerd';
import { isDindImage } from '../rules/model/dockerd-commands';
import { normalizePath } from '../rules/model/compose-mounts';
import { trustedPrefixes } from '../rules/model/image-ref';
import { isArchiveName } from '../rules/model/instructions';
import { SCRIPT_OPTION } from '../rules/model/shell-syntax';
import { detectSecret, MAX_SCANNED_LENGTH, redactSecretsInLine } from '../rules/secrets';
import { secretFileKind } from '../rules/secrets/files';
import { cutAtFirstOf, lastLineOf, trimEndOf } from '../rules/text';
import { folderOf, parentFolder } from '../rules/workspace';

/**
 * The patterns recheck found vulnerable, each run on the attack string it gave (a line break is
 * written `\u2028` where the text cannot hold a `\n`: a regex `.` stops at both). Before the fix each
 * of these took minutes; the timeout is a hang detector, not a speed requirement.
 */

const ids = (text: string, uri: string) => lint({ uri, text }).findings.map((finding) => finding.ruleId);
const compose = (service: string) => `services:\n  app:\n    image: nginx:1.27\n${service}`;

describe('patterns rewritten against catastrophic backtracking return on their attack strings', function () {
  this.timeout(2_000);

  it('a trailing run of slashes (`/\\/+$/`)', () => {
    const attack = `${'/'.repeat(54773)}\0/`;
    assert.equal(trimEndOf(attack, '/'), `${'/'.repeat(54773)}\0`);
    assert.equal(parentFolder(attack), '/'.repeat(54773));
    assert.equal(normalizePath(attack), '/\0');
    const slashes = `ghcr.io/acme${'/'.repeat(54773)}x`;
    assert.deepEqual(trustedPrefixes(`${slashes}/`), trustedPrefixes(slashes));
    assert.equal(isArchiveName(`${'/'.repeat(54773)}\0x.tar/`), true);
  });

  it('everything from a `?` or `#` (`/[?#].*$/`), and from a slash (`/\\/.*$/`)', () => {
    const attack = `${'#'.repeat(54773)}\n#`;
    assert.equal(cutAtFirstOf(attack, '?#'), `${'#'.repeat(54773)}\n`);
    assert.ok(baseName(attack) === `${'#'.repeat(54773)}\n`);
    assert.equal(folderOf(`a/${attack}`), 'a/');
    assert.equal(cutAtFirstOf(`${'/'.repeat(54773)}\nhost/path`, '/'), `${'/'.repeat(54773)}\nhost`);
    assert.equal(lastLineOf(`a\u2028b\nc`), 'c');
  });

  it('host-namespace: `service:` then whitespace, a word and a line break', () => {
    assert.ok(!ids(compose(`    pid: "service:${'\\t'.repeat(54773)}a\\u2028b"\n`), 'compose.yaml').includes('host-namespace'));
  });

  it('no-new-privileges-missing: whitespace around the separator before a line break', () => {
    assert.ok(ids(compose(`    security_opt: ["no-new-privileges:${'\\t'.repeat(54773)}a\\u2028b"]\n`), 'compose.yaml').includes('no-new-privileges-missing'));
  });

  it('security-profile-disabled: whitespace around the separator before a line break', () => {
    assert.ok(!ids(compose(`    security_opt: ["seccomp:${'\\t'.repeat(54773)}a\\u2028b"]\n`), 'compose.yaml').includes('security-profile-disabled'));
  });

  it('secret-in-run: a credential header with whitespace before a line break', () => {
    assert.ok(!ids(`FROM alpine:3.20\nRUN curl -H "api-key:${'\t'.repeat(54773)}:\u2028" https://example.com\n`, 'Dockerfile').includes('secret-in-run'));
  });

  it('tls-verification-disabled: many `.sslverify=` in one git setting', () => {
    const setting = `http.p${'.sslverify='.repeat(16515)}false`;
    assert.ok(ids(`FROM alpine:3.20\nRUN git -c ${setting} clone https://example.com/r.git\n`, 'Dockerfile').includes('tls-verification-disabled'));
    assert.ok(!ids(`FROM alpine:3.20\nRUN git -c "${setting}\u2028" clone https://example.com/r.git\n`, 'Dockerfile').includes('tls-verification-disabled'));
  });

  it('hadolint suppressions: a long run of whitespace in the list of codes', () => {
    const findings = lint({ uri: 'Dockerfile', text: `FROM alpine\n# hadolint\tignore=t${'\t'.repeat(54773)}\tignore=d\nRUN true\n` }).findings;
    assert.ok(findings.some((finding) => finding.ruleId === 'image-untagged'));
  });

  it('a docker:dind image with `dind` repeated', () => {
    assert.equal(isDindImage(`docker:${'dind'.repeat(27387)}@`), false);
    assert.equal(isDindImage(`docker:${'dind'.repeat(27387)}`), true);
  });

  it('the port of a daemon address with many `:0/`', () => {
    assert.equal(tcpPort(`tcp://${':0/'.repeat(100000)}\n:0`, false), 0);
    assert.equal(tcpPort(`tcp://${':0/'.repeat(100000)}x`, false), 0);
  });

  it('apk -U and sh -c among a long run of option letters', () => {
    assert.equal(SCRIPT_OPTION.test(`-${'c'.repeat(54773)}\0`), false);
    const apk = (option: string) => ids(`FROM alpine:3.20\nRUN apk update\nRUN apk add ${option} curl\n`, 'Dockerfile');
    assert.ok(apk(`-${'U'.repeat(54773)}-`).includes('pkg-update-alone'));
    assert.ok(!apk(`-${'U'.repeat(54773)}`).includes('pkg-update-alone'));
  });

  it('a service account key file name with `serviceaccount` repeated', () => {
    assert.equal(secretFileKind(`${'serviceaccount'.repeat(14639)}\nserviceaccount.json`), 'a service account key');
    assert.equal(secretFileKind(`${'serviceaccount'.repeat(14639)}.yaml`), undefined);
  });

  it('a WWW-Authenticate header with a long name and no value', () => {
    assert.deepEqual(parseChallenge(`Bearer ${'-'.repeat(54773)}-"`), { scheme: 'bearer', params: {} });
    assert.deepEqual(parseChallenge(`Bearer realm="https://auth.example.com/token",service=${'-'.repeat(54773)}`)?.params.realm, 'https://auth.example.com/token');
  });

  it('credential formats: a JWT, a GitLab token and a URL password among long runs of near-matches', () => {
    assert.equal(detectSecret(undefined, 'eyJeJ--e0e-'.repeat(16515)), undefined);
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';
    assert.equal(detectSecret(undefined, `${'eyJeJ--e0e-'.repeat(1400)}x ${jwt}`)?.format, 'jwt');
    assert.equal(detectSecret(undefined, `glpat-${'-'.repeat(60000)}!`), undefined);
    assert.equal(detectSecret(undefined, `a${'+A'.repeat(38730)}:\0@A`), undefined);
    assert.equal(detectSecret(undefined, 'x-amqp://user:s3cr3t-pw@example.com')?.format, 'url-password');
  });

  it('redacting a line with `A-` repeated (assignments)', () => {
    const line = `${'A-'.repeat(8000)}\0`;
    assert.equal(redactSecretsInLine(line), line);
    // A longer line is shown up to the token the scanning limit falls in.
    assert.equal(redactSecretsInLine(`${line} ${line}`), `${line} …`);
    assert.ok(2 * line.length + 1 > MAX_SCANNED_LENGTH);
    assert.equal(redactSecretsInLine(`1-2 DB_PASSWORD=hunter2hunter2 ${line}`), `1-2 DB_PASSWORD=hu************ ${line}`);
  });

  it('secret-persists-in-layer: a wildcard with many stars that does not match the secret', () => {
    const found = ids(`FROM alpine:3.20\nCOPY id_rsa /k/id_rsa.${'a'.repeat(3000)}\nRUN rm /k/id_rsa.${'*a'.repeat(12)}*b\n`, 'Dockerfile');
    assert.ok(found.includes('secret-file-copied') && !found.includes('secret-persists-in-layer'), found.join());
    const removed = ids(`FROM alpine:3.20\nCOPY id_rsa /k/id_rsa.${'a'.repeat(3000)}\nRUN rm /k/id_rsa.${'*a'.repeat(12)}*\n`, 'Dockerfile');
    assert.ok(removed.includes('secret-persists-in-layer'), removed.join());
  });
});
