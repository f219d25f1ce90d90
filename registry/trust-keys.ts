import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';
import picomatch from 'picomatch';
import { readRegularFile } from '../disk/workspace';
import type { TrustKeySetting } from '../rules';

/** A configured key, read and ready to verify with. */
export interface TrustKey {
  name: string;
  /** Whether the key is for a repository (`registry/repository`). */
  covers(repository: string): boolean;
  publicKey: KeyObject;
  /** Set when the key was given as a certificate (Notation roots, Content Trust root certificates). */
  certificate?: X509Certificate;
  /** The DER SubjectPublicKeyInfo, to recognise the same key in another wrapping. */
  spki: Buffer;
}

/** A key file is a PEM key or certificate of a few KB: no more is read (`/dev/zero` never ends). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * Reads the configured keys: each a PEM public key or certificate, inline or in a file (relative
 * to `baseFolder`). A key that cannot be read is left out and described in `problems`.
 */
export function loadTrustKeys(settings: readonly TrustKeySetting[], baseFolder: string | undefined): { keys: TrustKey[]; problems: string[] } {
  const keys: TrustKey[] = [];
  const problems: string[] = [];
  for (const [index, setting] of settings.entries()) {
    const name = setting.name ?? (setting.key.includes('-----BEGIN') ? `key ${index + 1} of ${setting.scope}` : setting.key);
    try {
      const pem = setting.key.includes('-----BEGIN') ? setting.key : readRegularFile(isAbsolute(setting.key) || !baseFolder ? setting.key : resolve(baseFolder, setting.key), MAX_KEY_FILE_BYTES, undefined);
      const certificate = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem) : undefined;
      const publicKey = certificate ? certificate.publicKey : createPublicKey(pem);
      const matches = picomatch(setting.scope, { dot: true });
      keys.push({ name, covers: (repository) => matches(repository), publicKey, certificate, spki: publicKey.export({ type: 'spki', format: 'der' }) });
    } catch (error) {
      problems.push(`the trust key "${name}" cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { keys, problems };
}
