import { constants, createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { RegistryClient } from './client';
import { LookupError } from './errors';
import type { CheckedSignature } from './signatures';
import type { TrustKey } from './trust-keys';

/** TUF metadata as Notary v1 serves it: a signed part and its signatures. */
interface Signed<T> {
  signed: T & { expires?: string };
  signatures: Array<{ keyid: string; method: string; sig: string }>;
}

interface TufKey {
  keytype: string;
  keyval: { public: string };
}

interface Role {
  keyids: string[];
  threshold: number;
}

interface RootMeta {
  keys: Record<string, TufKey>;
  roles: Record<string, Role>;
}

interface TargetsMeta {
  targets?: Record<string, { hashes?: { sha256?: string } }>;
  delegations?: { keys: Record<string, TufKey>; roles: Array<Role & { name: string }> };
}

/**
 * Docker Content Trust for a tag: the Notary v1 targets (`targets/releases` first, as `docker trust`
 * signs, then `targets`), each role checked against the keys of its parent, and the root against
 * the configured keys: a root nobody configured vouches for nothing. Undefined when the tag has no
 * trust data.
 */
export async function contentTrustSignature(notary: RegistryClient, gun: string, tag: string, digest: string, keys: readonly TrustKey[]): Promise<CheckedSignature | undefined> {
  const repository = gun.split('/').slice(1).join('/');
  const metadata = async <T>(role: string): Promise<Signed<T> | undefined> => {
    const response = await notary.request('GET', `/v2/${gun}/_trust/tuf/${role}.json`, `repository:${repository}:pull`);
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new LookupError(`the Notary server answered ${response.status} for the ${role} metadata`);
    }
    return (await response.json()) as Signed<T>;
  };
  const root = await metadata<RootMeta>('root');
  if (!root) return undefined;
  const problem = (detail: string): CheckedSignature => ({ mechanism: 'docker-content-trust', detail });
  if (!signedBy(root, root.signed.keys, root.signed.roles.root)) return problem('its root metadata is not signed by its own root keys');
  const targets = await metadata<TargetsMeta>('targets');
  if (!targets || !signedBy(targets, root.signed.keys, root.signed.roles.targets)) return problem('its targets metadata is not signed by the root');

  let hash = undefined as string | undefined;
  const releasesRole = targets.signed.delegations?.roles.find((role) => role.name === 'targets/releases');
  if (releasesRole) {
    const releases = await metadata<TargetsMeta>('targets/releases');
    if (releases && signedBy(releases, targets.signed.delegations?.keys ?? {}, releasesRole)) hash = releases.signed.targets?.[tag]?.hashes?.sha256;
  }
  hash ??= targets.signed.targets?.[tag]?.hashes?.sha256;
  if (hash === undefined) return undefined;
  if (`sha256:${Buffer.from(hash, 'base64').toString('hex')}` !== digest) return problem(`it signs another digest for the tag "${tag}"`);

  const expired = [root, targets].some((meta) => meta.signed.expires !== undefined && Date.parse(meta.signed.expires) < Date.now());
  if (expired) return problem('its metadata has expired');
  const rootKeys = root.signed.roles.root.keyids.map((id) => root.signed.keys[id]).filter((key): key is TufKey => key !== undefined);
  const anchor = keys.find((key) => rootKeys.some((rootKey) => publicKeyOf(rootKey)?.export({ type: 'spki', format: 'der' }).equals(key.spki)));
  return anchor ? { mechanism: 'docker-content-trust', verifiedBy: anchor.name } : { mechanism: 'docker-content-trust', signer: 'under a root key not in bulwark.trust.keys' };
}

/** Canonical JSON as Notary signs it: keys sorted, no spaces. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function signedBy(meta: Signed<unknown>, keys: Record<string, TufKey>, role: Role | undefined): boolean {
  if (!role) return false;
  const data = Buffer.from(canonical(meta.signed));
  const good = new Set<string>();
  for (const signature of meta.signatures ?? []) {
    const key = role.keyids.includes(signature.keyid) ? keys[signature.keyid] : undefined;
    const publicKey = key && publicKeyOf(key);
    if (publicKey && verifiesTuf(publicKey, signature.method, data, Buffer.from(signature.sig, 'base64'))) good.add(signature.keyid);
  }
  return good.size >= Math.max(1, role.threshold);
}

function publicKeyOf(key: TufKey): KeyObject | undefined {
  try {
    const raw = Buffer.from(key.keyval.public, 'base64');
    if (key.keytype.endsWith('-x509')) return new X509Certificate(raw.toString('utf8')).publicKey;
    if (key.keytype === 'ed25519') return createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]), format: 'der', type: 'spki' });
    return createPublicKey({ key: raw, format: 'der', type: 'spki' });
  } catch {
    return undefined;
  }
}

function verifiesTuf(key: KeyObject, method: string, data: Buffer, signature: Buffer): boolean {
  try {
    if (method === 'eddsa') return verify(null, data, key, signature);
    // Notary's ECDSA signatures are raw r||s, not DER.
    if (method === 'ecdsa') return verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, signature);
    if (method === 'rsapss') return verify('sha256', data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, signature);
    return verify('sha256', data, key, signature);
  } catch {
    return false;
  }
}
