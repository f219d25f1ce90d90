import * as assert from 'node:assert/strict';
import { lint, type WorkspaceView } from '../../rules';
import { memoryWorkspace } from '../helpers/memory-workspace';
import { applyEdits } from '../../rules/fixes/edits';
import { LineIndex } from '../../rules/text';

/** Applies the one fix of the one finding of `ruleId`, and checks the fixed text no longer has it. */
function fixed(uri: string, text: string, ruleId: string, workspace?: WorkspaceView): string {
  const findings = lint({ uri, text }, { workspace }).findings.filter((f) => f.ruleId === ruleId);
  assert.equal(findings.length, 1, `expected one ${ruleId} finding`);
  const fixes = findings[0].fixes ?? [];
  assert.equal(fixes.length, 1, 'expected one fix');
  assert.equal(fixes[0].safe, false);
  const result = applyEdits(text, new LineIndex(text), fixes[0].edits);
  assert.deepEqual(lint({ uri, text: result }, { workspace }).findings.filter((f) => f.ruleId === ruleId), [], `the fix leaves a ${ruleId} finding:\n${result}`);
  return result;
}

function fixesOf(uri: string, text: string, ruleId: string) {
  return lint({ uri, text }).findings.filter((f) => f.ruleId === ruleId).flatMap((f) => f.fixes ?? []);
}

describe('quick fixes', () => {
  describe('cap-drop-missing: add cap_drop: [ALL]', () => {
    it('inserts the key with the service indentation, keeping every other line', () => {
      assert.equal(
        fixed('compose.yaml', 'services:\n    web:\n        image: nginx:1.27\n        ports: ["127.0.0.1:80:80"]\n', 'cap-drop-missing'),
        'services:\n    web:\n        image: nginx:1.27\n        cap_drop: [ALL]\n        ports: ["127.0.0.1:80:80"]\n',
      );
    });
    it('keeps CRLF line ends', () => {
      assert.equal(fixed('compose.yaml', 'services:\r\n  web:\r\n    image: nginx:1.27\r\n', 'cap-drop-missing'), 'services:\r\n  web:\r\n    image: nginx:1.27\r\n    cap_drop: [ALL]\r\n');
    });
    it('adds the key to a flow-style service', () => {
      assert.equal(fixed('compose.yaml', 'services:\n  web: {image: nginx:1.27}\n', 'cap-drop-missing'), 'services:\n  web: {cap_drop: [ALL], image: nginx:1.27}\n');
    });
    it('offers nothing for a service whose cap_drop lacks ALL', () => {
      assert.deepEqual(fixesOf('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [NET_RAW]\n', 'cap-drop-missing'), []);
    });
  });

  describe('root-user: run as the image’s own non-root user, else 10001:10001', () => {
    it('inserts USER before the final stage’s CMD: the node user of a node image', () => {
      assert.equal(
        fixed('Dockerfile', 'FROM node:20 AS build\nRUN make\nFROM node:20-slim\nCOPY --from=build /out /app\nCMD ["node", "/app"]\n', 'root-user'),
        'FROM node:20 AS build\nRUN make\nFROM node:20-slim\nCOPY --from=build /out /app\nUSER node\nCMD ["node", "/app"]\n',
      );
      assert.equal(
        fixed('Dockerfile', 'FROM python:3.12-slim\nCOPY . /app\nCMD ["python", "/app/main.py"]\n', 'root-user'),
        'FROM python:3.12-slim\nCOPY . /app\nUSER 10001:10001\nCMD ["python", "/app/main.py"]\n',
      );
    });
    it('follows the stages to the image they start from, and knows the .NET 8 and distroless users', () => {
      assert.match(fixed('Dockerfile', 'FROM node:20 AS base\nFROM base\nUSER root\n', 'root-user'), /USER root\nUSER node\n$/);
      assert.match(fixed('Dockerfile', 'FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY . /app\n', 'root-user'), /USER app\n$/);
      assert.match(fixed('Dockerfile', 'FROM mcr.microsoft.com/dotnet/aspnet:6.0\nCOPY . /app\n', 'root-user'), /USER 10001:10001\n$/);
      assert.match(fixed('Dockerfile', 'FROM gcr.io/distroless/base-debian12:debug\nUSER root\n', 'root-user'), /USER nonroot\n$/);
    });
    it('appends USER at the end of a final stage without CMD, even without a final line break', () => {
      assert.equal(fixed('Dockerfile', 'FROM alpine:3.20\nRUN apk add curl', 'root-user'), 'FROM alpine:3.20\nRUN apk add curl\nUSER 10001:10001\n');
    });
    it('appends USER when the last USER root comes after CMD', () => {
      assert.equal(fixed('Dockerfile', 'FROM alpine:3.20\nCMD ["sh"]\nUSER root\n', 'root-user'), 'FROM alpine:3.20\nCMD ["sh"]\nUSER root\nUSER 10001:10001\n');
    });
    it('replaces user: root in Compose', () => {
      assert.equal(fixed('compose.yaml', 'services:\n  web:\n    image: nginx:1.27\n    user: root\n', 'root-user'), 'services:\n  web:\n    image: nginx:1.27\n    user: "10001:10001"\n');
      assert.equal(fixed('compose.yaml', 'services:\n  web:\n    image: node:20\n    user: root\n', 'root-user'), 'services:\n  web:\n    image: node:20\n    user: "node"\n');
    });
    it('adds user: to a Compose service that builds a root image', () => {
      const workspace = memoryWorkspace({ 'file:///p/Dockerfile': 'FROM alpine:3.20\n' });
      assert.equal(fixed('file:///p/compose.yaml', 'services:\n  app:\n    build: .\n', 'root-user', workspace), 'services:\n  app:\n    build: .\n    user: "10001:10001"\n');
      const node = memoryWorkspace({ 'file:///p/Dockerfile': 'FROM node:20\nCMD ["node"]\n' });
      assert.equal(fixed('file:///p/compose.yaml', 'services:\n  app:\n    build: .\n', 'root-user', node), 'services:\n  app:\n    build: .\n    user: "node"\n');
    });
    it('offers nothing for a user that comes from an anchor', () => {
      assert.deepEqual(fixesOf('compose.yaml', 'x-root: &root root\nservices:\n  web:\n    image: nginx:1.27\n    user: *root\n', 'root-user'), []);
    });
  });
  describe('daemon.json: unsafe fixes, in the formatting of the file', () => {
    it('icc: sets the value in place, or adds the key', () => {
      assert.equal(fixed('daemon.json', '{\n    "icc": true,\n    "debug": true\n}\n', 'daemon-icc-enabled'), '{\n    "icc": false,\n    "debug": true\n}\n');
      assert.equal(fixed('daemon.json', '{\n\t"debug": true\n}\n', 'daemon-icc-enabled'), '{\n\t"icc": false,\n\t"debug": true\n}\n');
    });
    it('no-new-privileges: adds the key, keeping CRLF line ends', () => {
      assert.equal(fixed('daemon.json', '{\r\n  "debug": true\r\n}\r\n', 'daemon-no-new-privileges-missing'), '{\r\n  "no-new-privileges": true,\r\n  "debug": true\r\n}\r\n');
    });
    it('insecure registry: removes the item, and says pulls from it fail', () => {
      const text = '{\n  "insecure-registries": ["a:5000", "b:5000"]\n}\n';
      const [first] = fixesOf('daemon.json', text, 'daemon-insecure-registry');
      assert.match(first.title, /Remove a:5000 .*unsafe: pulls from it fail/);
      assert.equal(applyEdits(text, new LineIndex(text), first.edits), '{\n  "insecure-registries": ["b:5000"]\n}\n');
    });
    it('tcp without TLS: adds tlsverify and the three paths, saying the daemon will not start without the files', () => {
      const text = '{\n  "hosts": ["tcp://0.0.0.0:2376"]\n}\n';
      const [fix] = fixesOf('daemon.json', text, 'docker-daemon-tcp-unencrypted');
      assert.match(fix.title, /the daemon will not start until the three files exist/);
      assert.equal(fix.safe, false);
      assert.equal(
        fixed('daemon.json', text, 'docker-daemon-tcp-unencrypted'),
        '{\n  "tlsverify": true,\n  "tlscacert": "/etc/docker/tls/ca.pem",\n  "tlscert": "/etc/docker/tls/server-cert.pem",\n  "tlskey": "/etc/docker/tls/server-key.pem",\n  "hosts": ["tcp://0.0.0.0:2376"]\n}\n',
      );
    });
    it('adds keys to a one-line or an empty object, and removes the last item with its comma', () => {
      assert.equal(fixed('daemon.json', '{ "debug": true }', 'daemon-icc-enabled'), '{ "icc": false, "debug": true }');
      assert.equal(fixed('daemon.json', '{}\n', 'daemon-icc-enabled'), '{\n  "icc": false\n}\n');
      const text = '{ "insecure-registries": ["a:5000", "b:5000"] }';
      const last = fixesOf('daemon.json', text, 'daemon-insecure-registry')[1];
      assert.equal(applyEdits(text, new LineIndex(text), last.edits), '{ "insecure-registries": ["a:5000"] }');
    });
    it('offers no fix on a file that is not valid JSON, and no suppression comment (JSON has none)', () => {
      const findings = lint({ uri: 'daemon.json', text: '{\n  // x\n  "icc": true\n}\n' }).findings;
      assert.ok(findings.some((f) => f.ruleId === 'parse-error'));
      assert.deepEqual(findings.filter((f) => f.fixes || f.ignore), []);
    });
  });
});
