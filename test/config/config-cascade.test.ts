import * as assert from 'node:assert/strict';
import { MAX_EXTENDS_DEPTH, resolveFolderConfig } from '../../rules';

/** An in-memory tree of `file:` URIs. */
function reader(files: Record<string, string>) {
  const read: string[] = [];
  return {
    read,
    readFile: (location: string) => {
      read.push(location);
      return files[location.replace('file:///w/', '')];
    },
  };
}

describe('configuration cascade (nearest file, extends)', () => {
  it('takes the nearest file, searching up no higher than the top folder', () => {
    const tree = reader({ '.bulwark.yaml': 'rules: { root-user: error }\n', 'a/.bulwark.yml': 'rules: { root-user: info }\n', 'x.yaml': '' });
    assert.deepEqual(resolveFolderConfig('file:///w/a/b/', 'file:///w/', tree.readFile).config, { rules: { 'root-user': 'info' } });
    assert.equal(resolveFolderConfig('file:///w/a/b/', 'file:///w/', tree.readFile).file, 'file:///w/a/.bulwark.yml');
    assert.deepEqual(resolveFolderConfig('file:///w/c/', 'file:///w/', tree.readFile).config, { rules: { 'root-user': 'error' } });
    // With the top at a/b, neither file is reached.
    tree.read.length = 0;
    assert.deepEqual(resolveFolderConfig('file:///w/a/b/', 'file:///w/a/b/', tree.readFile), { config: {}, files: [], problems: [] });
    assert.ok(tree.read.every((location) => location.startsWith('file:///w/a/b/')), tree.read.join(', '));
  });

  it('merges what a file extends under it: maps key by key, trustedRegistries replaced, ignore and trust not inherited', () => {
    const tree = reader({
      'org/base.yaml': 'rules: { root-user: error, image-untagged: off }\ntrustedRegistries: [ghcr.io/org]\nonline: { registry: false, insecureRegistries: [r.local:5000] }\nignore: [vendor/]\ntrust: { keys: [{ scope: "ghcr.io/org/**", key: k.pub }] }\nsuppressions: { requireReason: true }\n',
      'team.yaml': 'extends: org/base.yaml\nrules: { image-untagged: warning }\nsuppressions: { allow: false }\n',
      'svc/.bulwark.yaml': 'extends: ../team.yaml\nrules: { root-user: warning }\ntrustedRegistries: [ghcr.io/svc]\nonline: { registry: true }\n',
    });
    const resolved = resolveFolderConfig('file:///w/svc/', 'file:///w/', tree.readFile);
    assert.deepEqual(resolved.problems, []);
    assert.deepEqual(resolved.files, ['file:///w/svc/.bulwark.yaml', 'file:///w/team.yaml', 'file:///w/org/base.yaml']);
    assert.deepEqual(resolved.config, {
      rules: { 'root-user': 'warning', 'image-untagged': 'warning' },
      trustedRegistries: ['ghcr.io/svc'],
      online: { registry: true, insecureRegistries: ['r.local:5000'] },
      suppressions: { requireReason: true, allow: false },
    });
  });

  it('reports a missing file, a cycle, a chain too deep and a file outside the top, where extends names them', () => {
    const problems = (files: Record<string, string>) =>
      resolveFolderConfig('file:///w/', 'file:///w/', reader(files).readFile).problems.map((p) => `${p.file.replace('file:///w/', '')}:${p.range.start.line + 1}:${p.range.start.character + 1} ${p.message}`);
    assert.deepEqual(problems({ '.bulwark.yaml': 'extends: gone.yaml\n' }), ['.bulwark.yaml:1:10 extends names "gone.yaml", which cannot be read (no such file?): it is not followed.']);
    assert.deepEqual(problems({ '.bulwark.yaml': 'extends: a.yaml\n', 'a.yaml': '\nextends: ./.bulwark.yaml\n' }), ['a.yaml:2:10 extends makes a cycle (.bulwark.yaml → a.yaml → .bulwark.yaml): it is not followed.']);
    assert.deepEqual(problems({ '.bulwark.yaml': 'extends: ../etc/x.yaml\n' }), ['.bulwark.yaml:1:10 extends names "../etc/x.yaml", outside the folder Bulwark reads configuration from: it is not followed.']);
    const chain: Record<string, string> = { '.bulwark.yaml': 'extends: c1.yaml\n' };
    for (let i = 1; i <= MAX_EXTENDS_DEPTH + 2; i++) chain[`c${i}.yaml`] = `extends: c${i + 1}.yaml\n`;
    assert.deepEqual(problems(chain), [`c${MAX_EXTENDS_DEPTH}.yaml:1:10 extends goes more than ${MAX_EXTENDS_DEPTH} files deep: "c${MAX_EXTENDS_DEPTH + 1}.yaml" is not followed.`]);
    assert.deepEqual(problems({ '.bulwark.yaml': 'extends: [a, b]\n' }), ['.bulwark.yaml:1:10 extends must be the path of another configuration file, relative to this one.']);
  });
});
