import * as assert from 'node:assert/strict';
import { Limiter, TtlCache } from '../../registry/cache';
import { parseChallenge } from '../../registry/client';
import { canonicalImage, parseImageReference } from '../../rules';

describe('image references, normalised as Docker does', () => {
  const cases: Array<[string, string]> = [
    ['node', 'docker.io/library/node:latest'],
    ['node:20', 'docker.io/library/node:20'],
    ['library/node:20', 'docker.io/library/node:20'],
    ['docker.io/node', 'docker.io/library/node:latest'],
    ['index.docker.io/library/node:20', 'docker.io/library/node:20'],
    ['docker.io/acme/app', 'docker.io/acme/app:latest'],
    ['acme/app:1.0', 'docker.io/acme/app:1.0'],
    ['acme/team/app', 'docker.io/acme/team/app:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app:1', 'localhost:5000/app:1'],
    ['registry.local:5000/a/b/c:2', 'registry.local:5000/a/b/c:2'],
    ['Registry/app', 'registry/app:latest'],
    [`ghcr.io/acme/app@sha256:${'a'.repeat(64)}`, `ghcr.io/acme/app@sha256:${'a'.repeat(64)}`],
    [`node:20@sha256:${'a'.repeat(64)}`, `docker.io/library/node:20@sha256:${'a'.repeat(64)}`],
  ];
  for (const [text, name] of cases) {
    it(`${text} → ${name}`, () => assert.equal(canonicalImage(parseImageReference(text)!).name, name));
  }
  it('rejects what Docker rejects', () => {
    for (const text of ['Node:20', 'node:', `a/${'b'.repeat(256)}`, 'node:-x', '-node', 'node@a@b']) assert.equal(parseImageReference(text), undefined, text);
  });
  it('reads what follows @ as a digest only in Docker\'s digest syntax; anything else is kept apart, no pin', () => {
    for (const text of ['node@sha256:abc', 'node@v1', 'node:20@sha256', `node@sha256:${'A'.repeat(64)}`, `node@sha512:${'a'.repeat(64)}`]) {
      const reference = parseImageReference(text);
      assert.equal(reference?.digest, undefined, text);
      assert.equal(reference?.invalidDigest, text.slice(text.indexOf('@') + 1), text);
    }
    assert.equal(parseImageReference(`node@sha512:${'a'.repeat(128)}`)?.digest, `sha512:${'a'.repeat(128)}`);
    assert.equal(parseImageReference(`node:20@sha256:${'0'.repeat(64)}`)?.invalidDigest, undefined);
  });
});

describe('registry client pieces', () => {
  it('parses a Bearer challenge whose scope holds commas', () => {
    assert.deepEqual(parseChallenge('Bearer realm="https://auth.example.com/token",service="registry",scope="repository:a/b:pull,push"'), {
      scheme: 'bearer',
      params: { realm: 'https://auth.example.com/token', service: 'registry', scope: 'repository:a/b:pull,push' },
    });
    assert.deepEqual(parseChallenge('Basic realm="basic-realm"'), { scheme: 'basic', params: { realm: 'basic-realm' } });
  });

  it('the cache forgets after its TTL and drops the least recently used entry beyond its size', () => {
    let now = 0;
    const cache = new TtlCache<string>(2, () => now);
    cache.set('a', 'A', 100);
    cache.set('b', 'B', 100);
    assert.equal(cache.get('a'), 'A');
    cache.set('c', 'C', 100);
    assert.deepEqual([cache.get('a'), cache.get('b'), cache.get('c')], ['A', undefined, 'C']);
    now = 100;
    assert.equal(cache.get('a'), undefined);
    assert.equal(cache.getStale('a'), 'A', 'an expired value is kept until evicted');
  });

  it('the limiter never lets more than its limit run at once, and runs them all', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    };
    await Promise.all(Array.from({ length: 9 }, () => limiter.run(task)));
    assert.equal(most, 2);
    assert.equal(running, 0);
  });
});
