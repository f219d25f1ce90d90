import { ruleTester } from '../../helpers/rule-tester';

const service = (lines: string) => `services:\n  web:\n    image: nginx:1.27\n${lines}`;

ruleTester('cap-drop-missing', {
  valid: [
    { kind: 'compose', name: 'moot when privileged (privileged reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    privileged: true\n' },
    { kind: 'compose', name: 'moot with cap_add: [ALL] (dangerous-cap-add reports it)', code: 'services:\n  web:\n    image: nginx:1.27\n    cap_add: [all]\n' },
    { kind: 'compose', code: service('    cap_drop: [ALL]\n') },
    { kind: 'compose', code: service('    cap_drop: [all]\n') },
    { kind: 'compose', name: 'ALL in any case', code: service('    cap_drop:\n      - all\n') },
    { kind: 'compose', code: service('    cap_drop:\n      - NET_RAW\n      - "ALL"\n') },
    { kind: 'compose', name: 'via a merge key', code: 'x-hardened: &hardened\n  cap_drop: [ALL]\nservices:\n  web:\n    <<: *hardened\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via a merge key list', code: 'x-hardened: &hardened\n  cap_drop: [ALL]\nx-logging: &logging\n  logging: {driver: local}\nservices:\n  web:\n    <<: [*logging, *hardened]\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'via an alias', code: 'x-caps: &caps [ALL]\nservices:\n  web:\n    image: nginx:1.27\n    cap_drop: *caps\n' },
    { kind: 'compose', name: 'via a 10-level merge chain', code: chain(10) },
    { kind: 'compose', name: 'via extends', code: 'services:\n  base:\n    image: nginx:1.27\n    cap_drop: [ALL]\n  web:\n    extends: base\n  api:\n    extends:\n      service: base\n' },
    { kind: 'compose', name: 'extends a service of another file', code: 'services:\n  web:\n    extends:\n      file: common.yaml\n      service: web\n' },
    { kind: 'compose', name: 'x- extensions are not services', code: 'x-defaults:\n  image: nginx:1.27\nservices: {}\n' },
    { kind: 'compose', name: 'an x- key under services is not a service', code: 'services:\n  x-template:\n    image: nginx:1.27\n' },
    { kind: 'compose', name: 'no services', code: 'volumes:\n  data: {}\n' },
  ],
  invalid: [
    {
      kind: 'compose',
      name: 'CAP_ALL is no capability: Docker rejects it, in any case and form',
      code: service('    cap_drop:\n      - CAP_ALL\n') + '  db:\n    image: postgres:16\n    cap_drop: ["cap_all", NET_RAW]\n',
      errors: [
        { line: 2, column: 3, message: 'drops CAP_ALL, which is no capability: Docker rejects it' },
        { line: 6, column: 3, message: 'Docker rejects it' },
      ],
    },
    {
      kind: 'compose',
      name: 'privileged: false and narrower cap_add do not make it moot',
      code: service('    privileged: false\n    cap_add: [NET_ADMIN]\n'),
      errors: [{ line: 2, column: 3, message: 'Add cap_drop: [ALL]' }],
    },
    {
      kind: 'compose',
      name: 'absent: anchored at the service key',
      code: service(''),
      errors: [{ line: 2, column: 3, endLine: 2, endColumn: 6, message: 'Add cap_drop: [ALL]', severity: 'warning' }],
    },
    {
      kind: 'compose',
      name: 'a list without ALL',
      code: service('    cap_drop:\n      - NET_RAW\n      - CHOWN\n'),
      errors: [{ line: 2, column: 3, endColumn: 6, message: 'drops some capabilities but not ALL' }],
    },
    {
      kind: 'compose',
      name: 'an empty list drops nothing',
      code: service('    cap_drop: []\n'),
      errors: [{ line: 2, column: 3, message: "keeps Docker's default Linux capabilities" }],
    },
    {
      kind: 'compose',
      name: 'an empty key drops nothing',
      code: service('    cap_drop:\n'),
      errors: [{ line: 2, column: 3, message: "keeps Docker's default Linux capabilities" }],
    },
    {
      kind: 'compose',
      name: 'ALL as part of a longer name does not count',
      code: service('    cap_drop: [ALL_CAPS, CAP_ALL_X]\n'),
      errors: [{ line: 2, column: 3, message: 'not ALL' }],
    },
    {
      kind: 'compose',
      name: 'every service is judged',
      code: 'services:\n  web:\n    image: nginx:1.27\n    cap_drop: [ALL]\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\n',
      errors: [
        { line: 5, column: 3, endColumn: 5, message: 'Service "db"' },
        { line: 7, column: 3, endColumn: 8, message: 'Service "cache"' },
      ],
    },
    {
      kind: 'compose',
      name: 'a merge key brings a list without ALL',
      code: 'x-caps: &caps\n  cap_drop: [NET_RAW]\nservices:\n  web:\n    <<: *caps\n    image: nginx:1.27\n',
      errors: [{ line: 4, column: 3, message: 'not ALL' }],
    },
    {
      kind: 'compose',
      name: 'a service that is an alias of an anchored mapping',
      code: 'x-web: &web\n  image: nginx:1.27\nservices:\n  web: *web\n',
      errors: [{ line: 4, column: 3, endColumn: 6 }],
    },
    {
      kind: 'compose',
      name: 'legacy v1 file: the top-level keys are the services',
      code: 'version: "2"\nweb:\n  image: nginx:1.27\nworker:\n  build: .\n  cap_drop: [ALL]\n',
      errors: [{ line: 2, column: 1, endColumn: 4, message: 'Service "web"' }],
    },
    {
      kind: 'compose',
      name: 'quoted service name, CRLF',
      code: 'services:\r\n  "web":\r\n    image: nginx:1.27\r\n',
      errors: [{ line: 2, column: 3, endColumn: 8 }],
    },
  ],
});

/** A service that gets cap_drop through `depth` merge keys, each anchor merging the previous one. */
function chain(depth: number): string {
  let text = 'x-level0: &level0\n  cap_drop: [ALL]\n';
  for (let i = 1; i < depth; i++) text += `x-level${i}: &level${i}\n  <<: *level${i - 1}\n  labels: {level${i}: "yes"}\n`;
  return `${text}services:\n  web:\n    <<: *level${depth - 1}\n    image: nginx:1.27\n`;
}
