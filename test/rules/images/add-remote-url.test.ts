import { kicsFixtures } from '../../helpers/kics';
import { ruleTester } from '../../helpers/rule-tester';

const SHA = 'a'.repeat(40);

ruleTester('add-remote-url', {
  valid: [
    'FROM alpine:3.20\nADD app.tar.gz /opt/',
    { name: 'with --checksum', code: `FROM alpine:3.20\nADD --checksum=sha256:${'b'.repeat(64)} https://example.com/tool.tgz /opt/` },
    { name: 'a Git repository pinned to a commit', code: `FROM alpine:3.20\nADD https://github.com/example/repo.git#${SHA} /src\nADD git@github.com:example/repo.git#${SHA} /src2` },
    { name: 'COPY of a path that looks like a URL is not a download', code: 'FROM alpine:3.20\nCOPY http/ /srv/http/' },
    { name: 'a variable without a value', code: 'FROM alpine:3.20\nARG URL\nADD $URL /opt/' },
  ],
  invalid: [
    {
      name: 'an https download, anchored at the URL',
      code: 'FROM alpine:3.20\nADD https://example.com/big.tar.xz /usr/src/things/\n',
      errors: [{ line: 2, column: 5, endColumn: 35, message: 'ADD downloads https://example.com/big.tar.xz without checking', severity: 'warning' }],
    },
    {
      name: 'plain http, with other flags',
      code: 'FROM alpine:3.20\nADD --chown=1000:1000 http://example.com/tool /usr/local/bin/tool\n',
      errors: [{ line: 2, column: 23, endColumn: 46, message: 'over plain HTTP' }],
    },
    {
      name: 'Git repositories at a moving ref',
      code: 'FROM alpine:3.20\nADD https://github.com/example/repo.git#main /src\nADD --keep-git-dir=true git@github.com:example/repo.git /src2\n',
      errors: [
        { line: 2, column: 5, endColumn: 45, message: 'clones the Git repository' },
        { line: 3, column: 25, endColumn: 56, message: '--checksum=<commit sha>' },
      ],
    },
    {
      name: 'a URL from an ARG default, the JSON form',
      code: 'FROM alpine:3.20\nARG VERSION=1.2.0\nADD ["https://example.com/tool-${VERSION}.tgz", "/opt/"]\n',
      errors: [{ line: 3, column: 7, endColumn: 46, message: 'https://example.com/tool-1.2.0.tgz' }],
    },
  ],
});

kicsFixtures('add-remote-url', 'dockerfile/curl_or_wget_instead_of_add');

ruleTester('add-remote-url', {
  valid: [
    { name: 'a quoted local archive is local', code: 'FROM alpine:3.20\nADD "tools.tar.gz" /opt/\nADD \'vendor.tgz\' /opt/\n' },
    { name: 'a quoted URL with a checksum', code: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d "https://example.com/x" /x\n' },
  ],
  invalid: [
    {
      name: 'quoted URLs (BuildKit removes the quotes), shell and JSON forms, with flags, in an ONBUILD',
      code: 'FROM alpine:3.20\nADD "https://example.com/a" /a\nADD --chmod=755 --link \'http://example.com/b\' /b\nADD ["https://example.com/c", "/c"]\nONBUILD ADD "https://example.com/d" /d\nARG BASE=https://example.com\nADD "${BASE}/e" /e\n',
      errors: [
        { line: 2, column: 5, message: 'downloads https://example.com/a without' },
        { line: 3, column: 24, message: 'over plain HTTP' },
        { line: 4, column: 7 },
        { line: 5, column: 13 },
        { line: 7, column: 5, message: 'https://example.com/e' },
      ],
    },
  ],
});
