import { trimEndOf } from '../text';
/** An image reference split as Docker splits it: `[registry[:port]/]repository[:tag][@digest]`. */
export interface ImageReference {
  /** The text as written after variable expansion. */
  text: string;
  /** The registry host when one is named (`ghcr.io`, `localhost:5000`), else undefined (Docker Hub). */
  registry?: string;
  repository: string;
  tag?: string;
  /** A valid digest: `sha256:` and 64 hex digits, `sha512:` and 128, ... */
  digest?: string;
  /** What follows `@` when it is not a digest (`@v1`, `@sha256`): no pin; Docker refuses the reference. */
  invalidDigest?: string;
}

/** The digests Docker accepts (go-digest): an algorithm it knows and lower-case hex of that algorithm's length. */
const DIGEST = /^(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}|blake3:[0-9a-f]{64})$/;

export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** Splits a reference; returns undefined for text that is not a reference (empty, spaces, stray characters). */
export function parseImageReference(text: string): ImageReference | undefined {
  if (!/^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  let invalidDigest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (digest.includes('@') || digest.includes('/')) return undefined;
    if (!isDigest(digest)) [digest, invalidDigest] = [undefined, digest];
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (isRegistryHost(first)) {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  // Docker limits the name (registry and repository) to 255 characters.
  if (rest === '' || text.length > 255 + (at >= 0 ? text.length - at : 0) + (tag ? tag.length + 1 : 0) || !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(rest)) {
    return undefined;
  }
  return invalidDigest === undefined ? { text, registry, repository: rest, tag, digest } : { text, registry, repository: rest, tag, invalidDigest };
}

/**
 * The name of a reference whose tag or digest holds a variable (`docker:${VERSION}-dind` → `docker`,
 * `ghcr.io/o/x@$DIGEST` → `ghcr.io/o/x`); the text itself when it holds none; undefined when the
 * name holds one (`$REGISTRY/app:1`), or is no image name.
 */
export function knownImageName(text: string): string | undefined {
  const variable = text.search(/[$`]/);
  if (variable < 0) return text;
  const head = text.slice(0, variable);
  const colon = head.indexOf(':', head.lastIndexOf('/') + 1);
  const cut = colon >= 0 ? colon : head.indexOf('@');
  const name = cut > 0 ? head.slice(0, cut) : undefined;
  return name !== undefined && parseImageReference(name) ? name : undefined;
}

/** Docker reads the first part of a reference as a registry host when it has a dot, a port or upper case, or is `localhost`. */
function isRegistryHost(part: string): boolean {
  return part.includes('.') || part.includes(':') || part === 'localhost' || part !== part.toLowerCase();
}

/** Docker Hub's names: references say `docker.io`, older ones `index.docker.io`. Host names are case-insensitive. */
function canonicalHost(host: string): string {
  const lower = host.toLowerCase();
  return lower === 'index.docker.io' ? 'docker.io' : lower;
}

/** The fully qualified repository, as Docker expands it: `node` is `docker.io/library/node`. */
export function qualifiedName(image: ImageReference): string {
  const registry = canonicalRegistry(image);
  return `${registry}/${canonicalRepository(image, registry)}`;
}

/** `docker.io` for Docker Hub (also when written `index.docker.io`), else the host, with its port. */
function canonicalRegistry(image: Pick<ImageReference, 'registry'>): string {
  return image.registry === undefined ? DOCKER_HUB : canonicalHost(image.registry);
}

/** The repository, with `library/` for Docker Hub's official images. */
function canonicalRepository(image: Pick<ImageReference, 'repository'>, registry: string): string {
  return registry === DOCKER_HUB && !image.repository.includes('/') ? `library/${image.repository}` : image.repository;
}

/** A reference normalised as Docker does before it pulls: registry, repository and tag all explicit. */
export interface CanonicalImage {
  /** `docker.io` for Docker Hub (also when written `index.docker.io`), else the host, with its port. */
  registry: string;
  /** With `library/` for Docker Hub's official images. */
  repository: string;
  /** `latest` when neither a tag nor a digest is written. */
  tag?: string;
  digest?: string;
  /** `registry/repository[:tag][@digest]`: the key of everything known about the reference. */
  name: string;
}

export const DOCKER_HUB = 'docker.io';

export function canonicalImage(image: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>): CanonicalImage {
  const registry = canonicalRegistry(image);
  const repository = canonicalRepository(image, registry);
  const tag = image.tag ?? (image.digest === undefined ? 'latest' : undefined);
  const name = `${registry}/${repository}${tag === undefined ? '' : `:${tag}`}${image.digest === undefined ? '' : `@${image.digest}`}`;
  return { registry, repository, tag, digest: image.digest, name };
}

/**
 * What a trusted-registry entry (a host, or a host/path prefix) trusts, as prefixes of qualified
 * names, normalised as Docker normalises references: a first part that is not a host is a Docker
 * Hub path (`myorg` is `docker.io/myorg`), `index.docker.io` is `docker.io`, and a single Docker Hub
 * name (`docker.io/node`) is both the namespace and the official image (`docker.io/library/node`).
 */
export function trustedPrefixes(entry: string): string[] {
  const text = trimEndOf(entry.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''), '/');
  if (text === '') return [];
  const slash = text.indexOf('/');
  const first = slash < 0 ? text : text.slice(0, slash);
  const [host, path] = isRegistryHost(first) ? [canonicalHost(first), slash < 0 ? '' : text.slice(slash + 1)] : ['docker.io', text];
  if (path === '') return [host];
  if (host === 'docker.io' && !path.includes('/') && path !== 'library') return [`${host}/${path}`, `${host}/library/${path}`];
  return [`${host}/${path}`];
}

/** Whether an image comes from one of the trusted registries (host or path prefix, on `/` boundaries). */
export function isFromTrustedRegistry(image: ImageReference, entries: readonly string[]): boolean {
  const name = qualifiedName(image);
  return entries.some((entry) => trustedPrefixes(entry).some((prefix) => name === prefix || name.startsWith(`${prefix}/`)));
}

/**
 * Tags that name no release but a channel the publisher keeps moving: `latest` and its kin
 * (`stable`, `edge`, `nightly`, ...). An image pulled by one changes under the same name.
 */
const FLOATING_TAGS = new Set(['latest', 'stable', 'edge', 'nightly', 'dev', 'beta', 'canary', 'lts', 'rolling', 'current']);

/** Whether a tag is a moving channel rather than a release (see FLOATING_TAGS). */
export function isFloatingTag(tag: string | undefined): boolean {
  return tag !== undefined && FLOATING_TAGS.has(tag.toLowerCase());
}
