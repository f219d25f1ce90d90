import { createHash } from 'node:crypto';
import { Limiter } from './cache';
import type { Credentials } from './credentials';
import { LookupError, statusFailure } from './errors';

export const MEDIA_TYPES = {
  OCI_INDEX: 'application/vnd.oci.image.index.v1+json',
  OCI_MANIFEST: 'application/vnd.oci.image.manifest.v1+json',
  DOCKER_LIST: 'application/vnd.docker.distribution.manifest.list.v2+json',
  DOCKER_MANIFEST: 'application/vnd.docker.distribution.manifest.v2+json',
} as const;

/**
 * Every manifest type Bulwark understands. All four, always: a registry that is not offered the
 * index types answers 404 for an index, or silently sends one platform's manifest (another digest).
 */
export const ACCEPT_MANIFESTS = [MEDIA_TYPES.OCI_INDEX, MEDIA_TYPES.DOCKER_LIST, MEDIA_TYPES.OCI_MANIFEST, MEDIA_TYPES.DOCKER_MANIFEST].join(', ');

export interface ClientOptions {
  /** The registry's name as references write it (`docker.io`, `ghcr.io`, `localhost:5000`). */
  registry: string;
  /** Where requests go: `https://registry-1.docker.io`, a mirror, or `http://` for an insecure registry. */
  endpoint: string;
  /** Asked only when the registry challenges for credentials. */
  credentials?: () => Promise<Credentials | undefined>;
  timeoutMs: number;
  /** Requests in flight at once to this registry. */
  maxInFlight?: number;
  /** Retries of a request the registry answered 429 (or 502/503/504). */
  retries?: number;
  /** The first back-off in ms; doubled at each retry unless the registry says `Retry-After`. */
  backoffMs?: number;
  userAgent?: string;
}

export interface Manifest {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: ManifestJson;
}

export interface Descriptor {
  mediaType?: string;
  digest: string;
  size?: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { os?: string; architecture?: string; variant?: string };
}

export interface ManifestJson {
  mediaType?: string;
  artifactType?: string;
  manifests?: Descriptor[];
  layers?: Descriptor[];
  config?: Descriptor;
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

const RETRIED_STATUSES = new Set([429, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 10_000;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * A client of one registry (the OCI Distribution API): token and Basic authentication on demand,
 * timeouts, retries with back-off, a bound on requests in flight, and digests checked on receipt.
 */
export class RegistryClient {
  private readonly limiter: Limiter;
  private readonly tokens = new Map<string, { token: string; expires: number }>();
  private basicAuthorization?: string;
  private credentialsAsked?: Promise<Credentials | undefined>;
  /** Requests sent, for tests and logs. */
  requests = 0;

  constructor(private readonly options: ClientOptions) {
    this.limiter = new Limiter(options.maxInFlight ?? 4);
  }

  get registry(): string {
    return this.options.registry;
  }

  /** A request to `/v2/...` (or an absolute URL), authenticated when the registry asks for it. */
  async request(method: string, path: string, scope: string, headers: Record<string, string> = {}): Promise<Response> {
    const url = path.startsWith('http') ? path : `${this.options.endpoint}${path}`;
    const cached = this.tokens.get(scope);
    let authorization = cached && cached.expires > Date.now() ? `Bearer ${cached.token}` : this.basicAuthorization;
    let response = await this.send(method, url, { ...headers, ...(authorization ? { authorization } : {}) });
    if (response.status !== 401) return response;
    const challenge = parseChallenge(response.headers.get('www-authenticate'));
    await response.body?.cancel();
    authorization = challenge ? await this.authorize(challenge, scope) : undefined;
    if (!authorization) return response;
    response = await this.send(method, url, { ...headers, authorization });
    return response;
  }

  /** The manifest a tag or digest names, its bytes checked against the digest. Undefined on 404. */
  async manifest(repository: string, reference: string, accept = ACCEPT_MANIFESTS): Promise<Manifest | undefined> {
    const path = `/v2/${repository}/manifests/${reference}`;
    const response = await this.request('GET', path, pullScope(repository), { accept });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw statusFailure(response.status, `${this.options.registry}/${repository}:${reference}`, this.options.registry);
    }
    const bytes = await readLimited(response, MAX_MANIFEST_BYTES);
    const digest = sha256Digest(bytes);
    const claimed = response.headers.get('docker-content-digest');
    if ((claimed && claimed !== digest) || (reference.includes(':') && reference !== digest)) {
      throw new LookupError(`the registry sent a manifest whose digest is ${digest}, not ${claimed ?? reference}: refused`);
    }
    let json: ManifestJson;
    try {
      json = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    } catch {
      throw new LookupError(`the manifest of ${repository}:${reference} is not JSON`);
    }
    return { digest, mediaType: response.headers.get('content-type')?.split(';')[0] ?? json.mediaType ?? '', bytes, json };
  }

  /** The digest and media type of a tag, from a HEAD (cheap: no body, not counted by Docker Hub's pull limit). */
  async head(repository: string, reference: string): Promise<{ digest?: string; mediaType?: string } | undefined> {
    const response = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, pullScope(repository), { accept: ACCEPT_MANIFESTS });
    await response.body?.cancel();
    if (response.status === 404) return undefined;
    if (!response.ok) throw statusFailure(response.status, `${this.options.registry}/${repository}:${reference}`, this.options.registry);
    return { digest: response.headers.get('docker-content-digest') ?? undefined, mediaType: response.headers.get('content-type')?.split(';')[0] };
  }

  /** A blob's bytes, checked against its digest. */
  async blob(repository: string, digest: string, maxBytes = MAX_MANIFEST_BYTES): Promise<Buffer> {
    const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, pullScope(repository));
    if (!response.ok) {
      await response.body?.cancel();
      throw statusFailure(response.status, `blob ${digest}`, this.options.registry);
    }
    const bytes = await readLimited(response, maxBytes);
    if (sha256Digest(bytes) !== digest) throw new LookupError(`the blob ${digest} does not hash to its digest: refused`);
    return bytes;
  }

  private async send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<Response> {
    const { retries = 3, backoffMs = 200, timeoutMs, userAgent = 'bulwark' } = this.options;
    for (let attempt = 0; ; attempt++) {
      const response = await this.limiter.run(() => this.fetchFollowing(method, url, { 'user-agent': userAgent, ...headers }, body, timeoutMs));
      if (!RETRIED_STATUSES.has(response.status) || attempt >= retries) return response;
      await response.body?.cancel();
      const retryAfter = Number(response.headers.get('retry-after'));
      const wait = Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, MAX_RETRY_AFTER_MS) : backoffMs * 2 ** attempt;
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Follows redirects (registries send blobs to a CDN) itself, so the Authorization header never
   * goes to another origin than the one it was meant for.
   */
  private async fetchFollowing(method: string, url: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<Response> {
    const signal = AbortSignal.timeout(timeoutMs);
    let target = new URL(url);
    let sent = headers;
    for (let hop = 0; ; hop++) {
      this.requests++;
      const response = await fetch(target, { method, headers: sent, body, signal, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location || hop >= MAX_REDIRECTS) return response;
      await response.body?.cancel();
      const next = new URL(location, target);
      if (next.origin !== target.origin) {
        const { authorization: _dropped, ...rest } = sent;
        sent = rest;
      }
      target = next;
    }
  }

  /** The Authorization for a challenge: a token from the realm (with the user's credentials when allowed), or Basic. */
  private async authorize(challenge: Challenge, scope: string): Promise<string | undefined> {
    if (challenge.scheme === 'basic') {
      const credentials = await this.userCredentials(this.options.endpoint);
      if (!credentials) return undefined;
      this.basicAuthorization = basic(credentials);
      return this.basicAuthorization;
    }
    if (challenge.scheme !== 'bearer' || !challenge.params.realm) return undefined;
    const realm = new URL(challenge.params.realm);
    if (challenge.params.service) realm.searchParams.set('service', challenge.params.service);
    for (const part of (challenge.params.scope ?? scope).split(' ')) realm.searchParams.append('scope', part);
    const credentials = await this.userCredentials(realm.href);
    const response = credentials?.identityToken ? await this.exchangeIdentityToken(realm, credentials.identityToken) : await this.send('GET', realm.href, credentials ? { authorization: basic(credentials) } : {});
    if (!response.ok) {
      await response.body?.cancel();
      throw new LookupError(`the registry's token service answered ${response.status}${credentials ? ' to the credentials of the Docker configuration' : ''}`, response.status);
    }
    const answer = (await response.json()) as { token?: string; access_token?: string; expires_in?: number };
    const token = answer.token ?? answer.access_token;
    if (!token) throw new LookupError("the registry's token service sent no token");
    // Tokens last 60 s unless told otherwise; renew them a little early.
    const lifetimeMs = Math.max(30, Number(answer.expires_in) || 60) * 1000;
    this.tokens.set(scope, { token, expires: Date.now() + lifetimeMs - 10_000 });
    return `Bearer ${token}`;
  }

  /** The OAuth2 refresh-token grant, as Docker does for an `identitytoken`: POST to the realm. */
  private exchangeIdentityToken(realm: URL, identityToken: string): Promise<Response> {
    const form = new URLSearchParams({ grant_type: 'refresh_token', client_id: 'bulwark', refresh_token: identityToken, service: realm.searchParams.get('service') ?? '' });
    for (const scope of realm.searchParams.getAll('scope')) form.append('scope', scope);
    return this.send('POST', `${realm.origin}${realm.pathname}`, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
  }

  /**
   * The user's credentials for this registry, when they may go to `target`: over HTTPS (a token
   * realm on another host, as Docker Hub's, as Docker itself sends them), or in the clear only to
   * the exact origin (scheme, host and port) of the registry's own endpoint (an insecure registry
   * the user listed): never to another port or scheme of the same host.
   */
  private async userCredentials(target: string): Promise<Credentials | undefined> {
    if (!this.options.credentials) return undefined;
    const targetUrl = new URL(target);
    if (targetUrl.protocol !== 'https:' && targetUrl.origin !== new URL(this.options.endpoint).origin) return undefined;
    this.credentialsAsked ??= this.options.credentials();
    return this.credentialsAsked;
  }
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

function basic({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** Parses `Bearer realm="...",service="...",scope="repository:a:pull,push"` (quoted values may hold commas). */
export function parseChallenge(header: string | null): Challenge | undefined {
  const match = header ? /^\s*(\w+)\s*(.*)$/s.exec(header) : null;
  if (!match) return undefined;
  const params: Record<string, string> = {};
  for (const param of match[2].matchAll(/(?<![\w-])([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) {
    params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, '$1') : param[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
  const length = Number(response.headers.get('content-length'));
  if (length > maxBytes) {
    await response.body?.cancel();
    throw new LookupError(`the registry sent ${length} bytes where at most ${maxBytes} were expected`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (bytes.length > maxBytes) throw new LookupError(`the registry sent more than ${maxBytes} bytes`);
  return bytes;
}
