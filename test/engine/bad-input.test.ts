import * as assert from 'node:assert/strict';
import { lint, type FileKind } from '../../rules';
import { lintText, summary } from './helpers';

const KINDS: FileKind[] = ['dockerfile', 'compose'];

/** Bytes that are no text at all, decoded the way a careless reader would. */
const BINARY_JUNK = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00, 0x01, 0x7f, 0x80, 0x0a, 0xc3, 0x28]).toString('utf8');

describe('engine: bad input', () => {
  describe('daemon.json and unit files', () => {
    it('an empty or whitespace-only file has no finding', () => {
      for (const kind of ['daemon', 'systemd'] as const) {
        assert.deepEqual(lintText(kind, ''), []);
        assert.deepEqual(lintText(kind, '  \n\t\n'), []);
      }
    });

    it('daemon.json: binary junk gives one located parse-error; a unit file of junk runs no dockerd', () => {
      assert.deepEqual(summary(lintText('daemon', BINARY_JUNK)), ['parse-error 1:1']);
      assert.deepEqual(lintText('systemd', BINARY_JUNK), []);
    });

    it('daemon.json: each comment is reported, and the rest of the file is still checked', () => {
      const text = '{\n  // TCP for the CI agents\n  "hosts": ["tcp://0.0.0.0:2375"], /* no TLS */\n  "icc": false, "userns-remap": "default", "no-new-privileges": true\n}\n';
      assert.deepEqual(summary(lintText('daemon', text)), ['parse-error 2:3', 'parse-error 3:36']);
      assert.match(lintText('daemon', text)[0].message, /Comments are not valid in daemon\.json/);
      assert.deepEqual(lint({ uri: 'daemon.json', text }).findings.filter((f) => f.ruleId !== 'parse-error').map((f) => f.ruleId), ['docker-daemon-tcp-unencrypted']);
    });

    it('daemon.json: a trailing comma is reported at the comma; a top level that is not an object is reported', () => {
      assert.deepEqual(summary(lintText('daemon', '{ "icc": false, "userns-remap": "x", "no-new-privileges": true, }')), ['parse-error 1:63']);
      assert.deepEqual(summary(lintText('daemon', '["icc"]')), ['parse-error 1:1']);
    });

    it('daemon.json: 2 MB of nested `[` give one parse-error, not a stack overflow', () => {
      const findings = lintText('daemon', `{"hosts": ${'['.repeat(2 * 1024 * 1024)}`);
      assert.deepEqual(summary(findings), ['parse-error 1:1010']);
      assert.match(findings[0].message, /nested too deeply/);
    });

    it('a 10 MB daemon.json gives one file-too-large finding', () => {
      assert.deepEqual(summary(lintText('daemon', `{"a": "${'x'.repeat(10 * 1024 * 1024)}"}`)), ['file-too-large 1:1']);
    });
  });

  for (const kind of KINDS) {
    describe(kind, () => {
      it('an empty file has no finding', () => {
        assert.deepEqual(lintText(kind, ''), []);
      });

      it('a whitespace-only file has no finding', () => {
        assert.deepEqual(lintText(kind, '  \n\t\n\r\n   '), []);
      });

      it('binary junk gives one located parse-error', () => {
        const findings = lintText(kind, BINARY_JUNK);
        assert.deepEqual(summary(findings), ['parse-error 1:1']);
        assert.equal(findings[0].range.start.line, findings[0].range.end.line, 'the range stays on one line');
      });

      it('a 10 MB document gives one file-too-large finding and is not parsed', () => {
        const text = (kind === 'compose' ? 'services:\n  web:\n    image: nginx\n' : 'FROM ubuntu\n') + '#'.repeat(10 * 1024 * 1024);
        const findings = lintText(kind, text);
        assert.deepEqual(summary(findings), ['file-too-large 1:1']);
        assert.match(findings[0].message, /10\.0 MB/);
        assert.equal(findings[0].severity, 'info');
      });

      it('maxFileSize is an option', () => {
        assert.deepEqual(summary(lintText(kind, 'FROM ubuntu:24.04\n', { maxFileSize: 5 })), ['file-too-large 1:1']);
      });
    });
  }

  describe('compose', () => {
    it('invalid YAML gives one parse-error where the YAML breaks', () => {
      const findings = lintText('compose', 'services:\n  web:\n    image: nginx:1.27\n   ports: ["80:80"]\n');
      assert.deepEqual(summary(findings), ['parse-error 4:1']);
      assert.match(findings[0].message, /^Invalid YAML: /);
      assert.equal(findings[0].severity, 'error');
    });

    it('an unclosed flow sequence', () => {
      const findings = lintText('compose', 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL\n');
      assert.equal(findings.length, 1);
      assert.equal(findings[0].ruleId, 'parse-error');
    });

    it('duplicate keys are a parse-error', () => {
      assert.deepEqual(summary(lintText('compose', 'services:\n  web:\n    image: nginx:1.27\n  web:\n    image: nginx:1.26\n')), ['parse-error 4:3']);
    });

    it('duplicate keys in a flow mapping, and at the end of a 2,000-key mapping', () => {
      assert.deepEqual(summary(lintText('compose', 'services:\n  web: {image: "nginx:1.27", cap_drop: [ALL], image: x}\n')), ['parse-error 2:47']);
      const volumes = Array.from({ length: 2000 }, (_, i) => `  v${i}: {}\n`).join('');
      assert.deepEqual(summary(lintText('compose', `services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\nvolumes:\n${volumes}  v7: {}\n`)), ['parse-error 2006:3']);
    });

    it('a YAML error that ends inside a CRLF line break is located on the line before it', () => {
      const findings = lintText('compose', "services: '\r\n'");
      assert.deepEqual(findings.map((f) => f.range), [{ start: { line: 0, character: 11 }, end: { line: 0, character: 11 } }]);
    });

    it('2 MB of nested `[` give a parse-error at the bracket too deep, without parsing', () => {
      const findings = lintText('compose', `services:\n  web:\n    labels: ${'['.repeat(2 * 1024 * 1024)}\n`);
      assert.deepEqual(summary(findings), ['parse-error 3:1013']);
      assert.match(findings[0].message, /nested too deeply/);
    });

    it('a top-level list is not a Compose file, reported on its first line', () => {
      const findings = lintText('compose', '- web\n- db\n- cache\n');
      assert.deepEqual(summary(findings), ['parse-error 1:1']);
      assert.deepEqual(findings[0].range, { start: { line: 0, character: 0 }, end: { line: 0, character: 5 } });
      assert.match(findings[0].message, /top level must be a mapping/);
    });

    it('a top-level scalar is not a Compose file', () => {
      assert.deepEqual(summary(lintText('compose', 'just some text\n')), ['parse-error 1:1']);
    });

    it('services that are not a mapping', () => {
      assert.deepEqual(summary(lintText('compose', 'services:\n  - web\n')), ['parse-error 2:3']);
      assert.deepEqual(summary(lintText('compose', 'services: web\n')), ['parse-error 1:11']);
    });

    it('services that are null or odd values are skipped', () => {
      assert.deepEqual(lintText('compose', 'services:\n'), []);
      assert.deepEqual(lintText('compose', 'services:\n  web:\n  db: ~\n  cache: 12\n'), []);
    });

    it('odd environment and cap_drop shapes do not throw', () => {
      const text = 'services:\n  web:\n    image: nginx:1.27\n    environment: [{A: 1}, [a], 12, "=x", ""]\n    cap_drop: {ALL: true}\n    user: [root]\n  db:\n    image: [postgres]\n    environment: plain\n    extends: [web]\n';
      // db extends something that is not a service name: what it inherits is unknown, so it is not judged.
      assert.deepEqual(summary(lintText('compose', text)), ['cap-drop-missing 2:3']);
    });

    it('deeply nested flow collections give a parse-error, not a stack overflow', () => {
      const findings = lintText('compose', `services:\n  web:\n    image: nginx:1.27\n    labels: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
      assert.deepEqual(findings.map((f) => f.ruleId), ['parse-error']);
      assert.match(findings[0].message, /nested too deeply/);
    });

    it('deeply nested block mappings', () => {
      const nested = Array.from({ length: 2000 }, (_, i) => `${' '.repeat(6 + i)}k${i}:`).join('\n');
      const findings = lintText('compose', `services:\n  web:\n    image: nginx:1.27\n    labels:\n${nested}\n`);
      assert.ok(findings.length >= 1);
      for (const finding of findings) assert.ok(['parse-error', 'cap-drop-missing'].includes(finding.ruleId), finding.ruleId);
    });

    it('a merge key that refers back to its own mapping', () => {
      const findings = lintText('compose', 'services:\n  web: &web\n    image: nginx:1.27\n    cap_drop: [ALL]\n    environment: &env\n      <<: *web\n      A: 1\n');
      assert.deepEqual(findings, []);
    });

    it('a 10-level anchor chain is followed to the end', () => {
      let text = 'x-0: &level0\n  image: redis\n  environment:\n    DB_PASSWORD: hunter2\n';
      for (let i = 1; i < 10; i++) text += `x-${i}: &level${i}\n  <<: *level${i - 1}\n  labels: {level: "${i}"}\n`;
      text += 'services:\n  cache:\n    <<: *level9\n';
      const findings = lintText('compose', text);
      assert.deepEqual(summary(findings), ['cap-drop-missing 33:3', 'image-untagged 34:5', 'secret-in-env 34:5']);
      assert.deepEqual(findings[1].related?.map((r) => r.range.start.line + 1), [2]);
      assert.deepEqual(findings[2].related?.map((r) => r.range.start.line + 1), [4]);
    });

    it('a 2,000-service file', () => {
      const services = Array.from({ length: 2000 }, (_, i) => `  svc${i}:\n    <<: *common\n    image: example/svc${i}\n    environment:\n      API_TOKEN: token-${i}-value\n`).join('');
      const findings = lintText('compose', `x-common: &common\n  cap_drop: [ALL]\n  user: "1000"\nservices:\n${services}`);
      assert.equal(findings.filter((f) => f.ruleId === 'image-untagged').length, 2000);
      assert.equal(findings.filter((f) => f.ruleId === 'secret-in-env').length, 2000);
      assert.equal(findings.length, 4000);
    });

    it('CRLF line ends', () => {
      const findings = lintText('compose', 'services:\r\n  web:\r\n    image: nginx\r\n    user: root\r\n    cap_drop: [ALL]\r\n');
      assert.deepEqual(summary(findings), ['image-untagged 3:12', 'root-user 4:11']);
      assert.deepEqual(findings[1].range.end, { line: 3, character: 14 });
    });

    it('a byte order mark', () => {
      assert.deepEqual(summary(lintText('compose', '\uFEFFservices:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n')), ['image-untagged 3:12']);
    });

    it('tabs: as indentation a parse-error, inside values fine', () => {
      assert.deepEqual(summary(lintText('compose', 'services:\n\tweb:\n\t\timage: nginx\n')), ['parse-error 2:1']);
      assert.deepEqual(summary(lintText('compose', 'services:\n  web:\n    image:\tnginx\t\n    cap_drop: [\tALL]\n')), ['image-untagged 3:12']);
    });

    it('a second YAML document: merged over the first, as Compose merges them, and checked', () => {
      const findings = lintText('compose', 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    user: root\n---\nservices:\n  db:\n    image: postgres\n    cap_drop: [ALL]\n');
      assert.deepEqual(summary(findings), ['root-user 5:11', 'image-untagged 9:12']);
    });

    it('an invalid later document is a parse-error at its first error', () => {
      assert.deepEqual(summary(lintText('compose', 'services:\n  web:\n    image: nginx:1.27\n---\nservices: [\n')).filter((s) => s.startsWith('parse-error')), ['parse-error 6:1']);
    });

    it('a leading document marker and a document end marker are fine', () => {
      assert.deepEqual(summary(lintText('compose', '---\nservices:\n  web:\n    image: nginx\n    cap_drop: [ALL]\n...\n')), ['image-untagged 4:12']);
    });
  });

  describe('dockerfile', () => {
    it('junk lines give one parse-error for all of them', () => {
      const findings = lintText('dockerfile', 'hello world\nfoo bar\n');
      assert.deepEqual(summary(findings), ['parse-error 1:1']);
      assert.match(findings[0].message, /"HELLO" \(and 1 more line that is not an instruction\)/i);
    });

    it('a line that is not an instruction does not leak the secret it holds', () => {
      const findings = lintText('dockerfile', 'FROM alpine:3.20\nENV A=1\n  API_TOKEN=tok-1234567890abcdef\nUSER 1000\n');
      assert.deepEqual(summary(findings), ['parse-error 3:3']);
      assert.ok(!findings[0].message.includes('tok-1234567890abcdef'), findings[0].message);
      assert.ok(!/1234567890/.test(findings[0].message), findings[0].message);
    });

    it('instructions before FROM and a missing FROM', () => {
      assert.deepEqual(summary(lintText('dockerfile', 'RUN true\nFROM alpine:3.20\nUSER 1000\n')), ['parse-error 1:1']);
      assert.deepEqual(summary(lintText('dockerfile', 'ARG A=1\nRUN true\n')), ['parse-error 1:1', 'parse-error 2:1']);
    });

    it('a comment-only file has no finding', () => {
      assert.deepEqual(lintText('dockerfile', '# syntax=docker/dockerfile:1\n# nothing here\n'), []);
    });

    it('FROM and USER without arguments do not throw', () => {
      lintText('dockerfile', 'FROM\nFROM --platform=linux/amd64\nUSER\nENV\nENV =\nARG\n');
    });

    it('a dangling continuation at the end of the file', () => {
      assert.deepEqual(summary(lintText('dockerfile', 'FROM alpine:3.20\nUSER 1000\nENV A=1 \\\n')), []);
    });

    it('a very long line', () => {
      const findings = lintText('dockerfile', `FROM alpine:3.20\nUSER 1000\nENV ${'A=b '.repeat(20000)}PASSWORD=hunter2\n`);
      assert.deepEqual(findings.map((f) => f.ruleId), ['secret-in-env']);
    });

    it('CRLF, a byte order mark and tabs', () => {
      const findings = lintText('dockerfile', '\uFEFFFROM\tubuntu\r\nENV\tAPI_TOKEN=tok-123456\r\nUSER\troot\r\n');
      assert.deepEqual(summary(findings), ['image-untagged 1:7', 'secret-in-env 2:5', 'root-user 3:1']);
    });

    it('a lone CR ends a line', () => {
      assert.deepEqual(summary(lintText('dockerfile', 'FROM ubuntu:24.04\rUSER root\r')), ['root-user 2:1']);
    });
  });
  // Found by `npm run fuzz` with 100,000 cases.
  describe('found by fuzzing', () => {
    it('an rm of a path with a lone bracket', () => {
      const { findings } = lint({ uri: 'Dockerfile', text: 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN rm [Y\nRUN rm -f /app/]x .npmrc\n' });
      assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error'), []);
    });

    it('an unterminated quote in a unit file command line', () => {
      const text = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd:// \\\n    "--icc=true\n';
      const { findings } = lint({ uri: 'docker.service', text });
      const icc = findings.find((f) => f.ruleId === 'daemon-icc-enabled');
      assert.deepEqual(icc?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 15 } });
    });
  });
});
