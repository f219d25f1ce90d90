import * as assert from 'node:assert/strict';
import { lint } from '../../rules';
import { applyEdits } from '../../rules/fixes/edits';
import { LineIndex } from '../../rules/text';

// Only the rules these cases are about, so that later rules do not change them.
const RULES = new Set(['secret-in-env', 'root-user', 'cap-drop-missing', 'image-latest-tag', 'invalid-suppression']);
const idsAt = (uri: string, text: string) => lint({ uri, text }).findings.filter((f) => RULES.has(f.ruleId)).map((f) => `${f.range.start.line + 1}:${f.ruleId}`);

describe('suppression comments', () => {
  it('bulwark-ignore suppresses the named rules on the next instruction only', () => {
    const text = 'FROM ubuntu:latest\n# bulwark-ignore secret-in-env -- rotated test credential\nENV DB_PASSWORD=hunter22 \\\n    API_TOKEN=abcdefghijklmnop\nENV OTHER_PASSWORD=letmein1\n';
    assert.deepEqual(idsAt('Dockerfile', text), ['1:root-user', '1:image-latest-tag', '5:secret-in-env']);
  });

  it('accepts several ids, blank lines and other comments in between', () => {
    const text = '# bulwark-ignore image-latest-tag, root-user\n\n# base image\nFROM ubuntu:latest\n';
    assert.deepEqual(idsAt('Dockerfile', text), []);
  });

  it('bulwark-ignore-file suppresses a rule everywhere in the file', () => {
    const text = 'services:\n  # bulwark-ignore-file cap-drop-missing\n  a:\n    image: nginx:1.27\n  b:\n    image: redis:7\n';
    assert.deepEqual(idsAt('compose.yaml', text), []);
  });

  it('in Compose, covers the next key and everything under it', () => {
    const text = 'services:\n  # bulwark-ignore secret-in-env,root-user\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n    user: root\n    environment:\n      DB_PASSWORD: hunter22\n  db:\n    image: postgres:16\n    cap_drop: [ALL]\n    environment:\n      POSTGRES_PASSWORD: hunter22\n';
    assert.deepEqual(idsAt('compose.yaml', text), ['13:secret-in-env']);
  });

  it('honours hadolint ignore= for the rules mapped to those codes, and leaves other codes alone', () => {
    const text = '# hadolint ignore=DL3007,DL3008\nFROM ubuntu:latest\nUSER app\n';
    assert.deepEqual(idsAt('Dockerfile', text), []);
  });

  it('reports an unknown id, an unused suppression, and one followed by nothing (info)', () => {
    const findings = lint({ uri: 'Dockerfile', text: '# bulwark-ignore root-usr\nFROM ubuntu:24.04\nUSER app\n# bulwark-ignore image-latest-tag\nCMD ["sh"]\n# bulwark-ignore root-user\n' }).findings.filter((f) => RULES.has(f.ruleId));
    assert.deepEqual(
      findings.map((f) => [f.range.start.line + 1, f.ruleId, f.severity]),
      [
        [1, 'invalid-suppression', 'info'],
        [4, 'invalid-suppression', 'info'],
        [6, 'invalid-suppression', 'info'],
      ],
    );
    assert.match(findings[0].message, /Unknown rule id "root-usr"/);
    assert.match(findings[1].message, /matches no finding/);
    assert.match(findings[2].message, /followed by nothing/);
  });

  it('is not confused by a comment that merely mentions the word', () => {
    assert.deepEqual(idsAt('Dockerfile', '# see bulwark-ignore docs\nFROM ubuntu:latest\nUSER app\n'), ['2:image-latest-tag']);
  });

  describe('the edits the "ignore" quick fixes make', () => {
    const suppressed = (uri: string, text: string, ruleId: string, which: 'line' | 'file') => {
      const finding = lint({ uri, text }).findings.find((f) => f.ruleId === ruleId);
      assert.ok(finding?.ignore, `a ${ruleId} finding with ignore edits`);
      const result = applyEdits(text, new LineIndex(text), [finding.ignore[which]]);
      assert.equal(lint({ uri, text: result }).findings.filter((f) => f.ruleId === ruleId || f.ruleId === 'invalid-suppression').length, 0, result);
      return result;
    };
    it('for the line: above the whole instruction, even when the finding is on a continuation line', () => {
      assert.equal(
        suppressed('Dockerfile', 'FROM alpine:3.20\nUSER app\nENV A=1 \\\n    DB_PASSWORD=hunter22\n', 'secret-in-env', 'line'),
        'FROM alpine:3.20\nUSER app\n# bulwark-ignore secret-in-env\nENV A=1 \\\n    DB_PASSWORD=hunter22\n',
      );
    });
    it('for the line: each finding of a file above its own statement, after here-documents, blank lines and comment lines', () => {
      const lineEdits = (uri: string, text: string) =>
        lint({ uri, text }, { profile: 'strict' }).findings.map((f) => `${f.ruleId} ${f.range.start.line + 1}→${f.ignore!.line.range.start.line + 1}`);
      assert.deepEqual(
        lineEdits('Dockerfile', 'FROM ubuntu:latest\nRUN <<EOF\napt-get update\nEOF\nENV A=1 \\\n    DB_PASSWORD=hunter22\n\nUSER root\nENV B=2 \\\n  # a comment\n  API_TOKEN=abcdefghijklmnopqrstu\n'),
        ['healthcheck-missing 1→1', 'image-latest-tag 1→1', 'secret-in-env 6→5', 'root-user 8→8', 'secret-in-env 11→9'],
      );
      assert.deepEqual(
        lineEdits('docker.service', '[Service]\nExecStart=/usr/bin/dockerd \\\n  --icc=true \\\n  --insecure-registry=10.0.0.1:5000\nExecStartPost=/bin/true\n'),
        ['daemon-userns-remap-missing 2→2', 'daemon-icc-enabled 3→2', 'daemon-insecure-registry 4→2'],
      );
    });
    it('for the line in Compose: with the indentation of the item, keeping CRLF', () => {
      assert.equal(
        suppressed('compose.yaml', 'services:\r\n  db:\r\n    image: postgres:16\r\n    environment:\r\n      - POSTGRES_PASSWORD=hunter22\r\n', 'secret-in-env', 'line'),
        'services:\r\n  db:\r\n    image: postgres:16\r\n    environment:\r\n      # bulwark-ignore secret-in-env\r\n      - POSTGRES_PASSWORD=hunter22\r\n',
      );
    });
    it('for the file: below the parser directives of a Dockerfile', () => {
      assert.equal(
        suppressed('Dockerfile', '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine:latest\nUSER app\n', 'image-latest-tag', 'file'),
        '# syntax=docker/dockerfile:1\n# escape=\\\n# bulwark-ignore-file image-latest-tag\nFROM alpine:latest\nUSER app\n',
      );
    });
  });

  describe('the project policy', () => {
    const ROOT = 'FROM alpine:3.20\n# bulwark-ignore secret-in-env -- a throwaway test password\nENV DB_PASSWORD=hunter22\n# bulwark-ignore image-latest-tag\nFROM ubuntu:latest\nUSER root\n';
    const ids = (suppressions?: { allow?: boolean; requireReason?: boolean }) => lint({ uri: 'Dockerfile', text: ROOT }, { suppressions }).findings.filter((f) => RULES.has(f.ruleId)).map((f) => `${f.range.start.line + 1}:${f.ruleId}`);

    it('by default, a comment suppresses with or without a reason, and the suppressed findings are returned apart with it', () => {
      assert.deepEqual(ids(), ['6:root-user']);
      const { suppressed } = lint({ uri: 'Dockerfile', text: ROOT });
      assert.deepEqual(
        suppressed.map((f) => [f.range.start.line + 1, f.ruleId, f.suppression.reason, f.suppression.range.start.line + 1]),
        [
          [3, 'secret-in-env', 'a throwaway test password', 2],
          [5, 'image-latest-tag', undefined, 4],
        ],
      );
    });

    it('requireReason: a comment without a reason suppresses nothing and is reported where it is', () => {
      assert.deepEqual(ids({ requireReason: true }), ['4:invalid-suppression', '5:image-latest-tag', '6:root-user']);
      const problem = lint({ uri: 'Dockerfile', text: ROOT }, { suppressions: { requireReason: true } }).findings.find((f) => f.ruleId === 'invalid-suppression');
      assert.match(problem?.message ?? '', /gives no reason .*which the project requires/);
    });

    it('allow: false: no comment suppresses anything, and none is reported as unused', () => {
      assert.deepEqual(ids({ allow: false }), ['3:secret-in-env', '5:image-latest-tag', '6:root-user']);
      assert.deepEqual(lint({ uri: 'Dockerfile', text: ROOT }, { suppressions: { allow: false } }).suppressed, []);
    });
  });
});
