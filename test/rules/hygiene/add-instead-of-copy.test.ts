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

ruleTester('add-instead-of-copy', {
  valid: [
    {
      name: 'quoted archives and URLs are what BuildKit reads without the quotes',
      code: 'FROM alpine:3.20\nADD "tools.tar.gz" /opt/\nADD \'rootfs.tar.xz\' /\nADD --chmod=644 --link "vendor.tgz" /opt/\nADD "https://example.com/x" /x\nADD \'git@github.com:example/repo.git\' /src\nADD ["app.tar.gz", "/srv/"]\nARG ARCHIVE=dist.tar.gz\nADD "${ARCHIVE}" /srv/\nADD "$UNKNOWN.tar.gz" /srv/\nONBUILD ADD "pkg.tar.bz2" /opt/\n',
    },
    { name: 'a here-document, with flags', code: 'FROM alpine:3.20\nADD --chmod=755 <<EOF /usr/local/bin/run\n#!/bin/sh\nEOF\n' },
  ],
  invalid: [
    {
      name: 'a quoted local file, JSON form, ONBUILD: reported with the safe fix',
      code: 'FROM alpine:3.20\nADD "nginx.conf" /etc/nginx/\nADD ["a b.txt", "/srv/"]\nONBUILD ADD --chown=app app.jar /app/\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: 'ADD copies "nginx.conf"' }, { line: 3, column: 1, message: 'ADD copies "a b.txt"' }, { line: 4, column: 9, endColumn: 12 }],
      output: 'FROM alpine:3.20\nCOPY "nginx.conf" /etc/nginx/\nCOPY ["a b.txt", "/srv/"]\nONBUILD COPY --chown=app app.jar /app/\n',
    },
    {
      name: 'a wildcard that may match an archive gets no fix; one with a literal extension does',
      code: 'FROM alpine:3.20\nADD dist/* /srv/\nADD "pkg-?" /srv/\nADD conf/*.conf /etc/app/\n',
      errors: [{ line: 2 }, { line: 3 }, { line: 4 }],
      output: 'FROM alpine:3.20\nADD dist/* /srv/\nADD "pkg-?" /srv/\nCOPY conf/*.conf /etc/app/\n',
    },
  ],
});
