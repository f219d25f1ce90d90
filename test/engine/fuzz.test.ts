import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { applyFixes, lint, selectFixes } from '../../rules';
import { LineIndex } from '../../rules/text';
import { assertWellFormed } from './helpers';
import { FILE_NAMES } from '../helpers/rule-tester';

/**
 * Property-based fuzzing of the engine: random files built from each format's pieces, and real files
 * mutated. Seeded and small so that `npm test` stays fast; `FUZZ_RUNS` raises the number of cases
 * per property (8 properties: `npm run fuzz`'s 12,500 make 100,000 cases).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

const EXAMPLES = path.resolve(__dirname, '..', '..', '..', 'examples');
const example = (file: string) => readFileSync(path.join(EXAMPLES, file), 'utf8');

/** The kinds fuzzed here, each from its own seeds and words. */
type FuzzedKind = 'dockerfile' | 'compose' | 'daemon' | 'systemd' | 'devcontainer';

const DEVCONTAINER_SEED = `{
  // The project's dev container.
  "name": "app",
  "image": "mcr.microsoft.com/devcontainers/base:bookworm",
  "features": { "ghcr.io/devcontainers/features/docker-in-docker:2": {}, "ghcr.io/devcontainers/features/go:1": {} },
  "runArgs": ["--cap-add=SYS_PTRACE", "--security-opt", "seccomp=unconfined"],
  "mounts": ["source=\${localEnv:HOME}/.ssh,target=/home/vscode/.ssh,type=bind", { "source": "/var/run/docker.sock", "target": "/var/run/docker.sock", "type": "bind" }],
  "containerEnv": { "API_TOKEN": "ghp_0123456789abcdefghijklmnopqrstuvwxyzAB", "HOME_DIR": "\${localEnv:HOME}" },
  "appPort": ["8080:80", 3000],
  "remoteUser": "root",
  "privileged": true,
}
`;

const SEEDS: Record<FuzzedKind, string[]> = {
  dockerfile: [example('webapp/Dockerfile'), example('hardened/Dockerfile')],
  compose: [example('webapp/compose.yaml'), example('hardened/compose.yaml')],
  daemon: [example('daemon/etc/docker/daemon.json'), example('hardened/etc/docker/daemon.json')],
  systemd: [example('daemon/etc/systemd/system/docker.service.d/override.conf'), example('hardened/etc/systemd/system/docker.service.d/override.conf')],
  devcontainer: [DEVCONTAINER_SEED, '{ "build": { "dockerfile": "Dockerfile", "context": ".." }, /* block */ "capAdd": ["SYS_ADMIN",], }'],
};

/** Text that breaks parsers: line ends of every kind, NUL, lone surrogates, brackets, YAML and shell syntax. */
const NASTY = fc.constantFrom(
  '\n', '\r\n', '\r', '\0', '\ud800', '\udc00', '\ufeff', '\t', ' ', '\\', '\\\n', '"', "'", '`', '[', ']', '{', '}', ':', ': ', '- ', '&a ', '*a', '<<: *a', '!reset ',
  '#', '# bulwark-ignore root-user', '${X:-y}', '$(id)', '&&', '|', ';', '<<EOF\n', 'EOF\n', '=', ',', 'é', '😀',
);

const DOCKERFILE_WORDS = fc.constantFrom(
  'FROM', 'RUN', 'ENV', 'ARG', 'USER', 'COPY', 'ADD', 'EXPOSE', 'HEALTHCHECK', 'WORKDIR', 'LABEL', 'CMD', 'ENTRYPOINT', 'SHELL', 'VOLUME', 'ONBUILD', 'from', 'NOPE',
  'ubuntu', 'alpine:latest', 'node:20@sha256:0000000000000000000000000000000000000000000000000000000000000000', '--platform=$BUILDPLATFORM', 'AS', 'build', 'root', '0:0',
  'DB_PASSWORD=hunter2', 'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', 'curl -k https://x | sh', 'apt-get install -y curl', 'sudo', 'chmod 777 /app',
  '--mount=type=secret,id=npm', '--chown=0:0', '.', '/app', '["sh", "-c", "x"]', 'NONE', '8080', '22/tcp', '2375',
);

const COMPOSE_WORDS = fc.constantFrom(
  'services:', 'web:', 'image:', 'nginx', 'postgres:latest', 'privileged: true', 'user: root', 'network_mode: host', 'pid: host', 'cap_add: [ALL]', 'cap_drop:', '- ALL',
  'environment:', 'DB_PASSWORD: hunter2', '- API_KEY=abc123secretvalue', 'volumes:', '- /var/run/docker.sock:/var/run/docker.sock', '- /:/host', 'ports:', '- "2375:2375"',
  'build: .', 'extends:', 'service: web', 'security_opt: [seccomp:unconfined]', 'x-common: &common', '<<: *common', 'secrets:', 'configs:', '~', 'null', '---', '...',
);

const DAEMON_WORDS = fc.constantFrom('{', '}', '[', ']', ',', ':', '"hosts"', '"tcp://0.0.0.0:2375"', '"icc"', 'true', 'false', '"userns-remap"', '"default"', '"tls"', '"insecure-registries"', '1', 'null', '//', '/*', '*/');

const UNIT_WORDS = fc.constantFrom('[Service]', '[Unit]', 'ExecStart=', 'ExecStart=/usr/bin/dockerd', '-H tcp://0.0.0.0:2375', '--tlsverify', '--icc=true', '--userns-remap=default', 'Environment=DOCKER_OPTS=', '\\', '--experimental');

const DEVCONTAINER_WORDS = fc.constantFrom(
  '{', '}', '[', ']', ',', ':', '//', '/*', '*/', '"privileged"', 'true', '"capAdd"', '"SYS_ADMIN"', '"mounts"', '"source=/,target=/host,type=bind"', '"runArgs"', '"--privileged"',
  '"features"', '"ghcr.io/devcontainers/features/docker-in-docker:2"', '{}', '"containerEnv"', '"TOKEN"', '"s3cr3t-v4lue-0123456789"', '"${localEnv:HOME}"', '"appPort"', '8080',
  '"remoteUser"', '"root"', '"dockerComposeFile"', '"service"', '"// bulwark-ignore privileged"',
);

const WORDS: Record<FuzzedKind, fc.Arbitrary<string>> = { dockerfile: DOCKERFILE_WORDS, compose: COMPOSE_WORDS, daemon: DAEMON_WORDS, systemd: UNIT_WORDS, devcontainer: DEVCONTAINER_WORDS };

/** A file of lines, each an indentation and words of the format, now and then with something nasty. */
function generated(kind: FuzzedKind): fc.Arbitrary<string> {
  const token = fc.oneof({ weight: 6, arbitrary: WORDS[kind] }, { weight: 1, arbitrary: NASTY }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
  const line = fc.tuple(fc.constantFrom('', '  ', '    ', '      ', '\t'), fc.array(token, { maxLength: 6 })).map(([indent, words]) => indent + words.join(' '));
  return fc.tuple(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r')).map(([lines, eol]) => lines.join(eol));
}

type Mutation = { at: number; kind: 'delete' | 'insert' | 'duplicate'; length: number; text: string };

const MUTATION: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('delete', 'insert', 'duplicate'),
  length: fc.nat({ max: 40 }),
  text: fc.oneof(NASTY, fc.string({ maxLength: 10 }), fc.string({ unit: 'binary', maxLength: 4 })),
});

function mutate(text: string, mutation: Mutation): string {
  const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
  const end = Math.min(text.length, at + mutation.length);
  if (mutation.kind === 'delete') return text.slice(0, at) + text.slice(end);
  if (mutation.kind === 'duplicate') return text.slice(0, end) + text.slice(at, end) + text.slice(end);
  return text.slice(0, at) + mutation.text + text.slice(at);
}

/** A real file of the format, mutated a few times. */
function mutated(kind: FuzzedKind): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...SEEDS[kind]), fc.array(MUTATION, { minLength: 1, maxLength: 6 })).map(([seed, mutations]) => mutations.reduce(mutate, seed));
}

/** The engine's contract on any text: no throw, no internal error, ranges in the document, fixes that apply without overlap and leave a file that still lints cleanly. */
function checkEngine(kind: FuzzedKind, text: string): void {
  const uri = FILE_NAMES[kind];
  const { findings } = lint({ uri, text });
  assertWellFormed(text, findings);
  const internal = findings.filter((f) => f.ruleId === 'internal-error');
  assert.deepEqual(internal.map((f) => f.message), []);

  const { edits } = selectFixes(text, findings, { unsafe: true });
  const lines = new LineIndex(text);
  const spans = edits.map((edit) => [lines.offsetAt(edit.range.start), lines.offsetAt(edit.range.end)]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i - 1][1] <= spans[i][0] && spans[i - 1][0] !== spans[i][0], `fix edits overlap: ${JSON.stringify(spans)}`);
  const fixed = applyFixes(text, findings, { unsafe: true });
  if (fixed.applied > 0) {
    const after = lint({ uri, text: fixed.text }).findings;
    assertWellFormed(fixed.text, after);
    assert.deepEqual(after.filter((f) => f.ruleId === 'internal-error').map((f) => f.message), []);
  }
}

describe('engine: fuzzing (fast-check)', () => {
  for (const kind of ['dockerfile', 'compose', 'daemon', 'systemd', 'devcontainer'] as const) {
    it(`${kind}: generated files`, () => {
      fc.assert(
        fc.property(generated(kind), (text) => checkEngine(kind, text)),
        { seed: SEED, numRuns: RUNS },
      );
    });

    it(`${kind}: mutated real files`, () => {
      fc.assert(
        fc.property(mutated(kind), (text) => checkEngine(kind, text)),
        { seed: SEED, numRuns: RUNS },
      );
    });
  }
});
