import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Seeder, seedImages, type Seeded } from './seed';

/**
 * Real registries for the online tests, on 127.0.0.1 and free ports, started once per test run and
 * stopped at its end: Debian's docker-registry (distribution 2.8) open, with htpasswd and with
 * token authentication (the token service runs in this process), and a Notary server holding
 * Content Trust data. `scripts/registry-servers.sh` provides the binaries; when it cannot, the
 * tests fail, unless BULWARK_SKIP_REGISTRY_TESTS=1 is set.
 */
export interface RegistryServers {
  open: string;
  basic: string;
  token: string;
  notary: string;
  seeded: Seeded;
  /** The PEM certificate of the Notary root key of docker.io/library/node. */
  notaryRootPem: string;
  /** The root certificate (PEM) of the Notation signer of busybox:1. */
  notationRootPem: string;
  /** htpasswd and token-service user. */
  user: { username: string; password: string };
}

const REPO_ROOT = resolve(__dirname, '..', '..', '..');
const USER = { username: 'testuser', password: 'testpass' };
/** bcrypt of testpass at the lowest cost, which docker-registry requires (htpasswd -B). */
const HTPASSWD = 'testuser:$2b$04$ZSizI81OoiGJ0YlTSdlTFO/NnGKRvnIUWTber0Q6b5o0heHKlpqaK\n';
/** The OAuth2 refresh token the token service accepts for testuser (a Docker `identitytoken`). */
export const IDENTITY_TOKEN = 'test-identity-token';
const NOTARY_PASSPHRASES = { NOTARY_ROOT_PASSPHRASE: 'root-pass', NOTARY_TARGETS_PASSPHRASE: 'targets-pass', NOTARY_SNAPSHOT_PASSPHRASE: 'snapshot-pass', NOTARY_DELEGATION_PASSPHRASE: 'delegation-pass' };

let started: Promise<RegistryServers> | undefined;
const children: ChildProcess[] = [];
const servers: Server[] = [];
let workDir: string | undefined;

export const SKIP_REGISTRY_TESTS = process.env.BULWARK_SKIP_REGISTRY_TESTS === '1';

/** The servers, started on first use. */
export function registryServers(): Promise<RegistryServers> {
  started ??= start();
  return started;
}

// A root hook: the servers live as long as the test run.
after(() => stopServers());

export function stopServers(): void {
  for (const child of children.splice(0)) child.kill();
  for (const server of servers.splice(0)) server.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  workDir = undefined;
}

async function start(): Promise<RegistryServers> {
  const binaries = installBinaries();
  workDir = mkdtempSync(join(tmpdir(), 'bulwark-registry-'));
  const work = workDir;
  const [openPort, basicPort, tokenPort, tokenServicePort, notaryPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);

  const tokenKey = createPrivateKey(spawnChecked('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout']).stdout);
  writeFileSync(join(work, 'token.key'), tokenKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(join(work, 'token.crt'), spawnChecked('openssl', ['req', '-new', '-x509', '-key', join(work, 'token.key'), '-days', '2', '-subj', '/CN=local-token-issuer']).stdout);
  writeFileSync(join(work, 'htpasswd'), HTPASSWD);
  const config = (port: number, auth = '') =>
    `version: 0.1\nlog: {level: warn, accesslog: {disabled: true}}\nstorage:\n  filesystem: {rootdirectory: ${join(work, 'data')}}\n  delete: {enabled: true}\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`;
  writeFileSync(join(work, 'open.yml'), config(openPort));
  writeFileSync(join(work, 'basic.yml'), config(basicPort, `auth:\n  htpasswd: {realm: basic-realm, path: ${join(work, 'htpasswd')}}\n`));
  writeFileSync(
    join(work, 'token.yml'),
    config(tokenPort, `auth:\n  token: {realm: 'http://127.0.0.1:${tokenServicePort}/token', service: local-registry, issuer: local-token-issuer, rootcertbundle: ${join(work, 'token.crt')}}\n`),
  );
  writeFileSync(join(work, 'notary.json'), JSON.stringify({ server: { http_addr: `127.0.0.1:${notaryPort}` }, trust_service: { type: 'local' }, storage: { backend: 'memory' }, logging: { level: 'warning' } }));

  for (const name of ['open', 'basic', 'token']) launch(binaries['docker-registry'], ['serve', join(work, `${name}.yml`)], join(work, `${name}.log`));
  launch(binaries['notary-server'], ['-config', join(work, 'notary.json')], join(work, 'notary.log'));
  servers.push(await tokenService(tokenServicePort, tokenKey, tokenPort));

  const open = `http://127.0.0.1:${openPort}`;
  const notary = `http://127.0.0.1:${notaryPort}`;
  await Promise.all([`${open}/v2/`, `http://127.0.0.1:${basicPort}/v2/`, `http://127.0.0.1:${tokenPort}/v2/`, `${notary}/_notary_server/health`].map(waitFor));
  const notation = notationCertificates(work);
  spawnChecked('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(work, 'fulcio.key'), '-out', join(work, 'fulcio.crt'), '-days', '2', '-subj', '/O=sigstore.dev', '-addext', 'subjectAltName=email:ci@example.com']);
  const keyless = { key: createPrivateKey(readFileSync(join(work, 'fulcio.key'))), certificatePem: readFileSync(join(work, 'fulcio.crt'), 'utf8') };
  const seeded = await seedImages(open, 'docker.io', notation, keyless);
  await new Seeder(open).image('private/app', '1', { text: 'private' });

  // Content Trust for docker.io/library/node:20, published the way `docker trust sign` does it.
  const gun = 'docker.io/library/node';
  const notaryCli = (...args: string[]) => spawnChecked(binaries.notary, ['-s', notary, '-d', join(work, 'trust'), ...args], { ...process.env, ...NOTARY_PASSPHRASES });
  notaryCli('init', gun);
  notaryCli('addhash', gun, '20', String(seeded.node20.size), '--sha256', seeded.node20.digest.slice('sha256:'.length));
  notaryCli('publish', gun);
  // node:18 signed the way `docker trust sign` does: by a signer's key in the targets/releases delegation.
  spawnChecked('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(work, 'releases.key'), '-out', join(work, 'releases.crt'), '-days', '2', '-subj', '/CN=releases']);
  notaryCli('key', 'import', join(work, 'releases.key'), '--role', 'ci-signer');
  notaryCli('delegation', 'add', gun, 'targets/releases', join(work, 'releases.crt'), '--all-paths');
  notaryCli('publish', gun);
  notaryCli('addhash', gun, '18', String(seeded.node18.size), '--sha256', seeded.node18.digest.slice('sha256:'.length), '--roles', 'targets/releases');
  notaryCli('publish', gun);
  const root = (await (await fetch(`${notary}/v2/${gun}/_trust/tuf/root.json`)).json()) as { signed: { keys: Record<string, { keyval: { public: string } }>; roles: { root: { keyids: string[] } } } };
  const notaryRootPem = Buffer.from(root.signed.keys[root.signed.roles.root.keyids[0]].keyval.public, 'base64').toString('utf8');

  return { open, basic: `http://127.0.0.1:${basicPort}`, token: `http://127.0.0.1:${tokenServicePort}`, notary, seeded, notaryRootPem, notationRootPem: notation.rootPem, user: USER };
}

/** A root CA and a signing certificate under it, made with openssl, as a Notation signer has. */
function notationCertificates(work: string): { key: KeyObject; chainDer: Buffer[]; rootPem: string } {
  const file = (name: string) => join(work, name);
  spawnChecked('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('root.key'), '-out', file('root.crt'), '-days', '2', '-subj', '/CN=Bulwark Test Root', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
  spawnChecked('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', file('signer.key'), '-out', file('signer.csr'), '-subj', '/CN=Bulwark Test Signer']);
  spawnChecked('openssl', ['x509', '-req', '-in', file('signer.csr'), '-CA', file('root.crt'), '-CAkey', file('root.key'), '-CAcreateserial', '-out', file('signer.crt'), '-days', '2']);
  const der = (name: string) => new X509Certificate(readFileSync(file(name))).raw;
  return { key: createPrivateKey(readFileSync(file('signer.key'))), chainDer: [der('signer.crt'), der('root.crt')], rootPem: readFileSync(file('root.crt'), 'utf8') };
}

function installBinaries(): Record<'docker-registry' | 'notary-server' | 'notary', string> {
  const result = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'registry-servers.sh')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the registry servers for the online tests could not be installed (set BULWARK_SKIP_REGISTRY_TESTS=1 to skip these tests): ${result.stderr}`);
  return Object.fromEntries(result.stdout.trim().split('\n').map((line) => line.split('=') as [string, string])) as Record<'docker-registry' | 'notary-server' | 'notary', string>;
}

function spawnChecked(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): { stdout: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`${command} ${args[0]} failed: ${result.stderr || result.error?.message}`);
  return { stdout: result.stdout };
}

function launch(binary: string, args: string[], logFile: string): void {
  const log = openSync(logFile, 'w');
  const child = spawn(binary, args, { stdio: ['ignore', log, log] });
  children.push(child);
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
    server.on('error', reject);
  });
}

async function waitFor(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await response.body?.cancel();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`${url} did not answer: ${String(error)}`);
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }
}

/**
 * Docker's token service (distribution's token auth): ES256 JWTs whose `kid` is the libtrust key id
 * of the certificate's key. Anonymous callers may pull; testuser may also push. It answers at
 * `/token`, and passes every other request to the registry on `registryPort`: the realm has the
 * registry's origin, the only one Bulwark sends credentials to over plain HTTP.
 */
function tokenService(port: number, key: KeyObject, registryPort: number): Promise<Server> {
  const kid = libtrustKeyId(key);
  const server = createServer((request, response) => {
    if (!(request.url ?? '').startsWith('/token')) {
      const upstream = httpRequest({ host: '127.0.0.1', port: registryPort, path: request.url, method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      });
      upstream.on('error', () => response.writeHead(502).end());
      request.pipe(upstream);
      return;
    }
    if (request.method === 'POST') {
      // The OAuth2 refresh-token grant: the form carries the identity token, the service and the scopes.
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('grant_type') !== 'refresh_token' || form.get('refresh_token') !== IDENTITY_TOKEN) response.writeHead(401).end();
        else answer(response, USER.username, form.getAll('scope'), form.get('service') ?? '');
      });
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    let user = '';
    const authorization = request.headers.authorization ?? '';
    if (authorization.startsWith('Basic ')) {
      const [username, password] = Buffer.from(authorization.slice(6), 'base64').toString().split(':');
      if (username !== USER.username || password !== USER.password) {
        response.writeHead(401).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      user = username;
    }
    answer(response, user, url.searchParams.getAll('scope'), url.searchParams.get('service') ?? '');
  });
  const answer = (response: ServerResponse, user: string, scopes: string[], service: string) => {
    const access = scopes.flatMap((scope) => {
      const match = /^repository:(.+):([a-z*,]+)$/.exec(scope);
      // Anonymous callers may pull, except from private/ repositories.
      const anonymous = (action: string) => action === 'pull' && !match?.[1].startsWith('private/');
      return match ? [{ type: 'repository', name: match[1], actions: match[2].split(',').filter((action) => user !== '' || anonymous(action)) }] : [];
    });
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'local-token-issuer', sub: user, aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access };
    const input = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', kid }))}.${b64url(JSON.stringify(claims))}`;
    const token = `${input}.${sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ token, access_token: token, expires_in: 300 }));
  };
  return new Promise((resolveServer) => server.listen(port, '127.0.0.1', () => resolveServer(server)));
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');

/** base32(sha256(DER SubjectPublicKeyInfo)[:30]) in groups of four joined by ':'. */
function libtrustKeyId(key: KeyObject): string {
  const hash = createHash('sha256').update(createPublicKey(key).export({ type: 'spki', format: 'der' })).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of hash) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return (out.match(/.{1,4}/g) as string[]).join(':');
}

