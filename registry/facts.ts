import type { CanonicalImage, ImageFacts, ImageFactsProvider } from '../rules';
import { trimEndOf } from '../rules/text';
import { TtlCache } from './cache';
import { MEDIA_TYPES, RegistryClient, type Manifest } from './client';
import { dockerConfigDir, dockerCredentials } from './credentials';
import { describeFailure, LookupError } from './errors';
import { findSignatures } from './signatures';
import type { TrustKey } from './trust-keys';

export interface RegistryOptions {
  /** Registry hosts (with port) reached over plain HTTP. */
  insecureRegistries?: readonly string[];
  /** Registry host → endpoint URL its requests go to instead. */
  registryMap?: Readonly<Record<string, string>>;
  /** The keys that verify signatures. */
  trustKeys?: readonly TrustKey[];
  /** Look for signatures (off when `image-unsigned` is off: fewer requests). Default true. */
  signatures?: boolean;
  /** Per request. */
  timeoutMs?: number;
  /** How long an answer is kept: a tag can move, so not forever. */
  ttlMs?: number;
  /** How long a failure is kept before the registry is asked again. */
  failureTtlMs?: number;
  maxEntries?: number;
  /** Requests in flight at once per registry. */
  maxInFlight?: number;
  /** Where the Docker configuration (credentials) is read; default `$DOCKER_CONFIG` or `~/.docker`. */
  dockerConfigDir?: string;
  env?: NodeJS.ProcessEnv;
}

const DEFAULTS = { timeoutMs: 5000, ttlMs: 10 * 60_000, failureTtlMs: 30_000, maxEntries: 1000, maxInFlight: 4 };

/** Docker Hub's API host and Notary server: `docker.io` is only a name. */
const DOCKER_HUB_ENDPOINT = 'https://registry-1.docker.io';
const DOCKER_HUB_NOTARY = 'notary.docker.io';

/**
 * What registries say about image references, shared by every document: a bounded cache with a
 * TTL filled in the background. `lookup` never waits; when an answer arrives, the listeners hear
 * which reference it was for, so the documents that asked can be linted again.
 */
export class ImageFactsService {
  private readonly cache: TtlCache<ImageFacts>;
  private readonly inFlight = new Map<string, Promise<ImageFacts>>();
  private readonly clients = new Map<string, RegistryClient>();
  private readonly listeners = new Set<(name: string) => void>();
  private readonly options: typeof DEFAULTS & RegistryOptions;

  constructor(options: RegistryOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
    this.cache = new TtlCache(this.options.maxEntries);
  }

  /**
   * A provider for one lint. An expired answer is still given while the registry is asked again
   * (findings do not flicker); `asked` hears every reference whose answer is missing or expired.
   */
  provider(asked?: (name: string) => void): ImageFactsProvider {
    return {
      lookup: (image) => {
        const known = this.cache.get(image.name);
        if (known) return known;
        asked?.(image.name);
        void this.resolve(image);
        return this.cache.getStale(image.name);
      },
    };
  }

  /** Calls `listener` with a reference's name each time facts about it arrive. */
  onResolved(listener: (name: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The facts about a reference: from the cache, or asked now (one request at a time per reference). */
  resolve(image: CanonicalImage, refresh = false): Promise<ImageFacts> {
    const known = refresh ? undefined : this.cache.get(image.name);
    if (known) return Promise.resolve(known);
    let pending = this.inFlight.get(image.name);
    if (!pending) {
      pending = this.ask(image).then((facts) => {
        this.inFlight.delete(image.name);
        this.cache.set(image.name, facts, facts.failure ? this.options.failureTtlMs : this.options.ttlMs);
        // The same image pinned to what it resolved to (after the pin fix) is known at once.
        if (facts.digest && !image.digest) this.cache.set(`${image.name}@${facts.digest}`, facts, this.options.ttlMs);
        for (const listener of this.listeners) listener(image.name);
        return facts;
      });
      this.inFlight.set(image.name, pending);
    }
    return pending;
  }

  /** Settles when no lookup is under way. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight.values());
  }

  /** Requests sent so far, over all registries. */
  get requestCount(): number {
    return [...this.clients.values()].reduce((sum, client) => sum + client.requests, 0);
  }

  private async ask(image: CanonicalImage): Promise<ImageFacts> {
    const resolvedAt = new Date().toISOString();
    const client = this.client(image.registry);
    const reference = image.digest ?? (image.tag as string);
    let resolved: { digest: string; mediaType: string; platforms: string[] };
    try {
      // HEAD first: Docker Hub does not count it against the pull limit. The body is fetched (and
      // its digest checked) only for what a HEAD cannot tell: the platforms of an index.
      const head = await client.head(image.repository, reference);
      if (!head) throw new LookupError(`not found (404): the registry has no ${image.digest ? 'manifest' : 'tag'} ${image.name}`, 404);
      if (head.digest && head.mediaType && !INDEX_TYPES.has(head.mediaType)) resolved = { digest: head.digest, mediaType: head.mediaType, platforms: [] };
      else {
        const manifest = await client.manifest(image.repository, head.digest ?? reference);
        if (!manifest) throw new LookupError(`not found (404): ${image.name}`, 404);
        resolved = { digest: manifest.digest, mediaType: manifest.mediaType, platforms: platformsOf(manifest) };
      }
    } catch (error) {
      return { resolvedAt, failure: describeFailure(error, this.options.timeoutMs) };
    }
    if (this.options.signatures === false) return { resolvedAt, ...resolved };
    const signatures = await findSignatures({
      client,
      repository: image.repository,
      qualified: `${image.registry}/${image.repository}`,
      digest: resolved.digest,
      tag: image.tag,
      keys: this.options.trustKeys ?? [],
      notary: this.client(image.registry === 'docker.io' ? DOCKER_HUB_NOTARY : image.registry),
      timeoutMs: this.options.timeoutMs,
    });
    return { resolvedAt, ...resolved, signatures };
  }

  private client(registry: string): RegistryClient {
    let client = this.clients.get(registry);
    if (!client) {
      const endpoint = this.endpoint(registry);
      // Credentials belong to the host actually contacted: a mirror never gets Docker Hub's.
      const credentialHost = this.options.registryMap?.[registry] ? new URL(endpoint).host : registry;
      const configDir = this.options.dockerConfigDir ?? dockerConfigDir(this.options.env);
      client = new RegistryClient({
        registry,
        endpoint,
        credentials: () => dockerCredentials(credentialHost, configDir, this.options.env),
        timeoutMs: this.options.timeoutMs,
        maxInFlight: this.options.maxInFlight,
      });
      this.clients.set(registry, client);
    }
    return client;
  }

  /** HTTPS unless the user listed the registry as insecure; a mapped registry goes where the map says. */
  private endpoint(registry: string): string {
    const mapped = this.options.registryMap?.[registry];
    if (mapped) return trimEndOf(mapped, '/');
    if (registry === 'docker.io') return DOCKER_HUB_ENDPOINT;
    return `${this.options.insecureRegistries?.includes(registry) ? 'http' : 'https'}://${registry}`;
  }
}

const INDEX_TYPES: ReadonlySet<string> = new Set([MEDIA_TYPES.OCI_INDEX, MEDIA_TYPES.DOCKER_LIST]);

/** `linux/arm64/v8` for each image of an index (attestation entries left out). */
function platformsOf(manifest: Manifest): string[] {
  if (!INDEX_TYPES.has(manifest.mediaType)) return [];
  return (manifest.json.manifests ?? [])
    .map((entry) => entry.platform)
    .filter((platform): platform is NonNullable<typeof platform> => !!platform?.os && platform.os !== 'unknown')
    .map((platform) => [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/'));
}
