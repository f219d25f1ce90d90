import { lastLineOf } from '../text';

/**
 * Secret-like FILE names, as the rule catalog lists them for `secret-file-copied` (and the rules that
 * look for such files in a build context or a layer): private keys, key stores, `.env` files,
 * package-manager and cloud credentials.
 */

/** What kind of secret a file name says it holds; the first matching entry wins. */
const SECRET_FILES: Array<{ kind: string; name: Pick<RegExp, 'test'>; mayBePublic?: boolean }> = [
  { kind: 'an SSH private key', name: /^id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?(?:[._-].*)?$/, mayBePublic: true },
  { kind: 'a PuTTY private key', name: /\.ppk$/ },
  { kind: 'a PEM private key', name: /\.pem$/, mayBePublic: true },
  { kind: 'a private key', name: /\.key$/, mayBePublic: true },
  { kind: 'a key store', name: /\.(?:p12|pfx|jks|keystore)$/ },
  { kind: 'an environment file', name: /^\.env(?:$|[.*_-])|^\.envrc$/ },
  // Variants kept per environment (`.npmrc-ci`, `.npmrc.prod`) hold the same tokens; examples do not.
  { kind: 'an npm configuration with registry credentials', name: /^\.npmrc(?:[._-](?!(?:example|sample|template|dist)$)[\w.-]+)?$/ },
  { kind: 'a PyPI configuration with credentials', name: /^\.pypirc$/ },
  { kind: 'a .netrc with login credentials', name: /^_?\.?netrc$/ },
  { kind: 'stored Git credentials', name: /^\.git-credentials$/ },
  { kind: 'an htpasswd file', name: /^\.?htpasswd$/ },
  { kind: 'a credentials file', name: /^credentials.*\.json$/ },
  { kind: 'an OAuth client secret', name: /^client_secrets?.*\.json$/ },
  { kind: 'a service account key', name: { test: isServiceAccountKeyName } },
  { kind: 'a kubeconfig', name: /^(?:kubeconfig(?:[._-].*)?|.*\.kubeconfig)$/ },
];

/**
 * What `/service[-_]?account.*\.json$/` matches, in linear time: that regex rescans the rest of the
 * name from every `serviceaccount` it meets.
 */
function isServiceAccountKeyName(name: string): boolean {
  const line = lastLineOf(name);
  return line.endsWith('.json') && /service[-_]?account/.test(line.slice(0, -'.json'.length));
}

/** Folders whose content is credentials; `.docker` and `.kube` only for the file that holds them. */
// Maps, not objects: a path part named `constructor` or `__proto__` must find nothing.
const SECRET_FOLDERS = new Map([
  ['.ssh', 'an SSH folder (private keys)'],
  ['.aws', 'AWS credentials'],
  ['.gnupg', 'a GnuPG keyring'],
]);
/** Files of `~/.ssh` that hold no secret: host keys to trust, client settings, public keys. */
const PUBLIC_SSH_FILES = /^(?:known_hosts2?|config|authorized_keys2?|.*\.pub)$/;
const SECRET_IN_FOLDER = new Map([
  ['.docker', { file: 'config.json', kind: 'Docker registry credentials' }],
  ['.kube', { file: 'config', kind: 'a kubeconfig' }],
]);

/**
 * What every name SECRET_FILES matches holds (a prefix, a suffix or a part of one of them): a name
 * without any is looked up no further. Most names a Dockerfile copies or removes have none.
 */
const SECRET_FILE_HINT = /^id_|\.(?:ppk|pem|key|p12|pfx|jks|keystore)$|^\.env|^\.npmrc|^\.pypirc$|netrc$|^\.git-credentials$|htpasswd$|^credentials|^client_secret|service[-_]?account|kubeconfig/;

/**
 * What a path holds somewhere when secretFileKind can find anything in it: a part of SECRET_FILE_HINT
 * or a folder of SECRET_FOLDERS or SECRET_IN_FOLDER. Most paths hold none, and are not split at all.
 */
const SECRET_PATH_HINT = /id_|\.(?:ppk|pem|key|p12|pfx|jks|env|npmrc|pypirc|ssh|aws|gnupg|docker|kube)|netrc|htpasswd|credentials|client_secret|service[-_]?account|kubeconfig/;

/** `.env` templates, committed on purpose to document the variables. */
const ENV_TEMPLATE = /^\.env[.*_-].*(?:example|sample|template|dist|defaults?|tpl)$/;
/** A name part that makes a key or PEM file public: certificates, CA bundles, signing keys for package repositories. */
const PUBLIC_PART = /(?:^|[._-])(?:pub|public|cert|certs|certificate|crt|ca|cacert|chain|fullchain|bundle|gpg|pgp|asc|signing|release|dhparams?)(?:$|[._-])/;
/** A name part that says the file is the private half, whatever else it says (`ca-key.pem`, `server-key.pem`). */
const PRIVATE_PART = /(?:^|[._-])(?:key|priv|private|privkey|secret)(?:$|[._-])/;

/**
 * What kind of secret the file or folder at `path` holds, by its name, or undefined when the name
 * says nothing secret. The path may be relative or absolute, use `/` or `\`, end with `/`, and
 * hold wildcards (`COPY *.pem`): a pattern is judged like a name.
 */
export function secretFileKind(path: string): string | undefined {
  const lowerPath = path.toLowerCase();
  if (!SECRET_PATH_HINT.test(lowerPath)) return undefined;
  const lower = lowerPath.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (lower.length === 0) return undefined;
  const name = lower[lower.length - 1];
  for (let i = 0; i < lower.length; i++) {
    const folder = SECRET_FOLDERS.get(lower[i]);
    if (folder && !(lower[i] === '.ssh' && i === lower.length - 2 && PUBLIC_SSH_FILES.test(name))) return folder;
    const inFolder = SECRET_IN_FOLDER.get(lower[i]);
    if (inFolder && lower[i + 1] === inFolder.file) return inFolder.kind;
  }
  if (!SECRET_FILE_HINT.test(name) || ENV_TEMPLATE.test(name)) return undefined;
  const match = SECRET_FILES.find((entry) => entry.name.test(name));
  if (!match) return undefined;
  // `id_rsa.pub`, `ca.pem`, `nginx_signing.key`: public halves and certificates are meant to be shared.
  const stem = name.replace(/\.(?:pem|key)$/, '');
  if (match.mayBePublic && PUBLIC_PART.test(stem) && !PRIVATE_PART.test(stem)) return undefined;
  return match.kind;
}

/** Whether `name` is a folder whose whole content is secret (`.ssh`, `.aws`, `.gnupg`): it cannot be mounted as one secret file. */
export function isSecretFolderName(name: string): boolean {
  return SECRET_FOLDERS.has(name.toLowerCase());
}

/** Whether the file or folder at `path` is secret-like by its name (see `secretFileKind`). */
export function isSecretFileName(path: string): boolean {
  return secretFileKind(path) !== undefined;
}
