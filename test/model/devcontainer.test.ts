import * as assert from 'node:assert/strict';
import { detectKind, kindOfName, lint } from '../../rules';
import { parseDevcontainer } from '../../rules/model/devcontainer';
import { knownFeature } from '../../rules/model/devcontainer-features';
import type { Range, TextEdit } from '../../rules/types';
import { memoryWorkspace } from '../helpers/memory-workspace';

const URI = 'file:///project/.devcontainer/devcontainer.json';

/** A range as `line:col-line:col`, 1-based as an editor shows it. */
const at = (range: Range | undefined) => range && `${range.start.line + 1}:${range.start.character + 1}-${range.end.line + 1}:${range.end.character + 1}`;

function container(text: string) {
  const model = parseDevcontainer(text, URI);
  assert.deepEqual(model.syntaxProblems, []);
  assert.equal(model.containers.length, 1);
  return { model, container: model.containers[0] };
}

/** The text once `edits` are applied (in reverse order of position, as they do not overlap). */
function applied(text: string, edits: TextEdit[] | undefined): string {
  assert.ok(edits, 'no edits');
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, line) => sum + line.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((result, edit) => result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end)), text);
}

describe('devcontainer model', () => {
  it('reads JSON with comments and trailing commas, one container labelled and anchored at `name`', () => {
    const { model, container: c } = container('// top\n{\n  /* block */ "name": "app", // why\n  "image": "mcr.microsoft.com/devcontainers/base:bookworm",\n  "privileged": true,\n}\n');
    assert.equal(c.label, 'The dev container');
    assert.equal(c.frontDoor, 'devcontainer');
    assert.equal(at(c.anchor), '3:15-3:21');
    assert.equal(model.origin, 'image');
    assert.deepEqual([c.image?.value, at(c.image?.range)], ['mcr.microsoft.com/devcontainers/base:bookworm', '4:13-4:58']);
    assert.deepEqual(c.privileged.map((s) => [s.value, at(s.range), s.grantedBy]), [[true, '5:3-5:15', undefined]]);
    assert.equal(c.incomplete, false);
  });

  it('anchors at the top-level `{` without a name; `privileged: false` is no setting', () => {
    const { container: c } = container('\n  {"privileged": false}');
    assert.equal(at(c.anchor), '2:3-2:4');
    assert.deepEqual(c.privileged, []);
  });

  it('reports the first syntax error where it is, and reads no container from a non-object', () => {
    const broken = parseDevcontainer('{\n  "image": "x"\n  "privileged": true\n}', URI);
    assert.deepEqual(broken.syntaxProblems.map((p) => [at(p.range), /not valid JSON with comments \(comma expected\)/.test(p.message)]), [['3:3-3:15', true]]);
    const list = parseDevcontainer('[1]', URI);
    assert.equal(list.containers.length, 0);
    assert.match(list.syntaxProblems[0].message, /one object/);
    assert.deepEqual(parseDevcontainer('', URI).syntaxProblems, []);
    assert.match(parseDevcontainer(`{"a": ${'['.repeat(5000)}`, URI).syntaxProblems[0].message, /nested too deeply/);
  });

  it('reads capAdd and securityOpt items at their text, each removable', () => {
    const text = '{\n  "capAdd": ["SYS_PTRACE", "NET_ADMIN"],\n  "securityOpt": ["seccomp=unconfined"]\n}';
    const { container: c } = container(text);
    assert.deepEqual(c.capAdd.map((s) => [s.value, at(s.range)]), [['SYS_PTRACE', '2:15-2:25'], ['NET_ADMIN', '2:29-2:38']]);
    assert.deepEqual(c.securityOpt.map((s) => [s.value, at(s.range)]), [['seccomp=unconfined', '3:20-3:38']]);
    assert.equal(applied(text, c.capAdd[1].edits?.remove?.()), '{\n  "capAdd": ["SYS_PTRACE"],\n  "securityOpt": ["seccomp=unconfined"]\n}');
  });

  it('removes a setting with its comma, before or after it, keeping the comments and valid JSON with comments', () => {
    const removed = (text: string, pick: (c: ReturnType<typeof container>['container']) => { edits?: { remove?: () => TextEdit[] | undefined } }) => applied(text, pick(container(text).container).edits?.remove?.());
    assert.equal(removed('{"capAdd": ["A", /* b */ "B" /* c */, ],}', (c) => c.capAdd[1]), '{"capAdd": ["A", /* b */  /* c */ ],}');
    assert.equal(removed('{"capAdd": ["A", // a\n  "B" // b\n]}', (c) => c.capAdd[1]), '{"capAdd": ["A" // a\n   // b\n]}');
    assert.equal(removed('{"capAdd": ["A",]}', (c) => c.capAdd[0]), '{"capAdd": []}');
    assert.equal(removed('{"capAdd": ["A"]}', (c) => c.capAdd[0]), '{"capAdd": []}');
    assert.equal(removed('{\n  "image": "x",\n  "privileged": true // why\n}', (c) => c.privileged[0]), '{\n  "image": "x" // why\n}');
    assert.equal(removed('{\n  "privileged": true,\n  "image": "x"\n}', (c) => c.privileged[0]), '{\n  "image": "x"\n}');
    assert.equal(removed('{"appPort": "8080:80"}', (c) => c.ports[0]), '{}');
    assert.equal(removed('{"containerEnv": {"A": "1", "B": "2"}}', (c) => c.environment[0]), '{"containerEnv": {"B": "2"}}');
  });

  describe('mounts', () => {
    it('reads the --mount string form and the object form, with the workspace and home variables', () => {
      const text = [
        '{ "mounts": [',
        '  "source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/home/vscode/.ssh,type=bind,consistency=cached",',
        '  "src=${localWorkspaceFolder}/cache,dst=/cache,type=bind,readonly",',
        '  "source=dind-${devcontainerId},target=/var/lib/docker",',
        '  { "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "type": "bind" },',
        '  "type=tmpfs,target=/run",',
        '  "source=${env:HOME}/.kube,target=/kube,type=bind,bind-propagation=rshared"',
        '] }',
      ].join('\n');
      const { container: c } = container(text);
      assert.deepEqual(
        c.mounts.map((s) => [s.value.type, s.value.source, s.value.target, s.value.readOnly, s.value.propagation ?? '', at(s.range)]),
        [
          ['bind', '~/.ssh', '/home/vscode/.ssh', false, '', '2:4-2:109'],
          ['bind', './cache', '/cache', true, '', '3:4-3:67'],
          ['volume', 'dind-${devcontainerId}', '/var/lib/docker', false, '', '4:4-4:56'],
          ['bind', '/var/run/docker.sock', '/var/run/docker.sock', false, '', '5:16-5:36'],
          ['bind', '~/.kube', '/kube', false, 'rshared', '7:4-7:76'],
        ],
      );
      assert.deepEqual(c.tmpfs.map((s) => [s.value.target, at(s.range)]), [['/run', '6:4-6:26']]);
      assert.equal(c.incomplete, false);
      assert.equal(applied(text, c.mounts[0].edits?.readOnly?.()).split('\n')[1], '  "source=${localEnv:HOME}${localEnv:USERPROFILE}/.ssh,target=/home/vscode/.ssh,type=bind,consistency=cached,readonly",');
      assert.equal(c.mounts[1].edits?.readOnly, undefined);
    });

    it('leaves out a bind mount whose source has another variable, and says the container is incomplete', () => {
      const { container: c } = container('{"mounts": ["source=${localEnv:DATA_DIR},target=/data,type=bind", "source=${localEnv:HOME},target=/home,type=bind"]}');
      assert.deepEqual(c.mounts.map((s) => s.value.source), ['~']);
      assert.equal(c.incomplete, true);
    });

    it('reads workspaceMount as a mount', () => {
      const { container: c } = container('{"workspaceMount": "source=/,target=/workspace,type=bind"}');
      assert.deepEqual(c.mounts.map((s) => [s.value.type, s.value.source, at(s.range)]), [['bind', '/', '1:21-1:57']]);
    });
  });

  describe('features', () => {
    it('turns what a known feature grants into settings on its key, naming it', () => {
      const text = '{\n  "features": {\n    "ghcr.io/devcontainers/features/docker-in-docker:2": {},\n    "ghcr.io/devcontainers/features/go:1": { "version": "1.22" },\n    "ghcr.io/devcontainers/features/node:1": {}\n  }\n}';
      const { model, container: c } = container(text);
      const dind = 'ghcr.io/devcontainers/features/docker-in-docker:2';
      const go = 'ghcr.io/devcontainers/features/go:1';
      assert.deepEqual(c.privileged.map((s) => [s.grantedBy, at(s.range)]), [[dind, '3:5-3:56']]);
      assert.deepEqual(c.capAdd.map((s) => [s.value, s.grantedBy, at(s.range)]), [['SYS_PTRACE', go, '4:5-4:42']]);
      assert.deepEqual(c.securityOpt.map((s) => [s.value, s.grantedBy]), [['seccomp=unconfined', go]]);
      assert.deepEqual(c.mounts.map((s) => [s.value.type, s.value.target, s.grantedBy]), [['volume', '/var/lib/docker', dind]]);
      assert.deepEqual(model.features.map((f) => [f.reference, f.known?.id]), [
        [dind, 'ghcr.io/devcontainers/features/docker-in-docker'],
        [go, 'ghcr.io/devcontainers/features/go'],
        ['ghcr.io/devcontainers/features/node:1', undefined],
      ]);
      // An unknown feature grants nothing and leaves nothing unknown.
      assert.equal(c.incomplete, false);
      assert.equal(c.privileged[0].edits, undefined);
    });

    it('knows a feature with or without tag or digest, in any case, and the legacy short ids', () => {
      for (const reference of [
        'ghcr.io/devcontainers/features/docker-in-docker',
        'ghcr.io/devcontainers/features/docker-in-docker:2.12.0',
        'GHCR.io/DevContainers/features/docker-in-docker:2',
        'ghcr.io/devcontainers/features/docker-in-docker@sha256:0000000000000000000000000000000000000000000000000000000000000000',
        'docker-in-docker',
      ]) {
        assert.equal(knownFeature(reference)?.id, 'ghcr.io/devcontainers/features/docker-in-docker', reference);
      }
      assert.equal(knownFeature('golang')?.id, 'ghcr.io/devcontainers/features/go');
      assert.equal(knownFeature('ghcr.io/devcontainers/features/docker-from-docker:1')?.grants.mounts?.[0].source, '/var/run/docker.sock');
      assert.equal(knownFeature('ghcr.io/someone/features/docker-in-docker:1'), undefined);
      assert.equal(knownFeature('./local-features/docker-in-docker'), undefined);
      assert.equal(knownFeature('node'), undefined);
    });

    it('gives every table entry its evidence', () => {
      for (const reference of ['docker-in-docker', 'docker-outside-of-docker', 'docker-from-docker', 'go', 'rust', 'kubectl-helm-minikube', 'desktop-lite']) {
        const feature = knownFeature(`ghcr.io/devcontainers/features/${reference}:1`);
        assert.ok(feature, reference);
        assert.equal(feature.evidence.repository, 'devcontainers/features');
        assert.equal(feature.evidence.path, `src/${reference}/devcontainer-feature.json`);
        assert.match(feature.evidence.commit, /^[0-9a-f]{40}$/);
        assert.match(feature.evidence.version, /^\d+\.\d+\.\d+$/);
      }
    });
  });

  describe('environment', () => {
    it('reads containerEnv and remoteEnv; a value with a variable is not written here', () => {
      const text = '{\n  "containerEnv": { "API_TOKEN": "abc\\"def", "HOME_DIR": "${localEnv:HOME}" },\n  "remoteEnv": { "PATH": "${containerEnv:PATH}:/x" }\n}';
      const { container: c } = container(text);
      assert.deepEqual(
        c.environment.map((s) => [s.value.name, s.value.value, s.value.valueOffsets && text.slice(...s.value.valueOffsets), at(s.range)]),
        [
          ['API_TOKEN', 'abc"def', 'abc\\"def', '2:21-2:44'],
          ['HOME_DIR', undefined, undefined, '2:46-2:76'],
          ['PATH', undefined, undefined, '3:18-3:51'],
        ],
      );
      assert.equal(applied(text, c.environment[0].edits?.fromHostEnvironment?.()).split('\n')[1], '  "containerEnv": { "API_TOKEN": "${localEnv:API_TOKEN}", "HOME_DIR": "${localEnv:HOME}" },');
      assert.equal(c.environment[1].edits?.fromHostEnvironment, undefined);
    });
  });

  describe('users and ports', () => {
    it('takes a root user of containerUser or remoteUser', () => {
      assert.equal(container('{"containerUser": "vscode", "remoteUser": "root"}').container.user?.value, 'root');
      assert.equal(container('{"remoteUser": "0:0", "containerUser": "node"}').container.user?.value, '0:0');
      assert.deepEqual([container('{"remoteUser": "vscode"}').container.user?.value, at(container('{"remoteUser": "vscode"}').container.user?.range)], ['vscode', '1:17-1:23']);
      assert.equal(container('{"image": "x"}').container.user, undefined);
    });

    it('publishes a numbered appPort on 127.0.0.1 and a string one as `-p` does; forwardPorts publish nothing', () => {
      const { container: c } = container('{"appPort": [3000, "8080:80", "127.0.0.1:9000:9000"], "forwardPorts": [5000]}');
      assert.deepEqual(c.ports.map((s) => [s.value.hostIp, s.value.published, s.value.target, at(s.range)]), [
        ['127.0.0.1', '3000', '3000', '1:14-1:18'],
        [undefined, '8080', '80', '1:21-1:28'],
        ['127.0.0.1', '9000', '9000', '1:32-1:51'],
      ]);
      assert.deepEqual(container('{"appPort": "2375:2375"}').container.ports.map((s) => s.value.published), ['2375']);
    });
  });

  describe('what the container is made from', () => {
    it('records the Dockerfile and reads it and the build context through the workspace', () => {
      const files = { 'file:///project/.devcontainer/Dockerfile': 'FROM ubuntu\n', 'file:///project/src/x': '' };
      const workspace = memoryWorkspace(files);
      const model = parseDevcontainer('{"build": {"dockerfile": "Dockerfile", "context": ".."}, "runArgs": ["--privileged"]}', URI, workspace);
      assert.equal(model.origin, 'dockerfile');
      assert.deepEqual([model.dockerfile?.location, at(model.dockerfile?.range)], ['file:///project/.devcontainer/Dockerfile', '1:27-1:37']);
      assert.deepEqual(model.runArgs.map((a) => [a.value, at(a.range)]), [['--privileged', '1:71-1:83']]);
      const result = lint({ uri: URI, text: '{"build": {"dockerfile": "Dockerfile", "context": ".."}}' }, { workspace });
      assert.deepEqual(result.dependencies, ['file:///project/.devcontainer/Dockerfile', 'file:///project/']);
    });

    it('records a Compose dev container: its files and service; runArgs and appPort are not used; the service settings are elsewhere', () => {
      const model = parseDevcontainer('{"dockerComposeFile": ["../compose.yaml", "compose.dev.yaml"], "service": "app", "runArgs": ["--privileged"], "appPort": "80:80", "features": {"docker-in-docker": "latest"}}', URI);
      assert.equal(model.origin, 'compose');
      assert.deepEqual(model.composeFiles.map((f) => f.location), ['file:///project/compose.yaml', 'file:///project/.devcontainer/compose.dev.yaml']);
      assert.equal(model.service?.name, 'app');
      const c = model.containers[0];
      assert.deepEqual([model.runArgs, c.ports], [[], []]);
      assert.deepEqual(c.privileged.map((s) => s.grantedBy), ['docker-in-docker']);
      assert.equal(c.incomplete, true);
    });
  });

  describe('as a file kind', () => {
    it('is recognised by the specification’s names', () => {
      for (const path of ['/p/.devcontainer/devcontainer.json', '/p/.devcontainer.json', '/p/.devcontainer/python/devcontainer.json', 'file:///p/templates/.devcontainer/devcontainer.json']) {
        assert.equal(detectKind(path), 'devcontainer', path);
      }
      assert.equal(kindOfName('devcontainer.json', 'rust'), 'devcontainer');
      assert.equal(detectKind('/p/.devcontainer/devcontainer.jsonc'), undefined);
      assert.equal(detectKind('/p/devcontainer-feature.json'), undefined);
    });

    it('lints without error or warning a file with nothing risky, and reports its syntax error', () => {
      const findings = lint({ uri: URI, text: '{ "image": "mcr.microsoft.com/devcontainers/base:bookworm", }' }, { profile: 'recommended' }).findings;
      assert.deepEqual(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId), []);
      assert.deepEqual(lint({ uri: URI, text: '{ "image": }' }).findings.map((f) => [f.ruleId, at(f.range)]), [['parse-error', '1:12-1:13']]);
    });

    it('suppression comments start with //, above the key or for the file', () => {
      // The rules about a missing setting stay out of these cases.
      const only = { rules: Object.fromEntries(['cap-drop-missing', 'no-new-privileges-missing', 'writable-root-filesystem', 'memory-limit-missing', 'cpu-limit-missing', 'pids-limit-missing'].map((id) => [id, 'off' as const])) };
      const result = lint({ uri: URI, text: '{\n  // bulwark-ignore no-such-rule\n  "privileged": true\n}' }, only);
      assert.deepEqual(result.findings.map((f) => [f.ruleId, at(f.range)]), [['invalid-suppression', '2:3-2:33'], ['privileged', '3:3-3:15']]);
      const suppressed = lint({ uri: URI, text: '{\n  "image": "x",\n  // bulwark-ignore privileged -- builds images\n  "privileged": true\n}' }, only);
      assert.deepEqual([suppressed.findings, suppressed.suppressed.map((f) => [f.ruleId, f.suppression.reason])], [[], [['privileged', 'builds images']]]);
      const ignore = lint({ uri: URI, text: '{\n    "privileged": true\n}' }, only).findings[0].ignore;
      assert.deepEqual([ignore?.line.newText, ignore?.file.newText, at(ignore?.file.range)], ['    // bulwark-ignore privileged\n', '// bulwark-ignore-file privileged\n', '1:1-1:1']);
      assert.deepEqual(lint({ uri: URI, text: '{\n  # bulwark-ignore no-such-rule\n}' }).findings.map((f) => f.ruleId), ['parse-error']);
    });
  });
});
