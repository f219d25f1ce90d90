import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { canonicalImage, parseImageReference } from '../../rules';
import { ImageFactsService, type RegistryOptions } from '../../registry/facts';
import { loadTrustKeys } from '../../registry/trust-keys';
import { freePort, IDENTITY_TOKEN, registryServers, SKIP_REGISTRY_TESTS, type RegistryServers } from './servers';

const image = (text: string) => canonicalImage(parseImageReference(text) as NonNullable<ReturnType<typeof parseImageReference>>);

describe('registry: image facts from real registries', function () {
  let servers: RegistryServers;
  before(async function () {
    if (SKIP_REGISTRY_TESTS) this.skip();
    this.timeout(60_000);
    servers = await registryServers();
  });

  const service = (endpoint: string, options: RegistryOptions = {}) =>
    new ImageFactsService({ registryMap: { 'docker.io': endpoint }, dockerConfigDir: emptyDir(), timeoutMs: 3000, ...options });

  for (const variant of ['open', 'token'] as const) {
    it(`resolves tags to the index digest, a Docker list's and a single manifest's (${variant} registry)`, async () => {
      const facts = service(servers[variant]);
      const node20 = await facts.resolve(image('node:20'));
      assert.equal(node20.digest, servers.seeded.node20.digest);
      assert.equal(node20.mediaType, 'application/vnd.oci.image.index.v1+json');
      assert.deepEqual(node20.platforms, ['linux/amd64', 'linux/arm64/v8']);
      assert.equal((await facts.resolve(image('node:18'))).digest, servers.seeded.node18.digest);
      const python = await facts.resolve(image('docker.io/library/python:3.12'));
      assert.equal(python.digest, servers.seeded.python.digest);
      assert.deepEqual(python.platforms, []);
      assert.match((await facts.resolve(image('node:99'))).failure ?? '', /not found \(404\)/);
    });
  }

  it('resolves a pinned reference by its digest, and refuses a digest the registry does not hold', async () => {
    const facts = service(servers.open);
    assert.equal((await facts.resolve(image(`node:20@${servers.seeded.node20.digest}`))).digest, servers.seeded.node20.digest);
    assert.match((await facts.resolve(image(`node@sha256:${'0'.repeat(64)}`))).failure ?? '', /404/);
  });

  it('sends the credentials of the Docker configuration (auths) to an htpasswd registry, and says 401 without them', async () => {
    const host = new URL(servers.basic).host;
    const withoutCredentials = await service(servers.basic, { insecureRegistries: [host] }).resolve(image('node:20'));
    assert.match(withoutCredentials.failure ?? '', /refused access \(401\)/);
    const configDir = dockerConfig({ auths: { [host]: { auth: Buffer.from(`${servers.user.username}:${servers.user.password}`).toString('base64') } } });
    const facts = await service(servers.basic, { dockerConfigDir: configDir }).resolve(image('node:20'));
    assert.equal(facts.digest, servers.seeded.node20.digest);
  });

  it('asks a credential helper (credHelpers) for the token service', async () => {
    const host = new URL(servers.token).host;
    const bin = mkdtempSync(join(tmpdir(), 'bulwark-helper-'));
    const helper = join(bin, 'docker-credential-bulwarktest');
    writeFileSync(helper, `#!/bin/sh\nread server\necho "{\\"ServerURL\\":\\"$server\\",\\"Username\\":\\"${servers.user.username}\\",\\"Secret\\":\\"${servers.user.password}\\"}"\n`);
    chmodSync(helper, 0o755);
    const configDir = dockerConfig({ credHelpers: { [host]: 'bulwarktest' } });
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
    const facts = await service(servers.token, { dockerConfigDir: configDir, env }).resolve(image('node:18'));
    assert.equal(facts.digest, servers.seeded.node18.digest);
  });

  it('exchanges an identity token (OAuth2 refresh token) at the token service for a private repository', async () => {
    const host = new URL(servers.token).host;
    const anonymous = await service(servers.token).resolve(image('private/app:1'));
    assert.match(anonymous.failure ?? '', /401/);
    const configDir = dockerConfig({ auths: { [host]: { identitytoken: IDENTITY_TOKEN } } });
    assert.match((await service(servers.token, { dockerConfigDir: configDir }).resolve(image('private/app:1'))).digest ?? '', /^sha256:/);
    const wrong = dockerConfig({ auths: { [host]: { identitytoken: 'not-it' } } });
    assert.match((await service(servers.token, { dockerConfigDir: wrong }).resolve(image('private/app:1'))).failure ?? '', /token service answered 401/);
  });

  it('does not send credentials in the clear to a token realm on another port of the same host', async () => {
    const seen: Array<string | undefined> = [];
    const realm = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.writeHead(401).end();
    });
    await new Promise<void>((listening) => realm.listen(0, '127.0.0.1', listening));
    const realmUrl = `http://127.0.0.1:${(realm.address() as AddressInfo).port}/token`;
    const registry = createServer((_request, response) => response.writeHead(401, { 'www-authenticate': `Bearer realm="${realmUrl}",service="r"` }).end());
    await new Promise<void>((listening) => registry.listen(0, '127.0.0.1', listening));
    const host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
    const configDir = dockerConfig({ auths: { [host]: { auth: Buffer.from('user:secret-password').toString('base64') } } });
    const facts = await service(`http://${host}`, { dockerConfigDir: configDir, insecureRegistries: [host] }).resolve(image('node:20'));
    registry.close();
    realm.close();
    assert.ok(facts.failure);
    assert.ok(seen.length > 0, 'the realm was asked');
    assert.deepEqual(seen.filter((authorization) => authorization !== undefined), []);
  });

  it('does not send Docker Hub credentials to a mirror that stands in for it', async () => {
    let authorization: string | undefined;
    const mirror = createServer((request, response) => {
      authorization ??= request.headers.authorization;
      response.writeHead(401, { 'www-authenticate': 'Basic realm="mirror"' }).end();
    });
    await new Promise<void>((listening) => mirror.listen(0, '127.0.0.1', listening));
    const configDir = dockerConfig({ auths: { 'https://index.docker.io/v1/': { auth: Buffer.from('hubuser:hubsecret').toString('base64') } } });
    const facts = await service(`http://127.0.0.1:${(mirror.address() as AddressInfo).port}`, { dockerConfigDir: configDir }).resolve(image('node:20'));
    mirror.close();
    assert.match(facts.failure ?? '', /401/);
    assert.equal(authorization, undefined);
  });

  it('follows a redirect to another origin without the credentials', async () => {
    const seen: Array<string | undefined> = [];
    const cdn = createServer(async (request, response) => {
      seen.push(request.headers.authorization);
      const upstream = await fetch(`${servers.open}${request.url}`);
      response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? '' }).end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((listening) => cdn.listen(0, '127.0.0.1', listening));
    const cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;
    // A registry that wants Basic credentials and sends blob downloads to its "CDN".
    const registry = createServer(async (request, response) => {
      if (!request.headers.authorization) return void response.writeHead(401, { 'www-authenticate': 'Basic realm="r"' }).end();
      if (request.url?.includes('/blobs/')) return void response.writeHead(307, { location: `${cdnUrl}${request.url}` }).end();
      const upstream = await fetch(`${servers.open}${request.url}`, { method: request.method, headers: { accept: String(request.headers.accept ?? '') } });
      response.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding'))).end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((listening) => registry.listen(0, '127.0.0.1', listening));
    const host = `127.0.0.1:${(registry.address() as AddressInfo).port}`;
    const configDir = dockerConfig({ auths: { [host]: { auth: Buffer.from('user:secret').toString('base64') } } });
    const loaded = loadTrustKeys([{ scope: 'docker.io/**', key: servers.seeded.keys.trusted.publicPem }], undefined);
    const facts = await service(`http://${host}`, { dockerConfigDir: configDir, trustKeys: loaded.keys }).resolve(image('node:20'));
    registry.close();
    cdn.close();
    assert.deepEqual(facts.signatures?.verified.map((s) => s.mechanism), ['cosign'], 'the signature payload came through the redirect');
    assert.ok(seen.length > 0);
    assert.deepEqual(seen.filter((authorization) => authorization !== undefined), [], 'no credentials went to the CDN');
  });

  it('retries on 429 after the Retry-After the registry asks for', async () => {
    let answered429 = 0;
    const proxy = createServer(async (request, response) => {
      if (answered429 < 2) {
        answered429++;
        response.writeHead(429, { 'retry-after': '0' }).end();
        return;
      }
      const upstream = await fetch(`${servers.open}${request.url}`, { method: request.method, headers: { accept: String(request.headers.accept ?? '') } });
      response.writeHead(upstream.status, Object.fromEntries(upstream.headers)).end(Buffer.from(await upstream.arrayBuffer()));
    });
    await new Promise<void>((listening) => proxy.listen(0, '127.0.0.1', listening));
    const facts = await service(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`).resolve(image('node:20'));
    proxy.close();
    assert.equal(answered429, 2);
    assert.equal(facts.digest, servers.seeded.node20.digest);
  });

  it('gives up on a registry that never answers, with a timeout', async () => {
    const sockets: Socket[] = [];
    const blackHole = createNetServer((socket) => sockets.push(socket));
    await new Promise<void>((listening) => blackHole.listen(0, '127.0.0.1', listening));
    const started = Date.now();
    const facts = await service(`http://127.0.0.1:${(blackHole.address() as AddressInfo).port}`, { timeoutMs: 300 }).resolve(image('node:20'));
    for (const socket of sockets) socket.destroy();
    blackHole.close();
    assert.match(facts.failure ?? '', /timeout/);
    assert.ok(Date.now() - started < 2000);
  });

  it('speaks HTTPS unless the registry is listed as insecure', async () => {
    const host = new URL(servers.open).host;
    const secure = await new ImageFactsService({ dockerConfigDir: emptyDir(), timeoutMs: 3000 }).resolve(image(`${host}/library/node:20`));
    assert.ok(secure.failure, 'a plain HTTP registry does not answer HTTPS');
    const insecure = await new ImageFactsService({ dockerConfigDir: emptyDir(), insecureRegistries: [host] }).resolve(image(`${host}/library/node:20`));
    assert.equal(insecure.digest, servers.seeded.node20.digest);
  });

  it('says the registry refused the connection when nothing listens', async () => {
    const facts = await service(`http://127.0.0.1:${await freePort()}`).resolve(image('node:20'));
    assert.match(facts.failure ?? '', /refused the connection/);
  });

  it('caches answers: a second lookup sends no request, and a bounded number of references are kept', async () => {
    const facts = service(servers.open, { maxEntries: 3 });
    await facts.resolve(image('node:20'));
    const sent = facts.requestCount;
    await facts.resolve(image('node:20'));
    assert.equal(facts.requestCount, sent);
    const provider = facts.provider();
    assert.equal(provider.lookup(image('node:20'))?.digest, servers.seeded.node20.digest);
    assert.equal(provider.lookup(image(`node:20@${servers.seeded.node20.digest}`))?.digest, servers.seeded.node20.digest, 'the pinned reference is known too');
    await facts.resolve(image('node:18'));
    await facts.resolve(image('alpine:3.19'));
    assert.equal(provider.lookup(image('node:20')), undefined, 'the least recently used entries were dropped');
    await facts.idle();
  });

  it('after the TTL, gives the expired answer while it asks again, and tells who asked', async () => {
    const facts = service(servers.open, { ttlMs: 30 });
    const first = await facts.resolve(image('node:20'));
    await new Promise((wait) => setTimeout(wait, 40));
    const asked: string[] = [];
    const resolved: string[] = [];
    facts.onResolved((name) => resolved.push(name));
    assert.equal(facts.provider((name) => asked.push(name)).lookup(image('node:20')), first);
    await facts.idle();
    assert.deepEqual([asked, resolved], [['docker.io/library/node:20'], ['docker.io/library/node:20']]);
    assert.notEqual(facts.provider().lookup(image('node:20')), first, 'a new answer');
  });

  describe('signatures', () => {
    const withKeys = (keys: Array<{ scope: string; key: string; name?: string }>) => {
      const loaded = loadTrustKeys(keys, undefined);
      assert.deepEqual(loaded.problems, []);
      return service(servers.open, { trustKeys: loaded.keys, registryMap: { 'docker.io': servers.open, 'notary.docker.io': servers.notary } });
    };

    it('does not look for signatures when told not to (image-unsigned off)', async () => {
      const facts = service(servers.open, { signatures: false });
      const node = await facts.resolve(image('node:20'));
      assert.equal(node.signatures, undefined);
      assert.equal(facts.requestCount, 2, 'a HEAD and a GET of the manifest');
    });

    it('verifies a cosign signature with the configured key, and not one made with another key', async () => {
      const facts = withKeys([{ scope: 'docker.io/library/**', key: servers.seeded.keys.trusted.publicPem, name: 'release key' }]);
      const node = await facts.resolve(image('node:20'));
      assert.deepEqual(node.signatures?.verified.map((s) => [s.mechanism, s.signer]), [['cosign', 'release key']]);
      const redis = await facts.resolve(image('redis:7'));
      assert.deepEqual(redis.signatures?.verified, []);
      assert.deepEqual(redis.signatures?.unverified.map((s) => s.mechanism), ['cosign']);
      const alpine = await facts.resolve(image('alpine:3.19'));
      assert.deepEqual(alpine.signatures, { verified: [], unverified: [], failure: undefined });
    });

    it('verifies a cosign bundle found through the referrers tag schema; a Notation signature without a configured root stays unverified', async () => {
      const facts = withKeys([{ scope: 'docker.io/library/**', key: servers.seeded.keys.trusted.publicPem, name: 'release key' }]);
      assert.deepEqual((await facts.resolve(image('python:3.12'))).signatures?.verified.map((s) => s.mechanism), ['cosign']);
      const node18 = await facts.resolve(image('node:18'));
      assert.deepEqual(node18.signatures?.verified, []);
      assert.deepEqual(node18.signatures?.unverified.map((s) => s.mechanism).sort(), ['docker-content-trust', 'notation'], 'Content Trust data under a root nobody configured counts for nothing');
    });

    it('verifies a Notation signature whose certificate chain leads to the configured root, and not under another root', async () => {
      const trusted = withKeys([{ scope: 'docker.io/library/busybox', key: servers.notationRootPem, name: 'test root' }]);
      assert.deepEqual((await trusted.resolve(image('busybox:1'))).signatures?.verified.map((s) => [s.mechanism, s.signer]), [['notation', 'test root']]);
      const untrusted = withKeys([{ scope: 'docker.io/library/busybox', key: servers.notaryRootPem }]);
      const signatures = (await untrusted.resolve(image('busybox:1'))).signatures;
      assert.deepEqual(signatures?.verified, []);
      assert.deepEqual(signatures?.unverified, [{ mechanism: 'notation', signer: 'from "CN=Bulwark Test Signer"', detail: 'its certificate is not under a configured root' }]);
    });

    it('reads the OCI referrers API where the registry has one, without the tag-schema fallback', async () => {
      // distribution 2.8 has no referrers API: this proxy serves one from the tag-schema index, as a newer registry would.
      const requested: string[] = [];
      const proxy = createServer(async (request, response) => {
        requested.push(`${request.method} ${request.url}`);
        const referrers = /^\/v2\/(.+)\/referrers\/(sha256:[0-9a-f]{64})$/.exec(request.url ?? '');
        const url = referrers ? `${servers.open}/v2/${referrers[1]}/manifests/${referrers[2].replace(':', '-')}` : `${servers.open}${request.url}`;
        const upstream = await fetch(url, { method: request.method, headers: { accept: referrers ? 'application/vnd.oci.image.index.v1+json' : String(request.headers.accept ?? '') } });
        const body = Buffer.from(await upstream.arrayBuffer());
        const found = upstream.ok || !referrers;
        response
          .writeHead(found ? upstream.status : 200, Object.fromEntries([...upstream.headers].filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding')))
          .end(found ? body : JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }));
      });
      await new Promise<void>((listening) => proxy.listen(0, '127.0.0.1', listening));
      const loaded = loadTrustKeys([{ scope: 'docker.io/**', key: servers.seeded.keys.trusted.publicPem, name: 'release key' }], undefined);
      const facts = service(`http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, { trustKeys: loaded.keys });
      const python = await facts.resolve(image('python:3.12'));
      proxy.close();
      assert.deepEqual(python.signatures?.verified.map((s) => s.mechanism), ['cosign']);
      const hex = servers.seeded.python.digest.slice('sha256:'.length);
      assert.ok(requested.includes(`GET /v2/library/python/referrers/sha256:${hex}`));
      assert.ok(!requested.some((line) => line.endsWith(`/manifests/sha256-${hex}`)), 'no tag-schema request');
    });

    it('says a keyless cosign signature is found, by whom, and not verified', async () => {
      const facts = withKeys([{ scope: 'docker.io/library/**', key: servers.seeded.keys.trusted.publicPem }]);
      const signatures = (await facts.resolve(image('nginx:1'))).signatures;
      assert.deepEqual(signatures?.verified, []);
      assert.deepEqual(signatures?.unverified, [{ mechanism: 'cosign', signer: 'from "ci@example.com"', detail: 'keyless (Fulcio/Rekor), which Bulwark does not verify yet' }]);
    });

    it('refuses Content Trust targets that are not the ones the snapshot names (a tampered or replayed file)', async () => {
      const tampering = createServer(async (request, response) => {
        const upstream = await fetch(`${servers.notary}${request.url}`);
        let body = await upstream.text();
        // Point tag 20 at another digest in targets.json, keeping its signatures.
        if (request.url?.endsWith('/_trust/tuf/targets.json')) body = body.replace(Buffer.from(servers.seeded.node20.digest.slice(7), 'hex').toString('base64'), Buffer.alloc(32).toString('base64'));
        response.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
      });
      await new Promise<void>((listening) => tampering.listen(0, '127.0.0.1', listening));
      const loaded = loadTrustKeys([{ scope: 'docker.io/library/node', key: servers.notaryRootPem, name: 'notary root' }], undefined);
      const facts = service(servers.open, { trustKeys: loaded.keys, registryMap: { 'docker.io': servers.open, 'notary.docker.io': `http://127.0.0.1:${(tampering.address() as AddressInfo).port}` } });
      const signatures = (await facts.resolve(image('node:20'))).signatures;
      tampering.close();
      assert.deepEqual(
        signatures?.unverified.filter((s) => s.mechanism === 'docker-content-trust'),
        [{ mechanism: 'docker-content-trust', detail: 'its targets do not match its snapshot or are not signed by the root' }],
      );
      assert.deepEqual(signatures?.verified, []);
    });

    it('verifies Docker Content Trust data under the configured root, and not under another one', async () => {
      const trusted = withKeys([{ scope: 'docker.io/library/node', key: servers.notaryRootPem, name: 'notary root' }]);
      const verified = (await trusted.resolve(image('node:20'))).signatures?.verified ?? [];
      assert.deepEqual(verified.map((s) => [s.mechanism, s.signer]), [['docker-content-trust', 'notary root']]);
      const releases = (await trusted.resolve(image('node:18'))).signatures?.verified ?? [];
      assert.deepEqual(releases.map((s) => [s.mechanism, s.signer]), [['docker-content-trust', 'notary root']], 'signed in the targets/releases delegation');
      const untrusted = withKeys([{ scope: 'docker.io/library/node', key: servers.seeded.keys.other.publicPem }]);
      const signatures = (await untrusted.resolve(image('node:20'))).signatures;
      assert.deepEqual(signatures?.verified, []);
      assert.deepEqual(signatures?.unverified.map((s) => s.mechanism).sort(), ['cosign', 'docker-content-trust']);
    });
  });
});

function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'bulwark-docker-config-'));
}

function dockerConfig(config: object): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return dir;
}
