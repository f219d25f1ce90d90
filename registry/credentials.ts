import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cutAtFirstOf } from '../rules/text';

export interface Credentials {
  username: string;
  password: string;
  /** An OAuth2 refresh token (`identitytoken`), exchanged at the token service instead of the password. */
  identityToken?: string;
}

/** The key Docker files Docker Hub's credentials under. */
const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';
const HELPER_TIMEOUT_MS = 5000;

interface DockerConfig {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

/** Where Docker keeps its configuration: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || join(homedir(), '.docker');
}

/**
 * The user's credentials for one registry host, as `docker login` stored them: a credential helper
 * for that host (`credHelpers`), else the `auths` entry, else the default store (`credsStore`).
 * Read only when a registry asks for credentials, and only for that registry's host.
 */
export async function dockerCredentials(host: string, configDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  let config: DockerConfig;
  try {
    config = JSON.parse(await readFile(join(configDir, 'config.json'), 'utf8')) as DockerConfig;
  } catch {
    return undefined;
  }
  const key = host === 'docker.io' ? DOCKER_HUB_CONFIG_KEY : host;
  const helper = config.credHelpers?.[host] ?? config.credHelpers?.[key];
  if (helper) return fromHelper(helper, key, env);
  const entry = Object.entries(config.auths ?? {}).find(([name]) => configKeyHost(name) === configKeyHost(key))?.[1];
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return withIdentityToken({ username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }, entry.identitytoken);
  }
  if (entry?.identitytoken) return withIdentityToken({ username: '', password: '' }, entry.identitytoken);
  if (entry?.username && entry.password) return { username: entry.username, password: entry.password };
  if (config.credsStore) return fromHelper(config.credsStore, key, env);
  return undefined;
}

function withIdentityToken(credentials: Credentials, identityToken: string | undefined): Credentials {
  return identityToken ? { ...credentials, identityToken } : credentials;
}

/** `https://ghcr.io/v2/` and `ghcr.io` name the same registry in a Docker configuration. */
function configKeyHost(key: string): string {
  const host = cutAtFirstOf(key.replace(/^[a-z]+:\/\//i, ''), '/').toLowerCase();
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/** Runs `docker-credential-<helper> get` with the server URL on stdin, as Docker does. */
function fromHelper(helper: string, serverUrl: string, env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  if (!/^[\w.-]+$/.test(helper)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { env, timeout: HELPER_TIMEOUT_MS }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        // A helper answers the user name `<token>` when the secret is an identity token.
        if (answer.Username === '<token>' && answer.Secret) resolve({ username: '', password: '', identityToken: answer.Secret });
        else resolve(answer.Username && answer.Secret ? { username: answer.Username, password: answer.Secret } : undefined);
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(serverUrl);
  });
}
