import * as assert from 'node:assert/strict';
import { parseDotenv } from '../../rules/model/dotenv';
import { ruleTester } from '../helpers/rule-tester';

const DB = 'services:\n  db:\n    image: postgres:${PG_TAG:-latest}\n';

describe('.env files, read as Compose reads them', () => {
  const values = (text: string) => Object.fromEntries([...parseDotenv(text)].map(([name, entry]) => [name, entry.value]));

  it('KEY=VALUE, export, comments, blank lines and spaces around the value', () => {
    assert.deepEqual(values('# a comment\n\nA=1\nexport B=two\n  C = three  \nD=x # comment\nE=x# not a comment\n'), { A: '1', B: 'two', C: 'three', D: 'x', E: 'x# not a comment' });
  });

  it('quotes: single is literal, double knows escapes, both may hold # and span lines', () => {
    assert.deepEqual(values(`A='$B # x'\nB="a\\tb # c" # comment\nC="line1\nline2"\nD='it\\'s'\n`), { A: '$B # x', B: 'a\tb # c', C: 'line1\nline2', D: "it's" });
  });

  it('interpolates the variables set above, with defaults; a later line wins', () => {
    assert.deepEqual(values('A=1\nB=${A}-${MISSING:-d}\nA=2\nC="$A"\n'), { A: '2', B: '1-d', C: '2' });
  });

  it('a value that interpolates a variable the file does not set is unknown', () => {
    assert.deepEqual(values('A=${HOME}/x\nB="${USER}"\nC=${UNSET:-d}\n'), { A: undefined, B: undefined, C: 'd' });
  });

  it('lines that assign nothing are skipped', () => {
    assert.deepEqual(values('JUSTNAME\n=value\n1BAD=x\nOK=1\n'), { OK: '1' });
  });

  it('remembers the lines that set a variable', () => {
    const entry = parseDotenv('# x\nA="one\ntwo"\n').get('A')!;
    assert.deepEqual([entry.range.start.line, entry.range.end.line], [1, 2]);
  });
});

ruleTester('image-latest-tag', {
  valid: [
    { kind: 'compose', name: '.env pins what the default leaves at latest', code: DB, files: { '.env': 'PG_TAG=16\n' } },
    { kind: 'compose', name: 'export prefix and quotes', code: DB, files: { '.env': 'export PG_TAG="16.4" # pinned\n' } },
    { kind: 'compose', name: '${VAR:?err} without a value is unknown', code: 'services:\n  db:\n    image: postgres:${PG_TAG:?set PG_TAG}\n', files: { '.env': '' } },
    { kind: 'compose', name: 'nested default, inner variable set', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-${DEFAULT_TAG:-latest}}\n', files: { '.env': 'DEFAULT_TAG=16\n' } },
    { kind: 'compose', name: '$$ is a literal dollar, not a variable', code: 'services:\n  db:\n    image: postgres:16\n    command: echo $$PG_TAG\n', files: { '.env': 'PG_TAG=latest\n' } },
    { kind: 'compose', name: 'a .env value that takes a shell variable is unknown, not unset', code: DB, files: { '.env': 'PG_TAG=${SHELL_TAG}\n' } },
    { kind: 'compose', name: 'a .env elsewhere is not read', code: DB.replace(':-latest', ':-16'), files: { 'other/.env': 'PG_TAG=latest\n' } },
  ],
  invalid: [
    { kind: 'compose', name: 'the default, without .env', code: DB, files: {}, errors: [{ line: 3, column: 12, endColumn: 38, message: '(postgres:latest)', related: [] }] },
    {
      kind: 'compose',
      name: 'a value from .env is anchored at the interpolated value, the .env line related',
      code: 'services:\n  db:\n    image: postgres:${PG_TAG:-16}\n',
      files: { '.env': '# versions\nPG_TAG=latest\n' },
      // The value from .env is never shown: masked wherever the message would quote it.
      errors: [{ line: 3, column: 12, endColumn: 34, message: '"postgres:${PG_TAG:-16}" (postgres:********) with the moving "********" tag', related: [{ line: 2, file: '.env' }] }],
    },
    { kind: 'compose', name: '$VAR', code: 'services:\n  db:\n    image: postgres:$PG_TAG\n', files: { '.env': 'PG_TAG=latest\n' }, errors: [{ line: 3, related: [{ line: 1, file: '.env' }] }] },
    { kind: 'compose', name: '${VAR:?err} with a value', code: 'services:\n  db:\n    image: "postgres:${PG_TAG:?missing}"\n', files: { '.env': "PG_TAG='latest'\n" }, errors: [{ line: 3, related: [{ line: 1, file: '.env' }] }] },
    { kind: 'compose', name: '${VAR-default} keeps an empty value, ${VAR:-default} does not', code: 'services:\n  db:\n    image: postgres:${EMPTY:-latest}${EMPTY-16}\n', files: { '.env': 'EMPTY=\n' }, errors: [{ line: 3, message: '(postgres:latest)' }] },
    { kind: 'compose', name: 'nested default, inner variable from .env', code: 'services:\n  db:\n    image: postgres:${PG_TAG:-${DEFAULT_TAG:-16}}\n', files: { '.env': 'DEFAULT_TAG=latest\n' }, errors: [{ line: 3, related: [{ line: 1, file: '.env' }] }] },
  ],
});

ruleTester('image-untagged', {
  valid: [{ kind: 'compose', name: '${VAR:+alt} with the variable set', code: 'services:\n  db:\n    image: "postgres${PG_PIN:+:16}"\n', files: { '.env': 'PG_PIN=yes\n' } }],
  invalid: [{ kind: 'compose', name: '${VAR:+alt} with the variable unset', code: 'services:\n  db:\n    image: "postgres${PG_PIN:+:16}"\n', files: { '.env': 'OTHER=1\n' }, errors: [{ line: 3, message: '(postgres)' }] }],
});

ruleTester('privileged', {
  valid: [{ kind: 'compose', name: 'privileged from .env, false', code: 'services:\n  app:\n    image: app:1\n    privileged: ${PRIVILEGED:-true}\n', files: { '.env': 'PRIVILEGED=false\n' } }],
  invalid: [
    {
      kind: 'compose',
      name: 'privileged from .env, true: the .env line is related',
      code: 'services:\n  app:\n    image: app:1\n    privileged: ${PRIVILEGED:-false}\n',
      files: { '.env': 'PRIVILEGED=true\n' },
      errors: [{ line: 4, column: 5, related: [{ line: 1, file: '.env' }] }],
    },
  ],
});

ruleTester('port-bound-to-all-interfaces', {
  valid: [{ kind: 'compose', name: 'host IP from .env', code: 'services:\n  app:\n    image: app:1\n    ports: ["${BIND:-0.0.0.0}:8080:80"]\n', files: { '.env': 'BIND=127.0.0.1\n' } }],
  invalid: [{ kind: 'compose', name: 'host IP default', code: 'services:\n  app:\n    image: app:1\n    ports: ["${BIND:-0.0.0.0}:8080:80"]\n', files: {}, errors: [{ line: 4, column: 13 }] }],
});

ruleTester('docker-daemon-tcp-unencrypted', {
  valid: [],
  invalid: [
    {
      kind: 'compose',
      name: 'a DOCKER_HOST from .env: the message shows no credential of it',
      code: 'services:\n  ci:\n    image: ci:1\n    environment:\n      DOCKER_HOST: ${DOCKER_HOST}\n',
      files: { '.env': 'DOCKER_HOST=tcp://admin:s3cretpassw0rd@build-host:2375\n' },
      errors: [{ line: 5, message: 'at tcp://build-host:2375 over TCP', notMessage: 's3cret', related: [{ line: 1, file: '.env' }] }],
    },
  ],
});

ruleTester('cap-drop-missing', {
  valid: [{ kind: 'compose', name: 'cap_drop from .env', code: 'services:\n  app:\n    image: app:1\n    cap_drop: ["${DROP:-NET_RAW}"]\n', files: { '.env': 'DROP=ALL\n' } }],
  invalid: [{ kind: 'compose', name: 'cap_drop default', code: 'services:\n  app:\n    image: app:1\n    cap_drop: ["${DROP:-NET_RAW}"]\n', files: {}, errors: [{ line: 2, message: 'not ALL' }] }],
});

ruleTester('docker-socket-mount', {
  valid: [{ kind: 'compose', name: 'a bind source from .env, harmless', code: 'services:\n  agent:\n    image: agent:1\n    volumes:\n      - ${SOCK:-/var/run/docker.sock}:/var/run/docker.sock\n', files: { '.env': 'SOCK=./fake.sock\n' } }],
  invalid: [
    {
      kind: 'compose',
      name: 'a bind source from .env: anchored at the item, the .env line related',
      code: 'services:\n  agent:\n    image: agent:1\n    volumes:\n      - ${SOCK:-/tmp/x}:/var/run/docker.sock\n',
      files: { '.env': '# the engine\nSOCK=/var/run/docker.sock\n' },
      errors: [{ line: 5, column: 9, endColumn: 45, related: [{ line: 2, file: '.env' }] }],
    },
  ],
});
