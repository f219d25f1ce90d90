/**
 * What widely used dev container features grant the container they are installed in, read offline.
 * A feature's `devcontainer-feature.json` may ask for `privileged`, `capAdd`, `securityOpt`,
 * `mounts`, `init` and `containerEnv`; the tool that starts the dev container merges them into the
 * container's settings, whatever devcontainer.json itself says. Each entry is copied from the
 * feature's published metadata, at the version and commit its evidence names. A feature not listed
 * is taken to grant nothing a rule judges: most only install tools (`java`, `node` and `python` add
 * environment variables, `nvidia-cuda` and `sshd` nothing).
 */

export interface FeatureMount {
  source: string;
  target: string;
  type: 'bind' | 'volume';
}

export interface FeatureGrants {
  privileged?: boolean;
  capAdd?: readonly string[];
  securityOpt?: readonly string[];
  mounts?: readonly FeatureMount[];
  init?: boolean;
  containerEnv?: Readonly<Record<string, string>>;
}

export interface KnownFeature {
  /** The feature's OCI reference without tag: `ghcr.io/devcontainers/features/docker-in-docker`. */
  id: string;
  grants: FeatureGrants;
  /** What to use instead when the grants are what a finding is about, as messages end it: `use <alternative> instead`. */
  alternative?: string;
  /** Where the grants were read. */
  evidence: { repository: string; path: string; version: string; commit: string };
}

const CORE = 'ghcr.io/devcontainers/features';
const CORE_REPOSITORY = 'devcontainers/features';

function core(name: string, version: string, commit: string, grants: FeatureGrants, alternative?: string): KnownFeature {
  return { id: `${CORE}/${name}`, grants, alternative, evidence: { repository: CORE_REPOSITORY, path: `src/${name}/devcontainer-feature.json`, version, commit } };
}

const DOCKER_SOCKET: FeatureMount = { source: '/var/run/docker.sock', target: '/var/run/docker-host.sock', type: 'bind' };

const KNOWN_FEATURES: readonly KnownFeature[] = [
  core(
    'docker-in-docker',
    '2.12.0',
    'f15d670dd1ea572c2dafa4d3d6ad014ae99eaca6',
    {
      privileged: true,
      mounts: [{ source: 'dind-var-lib-docker-${devcontainerId}', target: '/var/lib/docker', type: 'volume' }],
      containerEnv: { DOCKER_BUILDKIT: '1' },
    },
    'docker-outside-of-docker with a rootless Docker daemon on the host, or a Docker run rootless or under Sysbox',
  ),
  core(
    'docker-outside-of-docker',
    '1.10.0',
    '01db9b29aafaffc6b8f95930ca12724c1f041225',
    { mounts: [DOCKER_SOCKET], securityOpt: ['label=disable'] },
    'the socket of a rootless Docker daemon on the host (mounted at the feature\'s `socketPath`)',
  ),
  // The deprecated id that docker-outside-of-docker replaced (its `legacyIds`), still published.
  core('docker-from-docker', '1.0.5', 'a8cb375d460840bbf8c91599d16fc87d9ee8b996', { mounts: [DOCKER_SOCKET], containerEnv: { DOCKER_BUILDKIT: '1' } }, 'docker-outside-of-docker with the socket of a rootless Docker daemon on the host'),
  core(
    'go',
    '1.3.1',
    '885da7774f35253492463e5c5609ee7cb62c221f',
    { init: true, capAdd: ['SYS_PTRACE'], securityOpt: ['seccomp=unconfined'], containerEnv: { GOROOT: '/usr/local/go', GOPATH: '/go', PATH: '/usr/local/go/bin:/go/bin:${PATH}' } },
    'a Go toolchain installed by the Dockerfile or already in the image',
  ),
  core(
    'rust',
    '1.5.1',
    '159bd7958a5324e6bcf176ab644a221f721013d8',
    { capAdd: ['SYS_PTRACE'], securityOpt: ['seccomp=unconfined'], containerEnv: { CARGO_HOME: '/usr/local/cargo', RUSTUP_HOME: '/usr/local/rustup', PATH: '/usr/local/cargo/bin:${PATH}' } },
    'a Rust toolchain installed by the Dockerfile or already in the image',
  ),
  core('kubectl-helm-minikube', '1.2.0', '04bdf94cc75aad30aa240578650d8827d10f2c75', { mounts: [{ source: 'minikube-config', target: '/home/vscode/.minikube', type: 'volume' }] }),
  core('nix', '1.3.1', '2729ad1dc89e1322358753bdd5ab85758b52b07b', { mounts: [{ source: 'nix-store-${devcontainerId}', target: '/nix', type: 'volume' }], containerEnv: { PATH: '/nix/var/nix/profiles/default/bin:/nix/var/nix/profiles/default/sbin:${PATH}' } }),
  core('desktop-lite', '1.2.4', '59167c22cd9a1f159f802cc5a1e65f40441cb5bd', { init: true, containerEnv: { DISPLAY: ':1' } }),
];

/**
 * The short ids of the first feature format (`"features": { "docker-in-docker": "latest" }`), as the
 * Dev Containers CLI maps them (`getBackwardCompatibleFeatureId`): to `ghcr.io/devcontainers/features/<id>`,
 * two of them renamed.
 */
const LEGACY_RENAMES: ReadonlyMap<string, string> = new Map([
  ['golang', 'go'],
  ['common', 'common-utils'],
]);
const LEGACY_MIGRATED = new Set([
  'aws-cli', 'azure-cli', 'desktop-lite', 'docker-in-docker', 'docker-from-docker', 'dotnet', 'git', 'git-lfs', 'github-cli', 'java',
  'kubectl-helm-minikube', 'node', 'powershell', 'python', 'ruby', 'rust', 'sshd', 'terraform',
]);

const BY_ID: ReadonlyMap<string, KnownFeature> = new Map(KNOWN_FEATURES.map((feature) => [feature.id, feature]));

/**
 * The feature a `features` key names, when it is one of the table: with or without a tag (`:2`) or
 * digest, the registry and path in any case (OCI references are lowercase; editors are not).
 */
export function knownFeature(reference: string): KnownFeature | undefined {
  let id = reference.trim();
  const at = id.indexOf('@');
  if (at >= 0) id = id.slice(0, at);
  // A tag follows the last `:` after the last `/` (a registry port comes before the first `/`).
  const colon = id.lastIndexOf(':');
  if (colon > id.lastIndexOf('/')) id = id.slice(0, colon);
  id = id.toLowerCase();
  if (!id.includes('/')) {
    const name = LEGACY_RENAMES.get(id) ?? id;
    return LEGACY_MIGRATED.has(id) || LEGACY_RENAMES.has(id) ? BY_ID.get(`${CORE}/${name}`) : undefined;
  }
  return BY_ID.get(id);
}
