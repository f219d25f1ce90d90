import * as assert from 'node:assert/strict';
import { applyFixes, lint } from '../../../rules';
import { kicsFixtures } from '../../helpers/kics';
import { ruleTester } from '../../helpers/rule-tester';

ruleTester('add-instead-of-copy', {
  valid: [
    'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/',
    { name: 'a tar archive is unpacked', code: 'FROM alpine:3.20\nADD rootfs.tar.xz /\nADD vendor.tgz /opt/\nADD ${ARCHIVE:-app.tar.gz} /srv/' },
    { name: 'URLs and Git repositories', code: 'FROM alpine:3.20\nADD https://example.com/tool /usr/bin/\nADD git@github.com:example/repo.git /src' },
    { name: 'a here-document', code: 'FROM alpine:3.20\nADD <<EOF /etc/motd\nhello\nEOF\n' },
  ],
  invalid: [
    {
      name: 'a local file, anchored at ADD',
      code: 'FROM nginx:1.27\nADD nginx.conf /etc/nginx/nginx.conf\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: 'ADD copies "nginx.conf"', severity: 'info' }],
    },
    {
      name: 'lower case, flags, several sources, continuation lines',
      code: 'FROM alpine:3.20\nadd --chown=app:app \\\n  a.txt b/ /app/\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: 'local files' }],
    },
    {
      name: 'a variable without a value is judged by its text',
      code: 'FROM openjdk:21\nARG JAR_FILE\nADD ${JAR_FILE} app.jar\n',
      errors: [{ line: 3, column: 1, endColumn: 4 }],
    },
  ],
});

describe('add-instead-of-copy fix', () => {
  const fixed = (text: string) => applyFixes(text, lint({ uri: 'Dockerfile', text }).findings.filter((f) => f.ruleId === 'add-instead-of-copy'), { unsafe: false });

  it('replaces the keyword only, keeping flags, arguments and case', () => {
    assert.deepEqual(fixed('FROM alpine:3.20\nADD --chown=app:app --chmod=644 a.txt  /app/ # x\nadd b /b\n'), { text: 'FROM alpine:3.20\nCOPY --chown=app:app --chmod=644 a.txt  /app/ # x\ncopy b /b\n', applied: 2, files: [] });
  });

  it('is safe, and not offered when a flag COPY lacks is used or a source is unknown', () => {
    const findings = (text: string) => lint({ uri: 'Dockerfile', text }).findings.filter((f) => f.ruleId === 'add-instead-of-copy');
    assert.equal(findings('FROM alpine:3.20\nADD a /a\n')[0].fixes?.[0].safe, true);
    assert.equal(findings('FROM alpine:3.20\nADD --checksum=sha256:abc a /a\n')[0].fixes, undefined);
    assert.equal(findings('FROM alpine:3.20\nADD --unpack=false a /a\n')[0].fixes, undefined);
    assert.equal(findings('FROM alpine:3.20\nARG F\nADD $F /a\n')[0].fixes, undefined);
  });
});

kicsFixtures('add-instead-of-copy', 'dockerfile/add_instead_of_copy');
