import { constants, createHash, createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
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

/** Timestamp and snapshot: the hashes of the files they vouch for, by role. */
interface MetaFile {
  meta?: Record<string, { hashes?: { sha256?: string } }>;
}

interface TargetsMeta {
  targets?: Record<string, { hashes?: { sha256?: string } }>;
  delegations?: { keys: Record<string, TufKey>; roles: Array<Role & { name: string }> };
}

/**
 * Docker Content Trust for a tag, as a TUF client checks it: the timestamp (signed by the root's
 * timestamp key) names the snapshot by hash, the snapshot names the root, targets and
 * `targets/releases` by hash, and each is signed by the keys its parent lists; the tag is looked up
 * in `targets/releases` first (as `docker trust sign` signs), then `targets`. The root must match
 * a configured key: a root nobody configured vouches for nothing. Undefined when the tag has no
 * trust data.
 */
export async function contentTrustSignature(notary: RegistryClient, gun: string, tag: string, digest: string, keys: readonly TrustKey[]): Promise<CheckedSignature | undefined> {
  const repository = gun.split('/').slice(1).join('/');
  const fetchRole = async (role: string): Promise<Buffer | undefined> => {
    const response = await notary.request('GET', `/v2/${gun}/_trust/tuf/${role}.json`, `repository:${repository}:pull`);
    if (response.status === 404 || response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new LookupError(`the Notary server answered ${response.status} for the ${role} metadata`);
    }
    return Buffer.from(await response.arrayBuffer());
  };
  const problem = (detail: string): CheckedSignature => ({ mechanism: 'docker-content-trust', detail });
  const [rootBytes, timestampBytes] = await Promise.all([fetchRole('root'), fetchRole('timestamp')]);
  if (!rootBytes) return undefined;
  const root = parse<RootMeta>(rootBytes);
  const timestamp = timestampBytes && parse<MetaFile>(timestampBytes);
  if (!root || !signedBy(root, root.signed.keys, root.signed.roles.root)) return problem('its root metadata is not signed by its own root keys');
  if (!timestamp || !signedBy(timestamp, root.signed.keys, root.signed.roles.timestamp)) return problem('its timestamp is missing or not signed by the root');
  // Each file must be the one its parent names by hash: no mixing of old and new metadata.
  const described = async <T>(role: string, parent: Signed<MetaFile>): Promise<Signed<T> | undefined> => {
    const bytes = await fetchRole(role);
    const expected = parent.signed.meta?.[role]?.hashes?.sha256;
    return bytes && expected && createHash('sha256').update(bytes).digest('base64') === expected ? parse<T>(bytes) : undefined;
  };
  const snapshot = await described<MetaFile>('snapshot', timestamp);
  if (!snapshot || !signedBy(snapshot, root.signed.keys, root.signed.roles.snapshot)) return problem('its snapshot does not match its timestamp or is not signed by the root');
  if (createHash('sha256').update(rootBytes).digest('base64') !== snapshot.signed.meta?.root?.hashes?.sha256) return problem('its root is not the one its snapshot names');
  const targets = await described<TargetsMeta>('targets', snapshot);
  if (!targets || !signedBy(targets, root.signed.keys, root.signed.roles.targets)) return problem('its targets do not match its snapshot or are not signed by the root');
  if ([root, timestamp, snapshot, targets].some((meta) => meta.signed.expires !== undefined && Date.parse(meta.signed.expires) < Date.now())) return problem('its metadata has expired');

  let hash: string | undefined;
  const releasesRole = targets.signed.delegations?.roles.find((role) => role.name === 'targets/releases');
  if (releasesRole && snapshot.signed.meta?.['targets/releases']) {
    const releases = await described<TargetsMeta>('targets/releases', snapshot);
    if (releases && signedBy(releases, targets.signed.delegations?.keys ?? {}, releasesRole)) hash = releases.signed.targets?.[tag]?.hashes?.sha256;
  }
  hash ??= targets.signed.targets?.[tag]?.hashes?.sha256;
  if (hash === undefined) return undefined;
  if (`sha256:${Buffer.from(hash, 'base64').toString('hex')}` !== digest) return problem(`it signs another digest for the tag "${tag}"`);

  const rootKeys = root.signed.roles.root.keyids.map((id) => root.signed.keys[id]).filter((key): key is TufKey => key !== undefined);
  const anchor = keys.find((key) => rootKeys.some((rootKey) => publicKeyOf(rootKey)?.export({ type: 'spki', format: 'der' }).equals(key.spki)));
  return anchor ? { mechanism: 'docker-content-trust', verifiedBy: anchor.name } : { mechanism: 'docker-content-trust', signer: 'under a root key not in bulwark.trust.keys' };
}

function parse<T>(bytes: Buffer): Signed<T> | undefined {
  try {
    return JSON.parse(bytes.toString('utf8')) as Signed<T>;
  } catch {
    return undefined;
  }
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
