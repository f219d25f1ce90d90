import * as assert from 'node:assert/strict';
import { lint, type FileKind, type Finding } from '../../rules';
import { assertWellFormed, summary } from './helpers';
import { FILE_NAMES } from '../helpers/rule-tester';

/**
 * Inputs written to hurt a linter (the issue's list of hostile inputs), each against every kind of
 * file it applies to. A generous timeout detects a hang; the assertions are on the output alone:
 * a clear diagnostic, or the findings a well-behaved file would get.
 */

const MB = 1024 * 1024;

/** Every finding, asserting on the way that the engine neither throws nor puts a range outside the text. */
function lintAll(kind: FileKind, text: string): Finding[] {
  let findings: Finding[] = [];
  assert.doesNotThrow(() => {
    findings = lint({ uri: FILE_NAMES[kind], text }).findings;
  });
  assertWellFormed(text, findings);
  assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error'), [], 'no rule failed');
  return findings;
}

function ruleIds(findings: readonly Finding[]): string[] {
  return [...new Set(findings.map((f) => f.ruleId))].sort();
}

function only(findings: readonly Finding[], ...ids: string[]): string[] {
  return summary(findings.filter((f) => ids.includes(f.ruleId)));
}

/** A daemon.json and a unit file with one known problem each, to show the rest of the file is still read. */
const DAEMON_HARDENED = '"icc": false, "userns-remap": "default", "no-new-privileges": true';
const UNIT_HEAD = '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd -H fd://';

describe('engine: hostile inputs', function () {
  // A hang detector, not a speed requirement: each case takes well under a second on a laptop.
  this.timeout(60_000);

  describe('YAML alias bomb (billion laughs)', () => {
    it('compose: nine levels of nine aliased sequences', () => {
      let text = 'x-0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n';
      for (let i = 1; i < 10; i++) text += `x-${i}: &l${i} [${Array(9).fill(`*l${i - 1}`).join(', ')}]\n`;
      text += 'services:\n  web:\n    image: nginx:1.27\n    environment: *l9\n    cap_drop: *l9\n    user: *l9\n    command: *l9\n    volumes: *l9\n';
      assert.deepEqual(only(lintAll('compose', text), 'cap-drop-missing', 'parse-error'), ['cap-drop-missing 12:3']);
    });

    it('compose: thirty levels of merge keys, each merging the level below four times', () => {
      let text = 'x-a0: &a0 {image: "nginx:1.27"}\nx-b0: &b0 {cap_drop: [ALL]}\n';
      for (let i = 1; i <= 30; i++) {
        const below = `[*a${i - 1}, *b${i - 1}, *a${i - 1}, *b${i - 1}]`;
        text += `x-a${i}: &a${i}\n  <<: ${below}\n  a${i}: 1\nx-b${i}: &b${i}\n  <<: ${below}\n  b${i}: 1\n`;
      }
      text += 'services:\n  web:\n    <<: *a30\n    environment:\n      <<: *b30\n';
      assert.deepEqual(only(lintAll('compose', text), 'cap-drop-missing', 'parse-error', 'image-untagged'), []);
    });

    it('dockerfile: thirty levels of ARG defaults, each naming the one before twice', () => {
      // The Dockerfile form of the bomb: a builder expanding every level would build a 2^30-character image name.
      let text = 'ARG L0=lol\n';
      for (let i = 1; i <= 30; i++) text += `ARG L${i}=$L${i - 1}$L${i - 1}\n`;
      text += 'FROM ubuntu:$L30\nUSER 10001\nENV A=$L30$L30 B=${L30:-$L30}\nRUN echo $L30 $L30\n';
      const findings = lintAll('dockerfile', text);
      assert.deepEqual(only(findings, 'parse-error', 'root-user'), []);
    });
  });

  describe('1,000-deep nesting', () => {
    const DEPTH = 1000;

    it('compose: flow sequences and mappings', () => {
      const sequences = `services:\n  web:\n    image: nginx:1.27\n    labels: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`;
      const mappings = `services:\n  web:\n    image: nginx:1.27\n    labels: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`;
      for (const text of [sequences, mappings]) {
        const findings = lintAll('compose', text);
        assert.deepEqual(ruleIds(findings), ['parse-error']);
        assert.equal(findings[0].range.start.line, 3);
        assert.match(findings[0].message, /nested too deeply/);
      }
    });

    it('compose: block mappings and sequences', () => {
      const mappings = Array.from({ length: DEPTH }, (_, i) => `${' '.repeat(6 + i)}k${i}:`).join('\n');
      const sequences = Array.from({ length: DEPTH }, (_, i) => `${' '.repeat(6 + 2 * i)}-`).join('\n');
      for (const nested of [mappings, sequences]) {
        const findings = lintAll('compose', `services:\n  web:\n    image: nginx:1.27\n    labels:\n${nested} x\n`);
        // Refused as too deep (how deep the YAML parser gets depends on the stack left), or read: never a crash.
        const parseErrors = findings.filter((f) => f.ruleId === 'parse-error');
        if (parseErrors.length > 0) {
          assert.deepEqual(ruleIds(findings), ['parse-error']);
          assert.match(parseErrors[0].message, /nested too deeply/);
        } else assert.deepEqual(only(findings, 'cap-drop-missing'), ['cap-drop-missing 2:3']);
      }
    });

    it('daemon.json: arrays and objects', () => {
      for (const nested of [`${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}`, `${'{"a": '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}`]) {
        const findings = lintAll('daemon', `{"log-opts": ${nested}, ${DAEMON_HARDENED}}`);
        assert.deepEqual(ruleIds(findings), ['parse-error']);
        assert.match(findings[0].message, /nested too deeply/);
      }
    });

    it('dockerfile: subshells, command substitutions and variable defaults in a RUN', () => {
      const subshells = `${'('.repeat(DEPTH)}curl -fsSL https://example.com/install.sh | sh${')'.repeat(DEPTH)}`;
      const substitutions = `echo ${'$('.repeat(DEPTH)}id${')'.repeat(DEPTH)}`;
      const defaults = `echo ${'${A:-'.repeat(DEPTH)}x${'}'.repeat(DEPTH)}`;
      for (const command of [subshells, substitutions, defaults]) {
        const findings = lintAll('dockerfile', `FROM ubuntu:24.04\nUSER 10001\nRUN ${command}\nUSER ${'${U:-'.repeat(DEPTH)}root${'}'.repeat(DEPTH)}\n`);
        assert.deepEqual(only(findings, 'parse-error'), []);
      }
    });

    it('systemd unit: nested quotes and variables in ExecStart', () => {
      const quoted = `${'"\\"'.repeat(DEPTH)}--icc=true${'\\""'.repeat(DEPTH)}`;
      const findings = lintAll('systemd', `${UNIT_HEAD} ${quoted} \${${'A:-${'.repeat(DEPTH)}x${'}'.repeat(DEPTH + 1)}\n`);
      assert.deepEqual(only(findings, 'parse-error'), []);
    });
  });

  describe('a 50 MB file', () => {
    const texts: Partial<Record<FileKind, string>> = {
      dockerfile: `FROM ubuntu\n${'RUN echo hello\n'.repeat(Math.ceil((50 * MB) / 15))}`,
      compose: `services:\n  web:\n    image: nginx\n${'#'.repeat(50 * MB)}\n`,
      daemon: `{"hosts": ["${'x'.repeat(50 * MB)}"]}`,
      systemd: `${UNIT_HEAD} --icc=true\n${'# comment\n'.repeat((50 * MB) / 10)}`,
      devcontainer: `{"runArgs": ["${'x'.repeat(50 * MB)}"]}`,
    };
    for (const [kind, text] of Object.entries(texts) as Array<[FileKind, string]>) {
      it(`${kind}: one file-too-large finding, the file is not parsed`, () => {
        const findings = lintAll(kind, text);
        assert.deepEqual(summary(findings), ['file-too-large 1:1']);
        assert.match(findings[0].message, /50\.0 MB/);
      });
    }
  });

  describe('a file of NUL bytes', () => {
    const NULS = '\0'.repeat(MB);
    it('dockerfile: one located parse-error', () => {
      assert.deepEqual(summary(lintAll('dockerfile', NULS)), ['parse-error 1:1']);
    });
    it('compose: one located parse-error', () => {
      assert.deepEqual(summary(lintAll('compose', NULS)), ['parse-error 1:1']);
    });
    it('daemon.json: one located parse-error', () => {
      assert.deepEqual(summary(lintAll('daemon', NULS)), ['parse-error 1:1']);
    });
    it('systemd unit: runs no dockerd, so no finding', () => {
      assert.deepEqual(lintAll('systemd', NULS), []);
    });
    it('NUL bytes inside values do not hide the findings around them', () => {
      assert.deepEqual(only(lintAll('dockerfile', 'FROM ubuntu:24.04\nENV A=\0\0\0 API_TOKEN=tok-1234567890abcdef\nUSER root\n'), 'secret-in-env', 'root-user'), ['secret-in-env 2:11', 'root-user 3:1']);
      assert.deepEqual(only(lintAll('compose', 'services:\n  web:\n    image: "nginx:1.27\\0"\n    privileged: true\n'), 'privileged', 'parse-error'), ['privileged 4:5']);
    });
  });

  describe('invalid UTF-8', () => {
    // What a UTF-8 decoder makes of bytes that are no UTF-8: replacement characters, one per bad sequence.
    const junk = Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]).toString('utf8');
    it('dockerfile: the findings around the bad bytes are found and located', () => {
      const findings = lintAll('dockerfile', `FROM ubuntu:24.04\nLABEL note="${junk}"\nENV API_TOKEN=tok-1234567890abcdef\nUSER root\n`);
      assert.deepEqual(only(findings, 'secret-in-env', 'root-user', 'parse-error'), ['secret-in-env 3:5', 'root-user 4:1']);
    });
    it('compose: the findings around the bad bytes are found and located', () => {
      const findings = lintAll('compose', `services:\n  web:\n    image: nginx:1.27\n    labels: {note: "${junk}"}\n    privileged: true\n`);
      assert.deepEqual(only(findings, 'privileged', 'parse-error'), ['privileged 5:5']);
    });
    it('daemon.json: the findings around the bad bytes are found and located', () => {
      const findings = lintAll('daemon', `{"labels": ["${junk}"], "icc": true, "userns-remap": "default", "no-new-privileges": true}`);
      assert.deepEqual(only(findings, 'daemon-icc-enabled', 'parse-error'), [`daemon-icc-enabled 1:${18 + junk.length}`]);
    });
    it('systemd unit: the findings around the bad bytes are found and located', () => {
      const findings = lintAll('systemd', `# ${junk}\n${UNIT_HEAD} --icc=true\n`);
      assert.deepEqual(only(findings, 'daemon-icc-enabled', 'parse-error'), ['daemon-icc-enabled 4:37']);
    });
  });

  describe('a 100,000-character line', () => {
    const LONG = 100_000;
    it('dockerfile: a long RUN line', () => {
      const packages = Array.from({ length: LONG / 10 }, (_, i) => `pkg${String(i).padStart(5, '0')}`).join(' ');
      const findings = lintAll('dockerfile', `FROM ubuntu:24.04\nUSER 10001\nRUN apt-get install -y ${packages} && curl -fsSL https://example.com/i.sh | sh\n`);
      assert.deepEqual(only(findings, 'pipe-to-shell', 'parse-error'), [`pipe-to-shell 3:${'RUN apt-get install -y '.length + packages.length + 5}`]);
    });
    it('dockerfile: a long ENV value', () => {
      const findings = lintAll('dockerfile', `FROM alpine:3.20\nUSER 10001\nENV NOTE=${'x'.repeat(LONG)} PASSWORD=hunter2\n`);
      assert.deepEqual(only(findings, 'secret-in-env', 'parse-error'), [`secret-in-env 3:${4 + 5 + LONG + 2}`]);
    });
    it('compose: a long YAML scalar', () => {
      const findings = lintAll('compose', `services:\n  web:\n    image: nginx:1.27\n    command: "${'x'.repeat(LONG)}"\n    environment:\n      DB_PASSWORD: hunter2-${'y'.repeat(LONG)}\n    privileged: true\n`);
      assert.deepEqual(only(findings, 'secret-in-env', 'privileged', 'parse-error'), ['secret-in-env 6:7', 'privileged 7:5']);
    });
    it('daemon.json: a long string', () => {
      const findings = lintAll('daemon', `{"labels": ["${'x'.repeat(LONG)}"], "icc": true, "userns-remap": "default", "no-new-privileges": true}`);
      assert.deepEqual(only(findings, 'daemon-icc-enabled', 'parse-error'), [`daemon-icc-enabled 1:${LONG + 18}`]);
    });
    it('daemon.json: a long key', () => {
      const findings = lintAll('daemon', `{"${'k'.repeat(LONG)}": 1, ${DAEMON_HARDENED}}`);
      assert.deepEqual(only(findings, 'daemon-unknown-key', 'parse-error'), ['daemon-unknown-key 1:2']);
      assert.match(findings.find((f) => f.ruleId === 'daemon-unknown-key')!.message, /Remove it\.$/);
    });
    it('systemd unit: a long ExecStart line', () => {
      const findings = lintAll('systemd', `${UNIT_HEAD} ${'--label=x '.repeat(LONG / 10)}--icc=true\n`);
      assert.deepEqual(only(findings, 'daemon-icc-enabled', 'parse-error'), [`daemon-icc-enabled 3:${UNIT_HEAD.split('\n')[2].length + 2 + LONG}`]);
    });
  });

  describe('10,000 continuation lines', () => {
    const LINES = 10_000;
    it('dockerfile: a RUN continued over 10,000 lines', () => {
      const body = Array.from({ length: LINES }, (_, i) => `    echo line${i} && \\\n`).join('');
      const findings = lintAll('dockerfile', `FROM ubuntu:24.04\nUSER 10001\nRUN ${body}    curl -fsSL https://example.com/i.sh | sh\nUSER root\n`);
      assert.deepEqual(only(findings, 'pipe-to-shell', 'root-user', 'parse-error'), [`pipe-to-shell ${LINES + 3}:5`, `root-user ${LINES + 4}:1`]);
    });
    it('dockerfile: an ENV continued over 10,000 lines', () => {
      const body = Array.from({ length: LINES }, (_, i) => `    A${i}=${i} \\\n`).join('');
      const findings = lintAll('dockerfile', `FROM alpine:3.20\nUSER 10001\nENV ${body}    API_TOKEN=tok-1234567890abcdef\n`);
      assert.deepEqual(only(findings, 'secret-in-env', 'parse-error'), [`secret-in-env ${LINES + 3}:5`]);
    });
    it('systemd unit: an ExecStart continued over 10,000 lines', () => {
      const body = Array.from({ length: LINES }, (_, i) => `    --label=l${i} \\\n`).join('');
      const findings = lintAll('systemd', `${UNIT_HEAD} \\\n${body}    --icc=true\n`);
      assert.deepEqual(only(findings, 'daemon-icc-enabled', 'parse-error'), [`daemon-icc-enabled ${LINES + 4}:5`]);
    });
    it('compose: a folded command of 10,000 lines', () => {
      const body = Array.from({ length: LINES }, (_, i) => `      echo line${i} &&\n`).join('');
      const findings = lintAll('compose', `services:\n  web:\n    image: nginx:1.27\n    command: >\n${body}      true\n    privileged: true\n`);
      assert.deepEqual(only(findings, 'privileged', 'parse-error'), [`privileged ${LINES + 6}:5`]);
    });
  });

  describe('10,000 services', () => {
    const COUNT = 10_000;
    it('compose: one cap-drop-missing per service', () => {
      const services = Array.from({ length: COUNT }, (_, i) => `  svc${i}:\n    image: example/svc${i}:1.0\n    user: "1000"\n`).join('');
      const findings = lintAll('compose', `services:\n${services}`);
      const capDrops = findings.filter((f) => f.ruleId === 'cap-drop-missing');
      assert.equal(capDrops.length, COUNT);
      assert.deepEqual(capDrops.map((f) => f.range.start.line), Array.from({ length: COUNT }, (_, i) => 1 + 3 * i));
      assert.deepEqual(only(findings, 'parse-error'), []);
    });
    it('compose: 10,000 services sharing one anchor, each with a secret', () => {
      const services = Array.from({ length: COUNT }, (_, i) => `  svc${i}:\n    <<: *common\n    environment:\n      API_TOKEN: token-${i}-value\n`).join('');
      const findings = lintAll('compose', `x-common: &common\n  image: example/app:1.0\n  cap_drop: [ALL]\n  user: "1000"\nservices:\n${services}`);
      assert.equal(findings.filter((f) => f.ruleId === 'secret-in-env').length, COUNT);
      assert.equal(findings.filter((f) => f.ruleId === 'cap-drop-missing').length, 0);
    });
    it('dockerfile: 10,000 stages, one root-user for the last', () => {
      const stages = Array.from({ length: COUNT }, (_, i) => `FROM ${i === 0 ? 'alpine:3.20' : `s${i - 1}`} AS s${i}\nRUN echo ${i}\n`).join('');
      const findings = lintAll('dockerfile', stages);
      assert.deepEqual(only(findings, 'root-user', 'parse-error').map((s) => s.split(' ')[0]), ['root-user']);
    });
    it('daemon.json: 10,000 keys, each reported as unknown', () => {
      const keys = Array.from({ length: COUNT }, (_, i) => `"x-key-${i}": ${i}`).join(',\n');
      const findings = lintAll('daemon', `{\n${keys},\n${DAEMON_HARDENED}\n}`);
      assert.equal(findings.filter((f) => f.ruleId === 'daemon-unknown-key').length, COUNT);
      assert.deepEqual(only(findings, 'parse-error'), []);
    });
  });
});
