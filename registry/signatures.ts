import { constants, verify, X509Certificate, type KeyObject } from 'node:crypto';
import type { FoundSignature, SignatureFacts } from '../rules';
import { MEDIA_TYPES, type Descriptor, type RegistryClient } from './client';
import { contentTrustSignature } from './content-trust';
import { describeFailure } from './errors';
import type { TrustKey } from './trust-keys';

const COSIGN_SIMPLESIGNING = 'application/vnd.dev.cosign.simplesigning.v1+json';
const COSIGN_SIGNATURE_ANNOTATION = 'dev.cosignproject.cosign/signature';
const COSIGN_CERTIFICATE_ANNOTATION = 'dev.sigstore.cosign/certificate';
const KEYLESS = 'keyless (Fulcio/Rekor), which Bulwark does not verify yet';
const COSIGN_OCI11_SIGNATURE = 'application/vnd.dev.cosign.artifact.sig.v1+json';
const SIGSTORE_BUNDLE = 'application/vnd.dev.sigstore.bundle.v0.3+json';
const COSIGN_SIGN_PREDICATE = 'https://sigstore.dev/cosign/sign/v1';
const NOTATION_SIGNATURE = 'application/vnd.cncf.notary.signature';
const MAX_SIGNATURES = 8;

/** Where to look for an image's signatures, and with which keys to verify them. */
export interface SignatureQuery {
  client: RegistryClient;
  /** The repository inside its registry (`library/node`). */
  repository: string;
  /** `registry/repository`, which key scopes and Content Trust names use (`docker.io/library/node`). */
  qualified: string;
  digest: string;
  /** The tag the digest was resolved from, for Content Trust (which signs tags). */
  tag?: string;
  keys: readonly TrustKey[];
  /** The Notary server of the registry, asked only when a configured key covers the repository. */
  notary?: RegistryClient;
  timeoutMs: number;
}

/** Looks for cosign, Notation and Content Trust signatures of a digest, and verifies each with the keys for its repository. */
export async function findSignatures(query: SignatureQuery): Promise<SignatureFacts> {
  const keys = query.keys.filter((key) => key.covers(query.qualified));
  const found: CheckedSignature[] = [];
  const failures: string[] = [];
  const collect = async (search: () => Promise<CheckedSignature[]>) => {
    try {
      found.push(...(await search()));
    } catch (error) {
      failures.push(describeFailure(error, query.timeoutMs));
    }
  };
  await Promise.all([
    collect(() => cosignTagSignatures(query, keys)),
    collect(() => referrerSignatures(query, keys)),
    contentTrust(query, keys).then((signature) => signature && found.push(signature)),
  ]);
  return {
    verified: found.filter((signature) => signature.verifiedBy !== undefined).map(({ verifiedBy, ...signature }) => ({ ...signature, signer: verifiedBy })),
    unverified: found.filter((signature) => signature.verifiedBy === undefined).map(({ verifiedBy: _, ...signature }) => signature),
    failure: failures[0],
  };
}

/**
 * Content Trust, asked only when a configured key covers the repository (without one, its data
 * could vouch for nothing). Most registries run no Notary server: not reaching one is no failure.
 */
async function contentTrust(query: SignatureQuery, keys: readonly TrustKey[]): Promise<CheckedSignature | undefined> {
  if (keys.length === 0 || !query.notary || !query.tag) return undefined;
  try {
    return await contentTrustSignature(query.notary, query.qualified, query.tag, query.digest, keys);
  } catch {
    return undefined;
  }
}

/** A signature as found, with the name of the key that verified it, if one did. */
export type CheckedSignature = FoundSignature & { verifiedBy?: string };

/** cosign's classic layout: the tag `sha256-<hex>.sig`, one simple-signing payload per layer, the signature in an annotation. */
async function cosignTagSignatures({ client, repository, digest }: SignatureQuery, keys: readonly TrustKey[]): Promise<CheckedSignature[]> {
  const tag = `${digest.replace(':', '-')}.sig`;
  // A HEAD first: most images have no signature, and a HEAD is not counted as a pull.
  const manifest = (await client.head(repository, tag)) && (await client.manifest(repository, tag));
  if (!manifest) return [];
  const layers = (manifest.json.layers ?? []).filter((layer) => layer.mediaType === COSIGN_SIMPLESIGNING).slice(0, MAX_SIGNATURES);
  const results: CheckedSignature[] = [];
  for (const layer of layers) {
    const signature = layer.annotations?.[COSIGN_SIGNATURE_ANNOTATION];
    const payload = await client.blob(repository, layer.digest);
    const checked = checkSimpleSigning(payload, signature, digest, keys);
    // A Fulcio certificate instead of a key: keyless signing, which needs the Sigstore trust root to verify.
    results.push(!checked.verifiedBy && layer.annotations?.[COSIGN_CERTIFICATE_ANNOTATION] ? { mechanism: 'cosign', signer: keylessSigner(layer.annotations[COSIGN_CERTIFICATE_ANNOTATION]), detail: KEYLESS } : checked);
  }
  return results;
}

function checkSimpleSigning(payload: Buffer, signature: string | undefined, digest: string, keys: readonly TrustKey[]): CheckedSignature {
  let claims: { critical?: { image?: Record<string, string>; type?: string } };
  try {
    claims = JSON.parse(payload.toString('utf8'));
  } catch {
    return { mechanism: 'cosign', detail: 'its payload is not JSON' };
  }
  if (claims.critical?.image?.['docker-manifest-digest'] !== digest) return { mechanism: 'cosign', detail: 'it signs another digest' };
  const key = signature ? keys.find((candidate) => verifies(candidate.publicKey, payload, Buffer.from(signature, 'base64'))) : undefined;
  return key ? { mechanism: 'cosign', verifiedBy: key.name } : { mechanism: 'cosign', signer: 'by a key not in bulwark.trust.keys' };
}

/** OCI 1.1 referrers (the API, or its fallback: an index under the tag `sha256-<hex>`): cosign bundles and Notation signatures. */
async function referrerSignatures(query: SignatureQuery, keys: readonly TrustKey[]): Promise<CheckedSignature[]> {
  const referrers = await listReferrers(query);
  const results: CheckedSignature[] = [];
  for (const descriptor of referrers.slice(0, MAX_SIGNATURES)) {
    if (descriptor.artifactType === NOTATION_SIGNATURE) results.push(await notationSignature(query, descriptor, keys));
    else if (descriptor.artifactType === COSIGN_OCI11_SIGNATURE) results.push({ mechanism: 'cosign', detail: "cosign's experimental OCI 1.1 format, which Bulwark does not verify" });
    else if (descriptor.artifactType === SIGSTORE_BUNDLE) {
      // Attestations (SBOMs, provenance) use the same type: only the sign predicate is a signature.
      const predicate = descriptor.annotations?.['dev.sigstore.bundle.predicateType'];
      if (!predicate || predicate === COSIGN_SIGN_PREDICATE) results.push(await cosignBundleSignature(query, descriptor, keys));
    }
  }
  return results;
}

async function listReferrers({ client, repository, digest }: SignatureQuery): Promise<Descriptor[]> {
  const response = await client.request('GET', `/v2/${repository}/referrers/${digest}`, `repository:${repository}:pull`, { accept: MEDIA_TYPES.OCI_INDEX });
  if (response.ok && (response.headers.get('content-type') ?? '').includes(MEDIA_TYPES.OCI_INDEX)) {
    return ((await response.json()) as { manifests?: Descriptor[] }).manifests ?? [];
  }
  await response.body?.cancel();
  // No referrers API (404, or 400/405/406 from some registries): the tag schema holds the same index.
  const tag = digest.replace(':', '-');
  const index = (await client.head(repository, tag)) && (await client.manifest(repository, tag, MEDIA_TYPES.OCI_INDEX));
  return index ? (index.json.manifests ?? []) : [];
}

/** A sigstore bundle (cosign 3): a DSSE envelope over an in-toto statement naming the digest, signed with a key. */
async function cosignBundleSignature({ client, repository, digest }: SignatureQuery, descriptor: Descriptor, keys: readonly TrustKey[]): Promise<CheckedSignature> {
  const manifest = await client.manifest(repository, descriptor.digest);
  const layer = manifest?.json.layers?.[0];
  if (!layer) return { mechanism: 'cosign', detail: 'an empty bundle' };
  let bundle: {
    dsseEnvelope?: { payload?: string; payloadType?: string; signatures?: Array<{ sig?: string }> };
    verificationMaterial?: { certificate?: { rawBytes?: string }; x509CertificateChain?: { certificates?: Array<{ rawBytes?: string }> } };
  };
  try {
    bundle = JSON.parse((await client.blob(repository, layer.digest)).toString('utf8'));
  } catch {
    return { mechanism: 'cosign', detail: 'a bundle that is not JSON' };
  }
  const material = bundle.verificationMaterial;
  const certificate = material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates?.[0]?.rawBytes;
  if (certificate) return { mechanism: 'cosign', signer: keylessSigner(certificate), detail: KEYLESS };
  const envelope = bundle.dsseEnvelope;
  if (!envelope?.payload || !envelope.payloadType) return { mechanism: 'cosign', detail: 'a bundle without a DSSE envelope, which Bulwark does not verify yet' };
  const payload = Buffer.from(envelope.payload, 'base64');
  let statement: { subject?: Array<{ digest?: Record<string, string> }> };
  try {
    statement = JSON.parse(payload.toString('utf8'));
  } catch {
    return { mechanism: 'cosign', detail: 'a bundle whose statement is not JSON' };
  }
  const [algorithm, hex] = digest.split(':');
  if (!statement.subject?.some((subject) => subject.digest?.[algorithm] === hex)) return { mechanism: 'cosign', detail: 'a bundle that signs another digest' };
  const type = Buffer.from(envelope.payloadType);
  const preAuthenticated = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} `), type, Buffer.from(` ${payload.length} `), payload]);
  const key = keys.find((candidate) => envelope.signatures?.some((signature) => signature.sig && verifies(candidate.publicKey, preAuthenticated, Buffer.from(signature.sig, 'base64'))));
  return key ? { mechanism: 'cosign', verifiedBy: key.name } : { mechanism: 'cosign', signer: 'by a key not in bulwark.trust.keys' };
}

/** A Notation JWS signature: its certificate chain must lead to a configured certificate, and the payload name the digest. */
async function notationSignature({ client, repository, digest }: SignatureQuery, descriptor: Descriptor, keys: readonly TrustKey[]): Promise<CheckedSignature> {
  const manifest = await client.manifest(repository, descriptor.digest);
  const layer = manifest?.json.layers?.find((candidate) => candidate.mediaType === 'application/jose+json');
  if (!layer) return { mechanism: 'notation', detail: 'a signature envelope Bulwark does not read (COSE)' };
  let envelope: { payload?: string; protected?: string; signature?: string; header?: { x5c?: string[] } };
  try {
    envelope = JSON.parse((await client.blob(repository, layer.digest)).toString('utf8'));
  } catch {
    return { mechanism: 'notation', detail: 'an envelope that is not JSON' };
  }
  let chain: X509Certificate[];
  let header: { alg?: string };
  let payload: { targetArtifact?: { digest?: string } };
  try {
    chain = (envelope.header?.x5c ?? []).map((der) => new X509Certificate(Buffer.from(der, 'base64')));
    header = JSON.parse(Buffer.from(envelope.protected ?? '', 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(envelope.payload ?? '', 'base64url').toString('utf8'));
  } catch {
    return { mechanism: 'notation', detail: 'an envelope Bulwark cannot read' };
  }
  const subject = chain[0]?.subject.replace(/\n/g, ', ');
  if (payload.targetArtifact?.digest !== digest) return { mechanism: 'notation', signer: subject && `from ${subject}`, detail: 'it signs another digest' };
  const signed = chain.length > 0 && verifiesJws(chain[0].publicKey, header.alg, `${envelope.protected}.${envelope.payload}`, envelope.signature ?? '');
  const now = Date.now();
  if (chain.some((certificate) => Date.parse(certificate.validFrom) > now || Date.parse(certificate.validTo) < now)) {
    return { mechanism: 'notation', signer: subject ? `from "${subject}"` : undefined, detail: 'a certificate of its chain is expired or not yet valid' };
  }
  const chained = chain.every((certificate, index) => index === chain.length - 1 || certificate.verify(chain[index + 1].publicKey));
  const anchor = signed && chained ? keys.find((key) => chain.some((certificate) => sameKey(certificate, key) || (key.certificate !== undefined && certificate.verify(key.publicKey)))) : undefined;
  if (anchor) return { mechanism: 'notation', verifiedBy: anchor.name };
  return { mechanism: 'notation', signer: subject ? `from "${subject}"` : undefined, detail: signed && chained ? 'its certificate is not under a configured root' : 'its signature does not verify' };
}

/** Who a Fulcio certificate names (its e-mail or URI SAN), from PEM or base64 DER; empty when unreadable. */
function keylessSigner(certificate: string): string | undefined {
  try {
    const parsed = new X509Certificate(certificate.includes('-----BEGIN') ? certificate : Buffer.from(certificate, 'base64'));
    const identity = parsed.subjectAltName?.split(', ')[0]?.replace(/^(?:email|URI):/, '');
    return identity ? `from "${identity}"` : undefined;
  } catch {
    return undefined;
  }
}

function sameKey(certificate: X509Certificate, key: TrustKey): boolean {
  return certificate.publicKey.export({ type: 'spki', format: 'der' }).equals(key.spki);
}

/** Verifies a signature made over SHA-256 with ECDSA (DER), RSA or Ed25519. */
export function verifies(key: KeyObject, data: Buffer, signature: Buffer): boolean {
  try {
    return verify(key.asymmetricKeyType === 'ed25519' ? null : 'sha256', data, key, signature);
  } catch {
    return false;
  }
}

const JWS_HASHES: Record<string, string> = { '256': 'sha256', '384': 'sha384', '512': 'sha512' };

function verifiesJws(key: KeyObject, algorithm: string | undefined, input: string, signature: string): boolean {
  const match = /^(PS|RS|ES)(256|384|512)$/.exec(algorithm ?? '');
  if (!match) return false;
  const hash = JWS_HASHES[match[2]];
  const options = match[1] === 'PS' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(match[2]) / 8 } : match[1] === 'ES' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  try {
    return verify(hash, Buffer.from(input), options, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
