import * as assert from 'node:assert/strict';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { isIgnoredPath, parseProjectConfig } from '../../rules';
import { renderConfigSchema } from '../../scripts/generate-docs';

const at = (problem: { range: { start: { line: number; character: number } } }) => [problem.range.start.line + 1, problem.range.start.character + 1];

describe('.bulwark.yaml', () => {
  it('reads every key', () => {
    const { config, problems } = parseProjectConfig(
      ['profile: strict', 'rules:', '  image-latest-tag: off', '  root-user: error', 'ignore: [vendor/, "**/*.test.Dockerfile"]', 'trustedRegistries:', '  - ghcr.io/acme', 'online:', '  registry: false', ''].join('\n'),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(config, {
      profile: 'strict',
      rules: { 'image-latest-tag': 'off', 'root-user': 'error' },
      ignore: ['vendor/', '**/*.test.Dockerfile'],
      trustedRegistries: ['ghcr.io/acme'],
      online: { registry: false },
    });
  });

  it('reads the suppressions policy, and locates its mistakes', () => {
    assert.deepEqual(parseProjectConfig('suppressions:\n  requireReason: true\n  allow: false\n'), { config: { suppressions: { requireReason: true, allow: false } }, problems: [] });
    const { config, problems } = parseProjectConfig('suppressions:\n  requireReason: yes please\n  allowed: false\n');
    assert.deepEqual(config, { suppressions: {} });
    assert.deepEqual(problems.map((problem) => [...at(problem), problem.severity, problem.message]), [
      [2, 18, 'error', 'suppressions.requireReason must be true or false.'],
      [3, 3, 'warning', '"allowed" is not a suppressions setting; did you mean "allow"? It is ignored.'],
    ]);
    assert.match(parseProjectConfig('suppressions: true\n').problems[0].message, /suppressions must be a mapping/);
  });

  it('an unknown profile is a located error, with the nearest name, and the default applies', () => {
    const { config, problems } = parseProjectConfig('profile: recomended\n');
    assert.deepEqual(config, {});
    assert.deepEqual(problems.map(at), [[1, 10]]);
    assert.match(problems[0].message, /profile must be one of recommended, strict, cis \(did you mean "recommended"\?\)/);
  });

  it('an empty file is the defaults', () => {
    assert.deepEqual(parseProjectConfig(''), { config: {}, problems: [] });
    assert.deepEqual(parseProjectConfig('# nothing yet\n'), { config: {}, problems: [] });
  });

  it('invalid YAML is one located error, and none of it applies', () => {
    const { config, problems } = parseProjectConfig('rules:\n  root-user: [off\n');
    assert.deepEqual(config, {});
    assert.ok(problems.length >= 1);
    assert.equal(problems[0].severity, 'error');
    assert.match(problems[0].message, /not valid YAML.*None of it applies until it is fixed/);
  });

  it('a file that is not a mapping is an error at its content', () => {
    const { problems } = parseProjectConfig('- rules\n');
    assert.deepEqual(problems.map(at), [[1, 1]]);
    assert.match(problems[0].message, /must be a mapping/);
  });

  it('unknown keys and rule ids are warnings with the nearest name, and the rest still applies', () => {
    const { config, problems } = parseProjectConfig(['rule:', '  x: off', 'rules:', '  root-usr: off', '  image-untagged: loud', '  cap-drop-missing: info', 'online:', '  registy: true', ''].join('\n'));
    assert.deepEqual(config, { rules: { 'cap-drop-missing': 'info' }, online: {} });
    assert.deepEqual(
      problems.map((p) => [...at(p), p.severity, p.message]),
      [
        [1, 1, 'warning', '"rule" is not a configuration key; did you mean "rules"? It is ignored.'],
        [4, 3, 'warning', '"root-usr" is not a rule id; did you mean "root-user"? It is ignored.'],
        [5, 19, 'error', 'The severity of image-untagged must be one of off, info, warning, error; its default applies.'],
        [8, 3, 'warning', '"registy" is not an online feature; did you mean "registry"? It is ignored.'],
      ],
    );
  });

  it('wrong value types are located errors', () => {
    const { config, problems } = parseProjectConfig(['ignore: vendor', 'trustedRegistries: [docker.io, 3, ""]', 'online:', '  registry: yes please', ''].join('\n'));
    assert.deepEqual(config, { trustedRegistries: ['docker.io'], online: {} });
    assert.deepEqual(problems.map(at), [
      [1, 9],
      [2, 32],
      [2, 35],
      [4, 13],
    ]);
  });

  it('reads the online settings and the trust keys, and locates what is wrong in them', () => {
    const text = [
      'online:',
      '  registry: true',
      '  insecureRegistries: [registry.local:5000, "http://x/y"]',
      '  registryMap:',
      '    docker.io: https://mirror.example.com',
      '    ghcr.io: ftp://mirror',
      'trust:',
      '  keys:',
      '    - { scope: "ghcr.io/acme/**", key: keys/acme.pub, name: acme }',
      '    - { scope: docker.io/library/*, kee: x }',
      '',
    ].join('\n');
    const { config, problems } = parseProjectConfig(text);
    assert.deepEqual(config, {
      online: { registry: true, insecureRegistries: ['registry.local:5000'], registryMap: { 'docker.io': 'https://mirror.example.com' } },
      trust: { keys: [{ scope: 'ghcr.io/acme/**', key: 'keys/acme.pub', name: 'acme' }] },
    });
    assert.deepEqual(problems.map(at), [
      [3, 45],
      [6, 14],
      [10, 7],
    ]);
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(renderConfigSchema()));
    assert.ok(validate(parse(text.replace(', "http://x/y"', '').replace('ftp://mirror', 'http://mirror:5000').replace('kee: x', 'key: x'))), JSON.stringify(validate.errors));
  });

  it('the generated JSON schema accepts what the parser accepts and rejects unknown keys', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(renderConfigSchema()));
    assert.ok(validate(parse('rules: { root-user: off }\nignore: [a]\ntrustedRegistries: [ghcr.io]\nonline: { registry: true }\n')), JSON.stringify(validate.errors));
    assert.equal(validate(parse('rules: { root-usr: off }\n')), false);
    assert.equal(validate(parse('colour: red\n')), false);
  });
});

describe('ignore globs', () => {
  const cases: Array<[string, string[], boolean]> = [
    ['vendor/lib/Dockerfile', ['vendor/'], true],
    ['app/vendor/Dockerfile', ['vendor'], true],
    ['app/Dockerfile', ['vendor'], false],
    ['build/Dockerfile', ['/build/Dockerfile'], true],
    ['x/build/Dockerfile', ['build/Dockerfile'], false],
    ['test/fixtures/compose.yaml', ['test/fixtures/**'], true],
    ['a/b/bad.Dockerfile', ['*.Dockerfile'], true],
    ['.hidden/Dockerfile', ['.hidden'], true],
    ['Dockerfile', [], false],
  ];
  for (const [path, globs, ignored] of cases) {
    it(`${JSON.stringify(globs)} ${ignored ? 'ignores' : 'keeps'} ${path}`, () => assert.equal(isIgnoredPath(path, globs), ignored));
  }
});
