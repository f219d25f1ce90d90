import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { gzipSync } from 'node:zlib';

/** Test content pushed over the plain Distribution API (no Docker engine): images, indexes, signatures. */

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';

export interface Pushed {
  digest: string;
  mediaType: string;
  size: number;
}

export interface KeyPair {
  privateKey: KeyObject;
  /** SPKI PEM, the shape of a `cosign.pub`. */
  publicPem: string;
}

export interface Seeded {
  /** Signed with Notation by a certificate under `notationRoot`. */
  busybox: Pushed;
  /** Signed keyless: a cosign signature with a Fulcio-style certificate naming ci@example.com. */
  nginx: Pushed;
  node20: Pushed;
  node18: Pushed;
  python: Pushed;
  alpine: Pushed;
  redis: Pushed;
  keys: { trusted: KeyPair; other: KeyPair };
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** A tar with one file, enough for a layer. */
function tarOneFile(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const header = Buffer.alloc(512);
  const put = (text: string, offset: number) => header.write(text, offset, 'ascii');
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
  put('00000000000\0', 136);
  put('        ', 148);
  put('0', 156);
  put('ustar\0', 257);
  put('00', 263);
  const checksum = header.reduce((sum, byte) => sum + byte, 0);
  put(`${checksum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([header, data, Buffer.alloc((512 - (data.length % 512)) % 512), Buffer.alloc(1024)]);
}

export class Seeder {
  constructor(private readonly endpoint: string) {}

  async blob(repository: string, bytes: Buffer): Promise<Pushed> {
    const digest = sha256(bytes);
    const start = await fetch(`${this.endpoint}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
    await start.body?.cancel();
    if (start.status !== 202) throw new Error(`upload of ${repository} answered ${start.status}`);
    const location = new URL(start.headers.get('location') as string, this.endpoint);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, { method: 'PUT', body: bytes, headers: { 'content-type': 'application/octet-stream' } });
    if (put.status !== 201) throw new Error(`blob PUT ${repository}: ${put.status} ${await put.text()}`);
    return { digest, mediaType: 'application/octet-stream', size: bytes.length };
  }

  async manifest(repository: string, reference: string, value: object, mediaType: string): Promise<Pushed> {
    const bytes = json(value);
    const response = await fetch(`${this.endpoint}/v2/${repository}/manifests/${reference}`, { method: 'PUT', body: bytes, headers: { 'content-type': mediaType } });
    if (response.status !== 201) throw new Error(`manifest PUT ${repository}:${reference}: ${response.status} ${await response.text()}`);
    return { digest: sha256(bytes), mediaType, size: bytes.length };
  }

  async image(repository: string, tag: string, { architecture = 'amd64', docker = false, text = 'hi' } = {}): Promise<Pushed> {
    const tar = tarOneFile('hello.txt', `${text} ${architecture}\n`);
    const layer = await this.blob(repository, gzipSync(tar));
    const config = await this.blob(repository, json({ architecture, os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(tar)] } }));
    const mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
    return this.manifest(
      repository,
      tag,
      {
        schemaVersion: 2,
        mediaType,
        config: { mediaType: docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
        layers: [{ mediaType: docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer.digest, size: layer.size }],
      },
      mediaType,
    );
  }

  async multiPlatform(repository: string, tag: string, docker: boolean, text: string): Promise<Pushed> {
    const amd64 = await this.image(repository, `${tag}-amd64`, { architecture: 'amd64', docker, text });
    const arm64 = await this.image(repository, `${tag}-arm64`, { architecture: 'arm64', docker, text });
    const mediaType = docker ? DOCKER_LIST : OCI_INDEX;
    return this.manifest(
      repository,
      tag,
      {
        schemaVersion: 2,
        mediaType,
        manifests: [
          { mediaType: amd64.mediaType, digest: amd64.digest, size: amd64.size, platform: { architecture: 'amd64', os: 'linux' } },
          { mediaType: arm64.mediaType, digest: arm64.digest, size: arm64.size, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
        ],
      },
      mediaType,
    );
  }

  /** cosign's classic signature: tag `sha256-<hex>.sig`, a simple-signing payload, the ECDSA signature in an annotation. */
  async cosignSign(repository: string, subject: Pushed, key: KeyObject, identity: string, certificatePem?: string): Promise<void> {
    const payload = json({ critical: { identity: { 'docker-reference': identity }, image: { 'docker-manifest-digest': subject.digest }, type: 'cosign container image signature' }, optional: null });
    const signature = sign('sha256', payload, key).toString('base64');
    const layer = await this.blob(repository, payload);
    const config = await this.blob(repository, json({ architecture: '', os: '', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} }));
    await this.manifest(
      repository,
      `${subject.digest.replace(':', '-')}.sig`,
      {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config.digest, size: config.size },
        layers: [
          {
            mediaType: 'application/vnd.dev.cosign.simplesigning.v1+json',
            digest: layer.digest,
            size: layer.size,
            // Keyless signing puts the signer's Fulcio certificate beside the signature.
            annotations: { 'dev.cosignproject.cosign/signature': signature, ...(certificatePem ? { 'dev.sigstore.cosign/certificate': certificatePem } : {}) },
          },
        ],
      },
      OCI_MANIFEST,
    );
  }

  /** An OCI 1.1 artifact about `subject`, listed in the referrers tag schema (the registry has no referrers API). */
  async referrer(repository: string, subject: Pushed, artifactType: string, layerMediaType: string, content: Buffer, annotations: Record<string, string>): Promise<void> {
    const empty = await this.blob(repository, Buffer.from('{}'));
    const layer = await this.blob(repository, content);
    const manifest = {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: empty.digest, size: empty.size },
      layers: [{ mediaType: layerMediaType, digest: layer.digest, size: layer.size }],
      subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
      annotations,
    };
    const pushed = await this.manifest(repository, sha256(json(manifest)), manifest, OCI_MANIFEST);
    await this.manifest(repository, subject.digest.replace(':', '-'), { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: pushed.digest, size: pushed.size, artifactType, annotations }] }, OCI_INDEX);
  }

  /** A cosign 3 bundle: a DSSE envelope over an in-toto statement naming the subject, signed with `key`. */
  async cosignBundle(repository: string, subject: Pushed, key: KeyObject): Promise<void> {
    const predicateType = 'https://sigstore.dev/cosign/sign/v1';
    const statement = json({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name: repository, digest: { sha256: subject.digest.slice(7) } }], predicateType, predicate: {} });
    const payloadType = 'application/vnd.in-toto+json';
    const preAuthenticated = Buffer.concat([Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${statement.length} `), statement]);
    const bundleType = 'application/vnd.dev.sigstore.bundle.v0.3+json';
    const bundle = { mediaType: bundleType, verificationMaterial: { publicKey: { hint: 'test' } }, dsseEnvelope: { payload: statement.toString('base64'), payloadType, signatures: [{ sig: sign('sha256', preAuthenticated, key).toString('base64') }] } };
    await this.referrer(repository, subject, bundleType, bundleType, json(bundle), { 'dev.sigstore.bundle.content': 'dsse-envelope', 'dev.sigstore.bundle.predicateType': predicateType });
  }
}

/** A Notation signature: a JWS (ES256) over the target's descriptor, with the signer's certificate chain in `x5c`. */
export function notationEnvelope(subject: Pushed, key: KeyObject, chainDer: Buffer[]): Buffer {
  const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const protectedHeader = b64url({ alg: 'ES256', cty: 'application/vnd.cncf.notary.payload.v1+json', 'io.cncf.notary.signingScheme': 'notary.x509', 'io.cncf.notary.signingTime': '2026-01-01T00:00:00Z', crit: ['io.cncf.notary.signingScheme'] });
  const payload = b64url({ targetArtifact: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size } });
  const signature = sign('sha256', Buffer.from(`${protectedHeader}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  return json({ payload, protected: protectedHeader, header: { x5c: chainDer.map((der) => der.toString('base64')), 'io.cncf.notary.signingAgent': 'bulwark-tests' }, signature });
}

/** The images the online tests use, on a registry that stands for Docker Hub. */
export async function seedImages(endpoint: string, identityHost: string, notation: { key: KeyObject; chainDer: Buffer[] }, keyless: { key: KeyObject; certificatePem: string }): Promise<Seeded> {
  const seeder = new Seeder(endpoint);
  const keys = { trusted: newKeyPair(), other: newKeyPair() };
  const node20 = await seeder.multiPlatform('library/node', '20', false, 'node20');
  const node18 = await seeder.multiPlatform('library/node', '18', true, 'node18');
  const python = await seeder.image('library/python', '3.12', { docker: true, text: 'python' });
  const alpine = await seeder.image('library/alpine', '3.19', { text: 'alpine' });
  await seeder.image('library/alpine', 'latest', { text: 'alpine' });
  const redis = await seeder.image('library/redis', '7', { text: 'redis' });
  await seeder.cosignSign('library/node', node20, keys.trusted.privateKey, `${identityHost}/library/node`);
  await seeder.cosignSign('library/redis', redis, keys.other.privateKey, `${identityHost}/library/redis`);
  await seeder.cosignBundle('library/python', python, keys.trusted.privateKey);
  await seeder.referrer('library/node', node18, 'application/vnd.cncf.notary.signature', 'application/jose+json', json({ payload: 'e30', protected: 'e30', signature: 'AAAA', header: {} }), {});
  const busybox = await seeder.image('library/busybox', '1', { text: 'busybox' });
  await seeder.referrer('library/busybox', busybox, 'application/vnd.cncf.notary.signature', 'application/jose+json', notationEnvelope(busybox, notation.key, notation.chainDer), {});
  const nginx = await seeder.image('library/nginx', '1', { text: 'nginx' });
  await seeder.cosignSign('library/nginx', nginx, keyless.key, `${identityHost}/library/nginx`, keyless.certificatePem);
  return { busybox, nginx, node20, node18, python, alpine, redis, keys };
}
