import * as assert from 'node:assert/strict';
import { detectKind, lint, rules, type Finding, type Rule } from '../../rules';
import { assertWellFormed, lintText, summary } from './helpers';

const DOCKERFILE = 'FROM ubuntu\nENV API_TOKEN=tok-123456\nUSER root\nHEALTHCHECK NONE\n';
const COMPOSE = 'services:\n  web:\n    image: nginx:latest\n    user: root\n    environment:\n      DB_PASSWORD: hunter2\n';

/** Runs `body` with the registry's rule `id` replaced by `replacement`, restoring it whatever happens. */
function withRule(id: string, replacement: (rule: Rule) => Rule, body: () => void): void {
  const registry = rules as Rule[];
  const index = registry.findIndex((rule) => rule.id === id);
  const original = registry[index];
  registry[index] = replacement(original);
  try {
    body();
  } finally {
    registry[index] = original;
  }
}

describe('engine', () => {
  describe('a rule that throws', () => {
    const throwing = (rule: Rule): Rule => ({
      ...rule,
      check: {
        dockerfile: () => {
          throw new Error('boom in dockerfile');
        },
        compose: () => {
          throw new TypeError('boom in compose');
        },
      },
    });

    it('yields one internal-error and the other rules still run (Dockerfile)', () => {
      withRule('root-user', throwing, () => {
        const findings = lintText('dockerfile', DOCKERFILE);
        assert.deepEqual(summary(findings), ['internal-error 1:1', 'image-untagged 1:6', 'secret-in-env 2:5']);
        assert.equal(findings[0].severity, 'error');
        assert.match(findings[0].message, /root-user.*boom in dockerfile/);
      });
    });

    it('is an error whatever the configuration says: a failed check cannot be hidden or lowered', () => {
      withRule('root-user', throwing, () => {
        for (const setting of ['off', 'info', 'warning'] as const) {
          const findings = lint({ uri: 'Dockerfile', text: DOCKERFILE }, { rules: { 'internal-error': setting } }).findings;
          assert.deepEqual(findings.filter((f) => f.ruleId === 'internal-error').map((f) => f.severity), ['error'], setting);
        }
      });
    });

    it('yields one internal-error and the other rules still run (Compose)', () => {
      withRule('secret-in-env', throwing, () => {
        const findings = lintText('compose', COMPOSE);
        assert.deepEqual(summary(findings), ['internal-error 1:1', 'cap-drop-missing 2:3', 'image-latest-tag 3:12', 'root-user 4:11']);
        assert.match(findings[0].message, /secret-in-env.*boom in compose/);
      });
    });

    it('a thrown non-Error is reported too', () => {
      const throwsString = (rule: Rule): Rule => ({
        ...rule,
        check: {
          dockerfile: () => {
            throw 'plain string';
          },
        },
      });
      withRule('image-untagged', throwsString, () => {
        const findings = lintText('dockerfile', 'FROM ubuntu\nUSER 1000\n');
        assert.deepEqual(summary(findings), ['internal-error 1:1']);
        assert.match(findings[0].message, /plain string/);
      });
    });

    it('the registry is restored afterwards', () => {
      assert.deepEqual(summary(lintText('dockerfile', DOCKERFILE)), ['image-untagged 1:6', 'secret-in-env 2:5', 'root-user 3:1']);
    });
  });

  describe('options.rules', () => {
    it('overrides a severity', () => {
      const findings = lintText('dockerfile', DOCKERFILE, { rules: { 'root-user': 'error', 'secret-in-env': 'info' } });
      assert.deepEqual(findings.map((f) => `${f.ruleId}:${f.severity}`), ['image-untagged:warning', 'secret-in-env:info', 'root-user:error']);
    });

    it('turns a rule off', () => {
      assert.deepEqual(summary(lintText('compose', COMPOSE, { rules: { 'cap-drop-missing': 'off', 'secret-in-env': 'off' } })), ['image-latest-tag 3:12', 'root-user 4:11']);
    });

    it('turns the engine diagnostics off or overrides them', () => {
      assert.deepEqual(lintText('compose', '- a\n', { rules: { 'parse-error': 'off' } }), []);
      assert.deepEqual(lintText('dockerfile', 'FROM ubuntu:24.04\n', { maxFileSize: 4, rules: { 'file-too-large': 'off' } }), []);
      const [finding] = lintText('compose', '- a\n', { rules: { 'parse-error': 'warning' } });
      assert.equal(finding.severity, 'warning');
    });

    it('a setting wins over the severity a finding carries', () => {
      // A read-only mount of a sensitive folder is a warning of an error-level rule.
      const text = 'services:\n  web:\n    image: nginx:1.27\n    volumes: ["/etc:/host-etc:ro"]\n';
      const mount = (findings: Finding[]) => findings.find((f) => f.ruleId === 'sensitive-host-mount');
      assert.equal(mount(lint({ uri: 'compose.yaml', text }).findings)?.severity, 'warning');
      assert.equal(mount(lint({ uri: 'compose.yaml', text }, { rules: { 'sensitive-host-mount': 'info' } }).findings)?.severity, 'info');
    });

    it('unknown rule ids are ignored', () => {
      assert.equal(lintText('dockerfile', DOCKERFILE, { rules: { 'no-such-rule': 'off' } }).length, 3);
    });
  });

  describe('kind detection', () => {
    const cases: Array<[string, string | undefined, string | undefined]> = [
      ['Dockerfile', undefined, 'dockerfile'],
      ['Dockerfile.prod', undefined, 'dockerfile'],
      ['api.dockerfile', undefined, 'dockerfile'],
      ['api.Dockerfile', undefined, 'dockerfile'],
      ['Containerfile', undefined, 'dockerfile'],
      ['Containerfile.dev', undefined, 'dockerfile'],
      ['compose.yaml', undefined, 'compose'],
      ['compose.yml', undefined, 'compose'],
      ['compose.override.yaml', undefined, 'compose'],
      ['docker-compose.yml', undefined, 'compose'],
      ['docker-compose.prod.yaml', undefined, 'compose'],
      ['daemon.json', undefined, 'daemon'],
      ['file:///srv/etc/docker/daemon.json', 'json', 'daemon'],
      ['docker.service', undefined, 'systemd'],
      ['file:///etc/systemd/system/docker.service.d/override.conf', undefined, 'systemd'],
      ['C:\\units\\docker.service.d\\10-tcp.conf', undefined, 'systemd'],
      ['file:///etc/nginx/conf.d/site.conf', undefined, undefined],
      ['docker.socket', undefined, 'systemd'],
      ['file:///etc/systemd/system/docker.socket.d/tcp.conf', undefined, 'systemd'],
      ['file:///etc/systemd/system/docker.timer', undefined, undefined],
      ['file:///home/dev/project/Dockerfile.prod', undefined, 'dockerfile'],
      ['file:///home/dev/project/docker-compose.yml?version=2#top', undefined, 'compose'],
      ['C:\\project\\compose.override.yaml', undefined, 'compose'],
      ['file:///project/Docker%66ile', undefined, 'dockerfile'],
      ['file:///project/compose.yaml', 'yaml', 'compose'],
      ['file:///project/config.yaml', 'yaml', undefined],
      ['untitled:Untitled-1', 'dockerfile', 'dockerfile'],
      ['file:///project/build/odd-name.txt', 'dockerfile', 'dockerfile'],
      ['file:///project/stack.yml', 'dockercompose', 'compose'],
      ['docker-compose.yml.bak', undefined, undefined],
      ['README.md', undefined, undefined],
      ['file:///project/scripts/build.sh', undefined, 'shell'],
      ['file:///project/run.bash', undefined, 'shell'],
      ['file:///project/Makefile', undefined, 'shell'],
      ['file:///project/GNUmakefile', undefined, 'shell'],
      ['file:///project/mk/docker.mk', undefined, 'shell'],
      ['file:///project/tools/entrypoint', 'shellscript', 'shell'],
      ['file:///project/build/rules', 'makefile', 'shell'],
      ['file:///project/.github/workflows/ci.yml', undefined, 'ci'],
      ['C:\\project\\.github\\workflows\\release.yaml', undefined, 'ci'],
      // GitHub reads every YAML file of the folder as a workflow.
      ['file:///project/.github/workflows/compose-lint.yaml', undefined, 'ci'],
      // Copies kept side by side under a prefix: the name ends in the usual one after `.`, `_` or `-`.
      ['file:///corpus/acme__api__Dockerfile', undefined, 'dockerfile'],
      ['file:///corpus/acme__api__docker-compose.yml', undefined, 'compose'],
      ['file:///project/deploy/docker-compose-prod.yml', undefined, 'compose'],
      ['file:///corpus/acme__tools__devcontainer.json', undefined, 'devcontainer'],
      ['file:///project/.devcontainer/backend.devcontainer.json', undefined, 'devcontainer'],
      ['file:///corpus/acme__runc__Makefile', undefined, 'shell'],
      ['file:///corpus/acme__builder__action.yml', undefined, 'ci'],
      ['file:///corpus/acme__gitlab-ci-template.yml', undefined, 'ci'],
      ['file:///corpus/acme__etc__docker__daemon.json', undefined, 'daemon'],
      ['file:///project/decompose.yml', undefined, undefined],
      // A workflow whose copy's name holds `compose`: told by its start, not read as Compose.
      ['file:///corpus/acme__compose-lint__github__workflows__ci.yml', undefined, undefined],
      ['file:///project/check_Dockerfile.py', undefined, undefined],
      ['file:///project/transaction.yml', undefined, undefined],
      ['file:///project/.github/dependabot.yml', undefined, undefined],
      ['file:///project/workflows/ci.yml', undefined, undefined],
      ['file:///project/.github/actions/setup/action.yml', undefined, 'ci'],
      ['file:///project/.gitlab-ci.yml', undefined, 'ci'],
    ];
    for (const [uri, languageId, kind] of cases) {
      it(`${uri}${languageId ? ` (${languageId})` : ''} → ${kind ?? 'none'}`, () => {
        assert.equal(detectKind(uri, languageId), kind);
      });
    }

    it('a name without an extension is a script when its shebang names a POSIX shell', () => {
      assert.equal(detectKind('file:///p/bin/deploy', undefined, '#!/usr/bin/env bash\ndocker run x\n'), 'shell');
      assert.equal(detectKind('file:///p/bin/deploy', undefined, '#!/bin/sh -e\n'), 'shell');
      assert.equal(detectKind('file:///p/bin/deploy', undefined, '#!/usr/bin/env -S zsh -f\n'), 'shell');
      assert.equal(detectKind('file:///p/bin/deploy', undefined, '#!/usr/bin/env python3\n'), undefined);
      assert.equal(detectKind('file:///p/bin/deploy', undefined, 'docker run --privileged x\n'), undefined);
      assert.equal(detectKind('file:///p/notes.txt', undefined, '#!/bin/sh\n'), undefined);
      assert.equal(lint({ uri: 'file:///p/bin/deploy', text: '#!/bin/bash\ndocker run --privileged alpine\n' }).kind, 'shell');
    });

    it('a YAML or JSON file whose name says nothing is told by its start: workflows, actions, GitLab CI, dev containers; never Compose', () => {
      const workflow = 'name: CI\n"on":\n  push:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: docker run --privileged alpine\n';
      assert.equal(detectKind('file:///corpus/acme__github__workflows__ci.yml', undefined, workflow), 'ci');
      assert.equal(detectKind('file:///p/setup.yaml', undefined, 'name: setup\nruns:\n  using: "composite"\n  steps:\n    - run: make\n      shell: bash\n'), 'ci');
      assert.equal(detectKind('file:///p/docker.yaml', undefined, 'runs:\n  using: docker\n  image: Dockerfile\n'), undefined);
      assert.equal(detectKind('file:///p/pipeline.yml', undefined, 'stages: [test]\ntest:\n  stage: test\n  script:\n    - docker run alpine\n'), 'ci');
      assert.equal(detectKind('file:///p/values.yaml', undefined, 'services:\n  web:\n    image: nginx\n'), undefined, 'Compose only by name');
      assert.equal(detectKind('file:///p/deploy.yaml', undefined, 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template: {}\n'), undefined);
      assert.equal(detectKind('file:///p/acme__devcontainer.jsonc', undefined, '{ "image": "x" }'), undefined);
      assert.equal(detectKind('file:///p/dev.json', undefined, '{\n  // comment\n  "image": "mcr.microsoft.com/devcontainers/base",\n  "features": {},\n  "remoteUser": "vscode"\n}\n'), 'devcontainer');
      assert.equal(detectKind('file:///p/package.json', undefined, '{ "name": "x", "scripts": { "build": "tsc" }, "image": "x" }'), undefined);
      assert.deepEqual(lint({ uri: 'file:///corpus/acme__github__workflows__ci.yml', text: workflow }, { profile: 'recommended' }).findings.map((f) => f.ruleId), ['privileged']);
    });

    it('lint uses the name, then the language id, and a forced kind', () => {
      assert.equal(lint({ uri: 'file:///p/compose.yaml', languageId: 'yaml', text: COMPOSE }).kind, 'compose');
      assert.equal(lint({ uri: 'file:///p/odd', languageId: 'dockerfile', text: DOCKERFILE }).kind, 'dockerfile');
      assert.equal(lint({ uri: 'file:///p/odd', text: DOCKERFILE, kind: 'dockerfile' }).findings.length, 3);
    });

    it('a document of no known kind has no finding', () => {
      assert.deepEqual(lint({ uri: 'file:///p/notes.yaml', languageId: 'yaml', text: COMPOSE }), { kind: undefined, findings: [], suppressed: [], dependencies: [] });
    });

    it('daemon.json and unit files are recognised and linted', () => {
      assert.deepEqual(
        lint({ uri: 'daemon.json', text: '{"icc": true}' }).findings.map((f) => f.ruleId),
        ['daemon-no-new-privileges-missing', 'daemon-userns-remap-missing', 'daemon-icc-enabled'],
      );
      assert.equal(lint({ uri: 'file:///etc/systemd/system/docker.service.d/override.conf', text: '[Service]\nExecStart=\nExecStart=/usr/bin/dockerd\n' }).kind, 'systemd');
    });
  });

  describe('output', () => {
    it('findings are sorted by position, then rule id', () => {
      const findings = lintText('compose', 'x-common: &common\n  image: redis\n  user: root\nservices:\n  b:\n    <<: *common\n  a:\n    <<: *common\n');
      assert.deepEqual(summary(findings), [
        'cap-drop-missing 5:3',
        'image-untagged 6:5',
        'root-user 6:5',
        'cap-drop-missing 7:3',
        'image-untagged 8:5',
        'root-user 8:5',
      ]);
    });

    it('ranges stay within the document on files without a final newline, with CR, CRLF and multi-byte text', () => {
      const texts: Array<[string, 'dockerfile' | 'compose']> = [
        ['FROM ubuntu', 'dockerfile'],
        ['FROM ubuntu\rUSER root', 'dockerfile'],
        ['# ünïcødé ✓\r\nFROM ubuntu:latest\r\nENV PASSWORD=pässwörd✓ \\\r\n  TOKEN=𝒯𝑜𝓀ℯ𝓃-1234', 'dockerfile'],
        ['services:\n  wéb:\n    image: "nginx"\n    user: "0"', 'compose'],
        ['services:\r\n  web:\r\n    environment:\r\n      - "PASSWORD=pässwörd✓"\r\n    image: nginx', 'compose'],
        ['services:\n  web:\n    image: nginx\n   bad', 'compose'],
      ];
      for (const [text, kind] of texts) assert.ok(lintText(kind, text).length > 0, text);
    });

    it('is pure: the same input gives the same output', () => {
      const first = lint({ uri: 'compose.yaml', text: COMPOSE });
      const second = lint({ uri: 'compose.yaml', text: COMPOSE });
      assert.deepEqual(first, second);
      assertWellFormed(COMPOSE, first.findings);
    });
  });
});

describe('engine: the kinds that declare containers', () => {
  it('scripts and CI files are judged on the containers their run lines start', () => {
    for (const kind of ['shell', 'ci'] as const) {
      const text = kind === 'shell' ? 'docker run --privileged alpine\n' : 'test:\n  script: docker run --privileged alpine\n';
      const result = lint({ uri: kind === 'shell' ? 'file:///project/x.sh' : 'file:///project/.gitlab-ci.yml', text, kind }, { profile: 'recommended' });
      assert.deepEqual(result.findings.map((finding) => finding.ruleId), ['privileged']);
    }
  });
});
