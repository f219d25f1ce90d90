import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bulwark, useTree } from './helpers';

const COMPOSE = '\uFEFFservices:\r\n  web:\r\n    image: nginx:1.27\r\n    user: root\r\n';
const DOCKERFILE = 'FROM alpine:3.20\nRUN apk add curl\nCMD ["sh"]\n';

describe('bulwark scan --fix', () => {
  describe('without --unsafe-fixes', () => {
    const root = useTree({ 'compose.yaml': COMPOSE, 'Dockerfile': DOCKERFILE });
    it('writes only the safe fixes, and says how many', () => {
      const run = bulwark(['scan', '--fix', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /applied 1 fix in 1 file/);
      assert.equal(readFileSync(join(root(), 'compose.yaml'), 'utf8'), '\uFEFFservices:\r\n  web:\r\n    security_opt: ["no-new-privileges:true"]\r\n    image: nginx:1.27\r\n    user: root\r\n');
      assert.equal(readFileSync(join(root(), 'Dockerfile'), 'utf8'), DOCKERFILE);
    });
  });

  describe('with --unsafe-fixes', () => {
    const root = useTree({ 'compose.yaml': COMPOSE, 'Dockerfile': DOCKERFILE });
    it('writes the fixes, keeping the byte-order mark and line ends, and reports what is left', () => {
      const run = bulwark(['scan', '--fix', '--unsafe-fixes', '--format', 'json', '--fail-on', 'never', '.'], { cwd: root() });
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stderr, /applied 4 fixes in 2 files/);
      assert.equal(
        readFileSync(join(root(), 'compose.yaml'), 'utf8'),
        '\uFEFFservices:\r\n  web:\r\n    security_opt: ["no-new-privileges:true"]\r\n    cap_drop: [ALL]\r\n    image: nginx:1.27\r\n    user: "10001:10001"\r\n',
      );
      assert.equal(readFileSync(join(root(), 'Dockerfile'), 'utf8'), 'FROM alpine:3.20\nRUN apk add curl\nUSER 10001:10001\nCMD ["sh"]\n');
      const report = JSON.parse(run.stdout) as { files: Array<{ findings: Array<{ ruleId: string }> }> };
      const left = report.files.flatMap((file) => file.findings.map((f) => f.ruleId));
      for (const fixedRule of ['cap-drop-missing', 'no-new-privileges-missing', 'root-user']) assert.ok(!left.includes(fixedRule), `${fixedRule} is still reported`);
    });
  });

  it('--unsafe-fixes alone is a usage error', () => {
    const run = bulwark(['scan', '--unsafe-fixes', '.']);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /--unsafe-fixes goes with --fix/);
  });
});
