import { describePath, normalizePath } from '../../model/compose-mounts';
import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

const SOCKETS = new Set(['docker.sock', 'containerd.sock', 'podman.sock']);
/** Folders that hold the daemon's socket: mounting one mounts the socket (the root holds them all). */
const SOCKET_FOLDERS = new Set(['/', '/run', '/var/run', '/run/docker', '/var/run/docker', '/run/containerd', '/var/run/containerd', '/run/podman', '/var/run/podman']);

/** Whether a host path is a container engine's API socket, or a folder that holds one. */
export function socketPath(source: string): 'socket' | 'folder' | undefined {
  const path = normalizePath(source);
  if (!path.startsWith('/') && !path.startsWith('~')) return undefined;
  if (SOCKETS.has(path.slice(path.lastIndexOf('/') + 1))) return 'socket';
  return SOCKET_FOLDERS.has(path) ? 'folder' : undefined;
}

export default defineRule({
  id: 'docker-socket-mount',
  title: "The container engine's API socket is mounted into a container",
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'docker_socket_mounted_in_container d6355c88' },
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.mounts) {
          const mount = setting.value;
          if (mount.type !== 'bind' || mount.source === undefined) continue;
          const kind = socketPath(mount.source);
          if (!kind) continue;
          const written = describePath(mount.source);
          const what = kind === 'socket' ? `the container engine's API socket ${written}` : `${written}, the folder that holds the container engine's API socket,`;
          const found = settingFinding(container, setting, 'error', `${mount.readOnly ? 'Read-only does not help: the API is still reachable through the socket. ' : ''}Use a socket proxy that allows only the calls it needs, or drop the mount.`);
          report({
            range: setting.range,
            message: `${container.label} mounts ${what}: whoever controls the container controls the engine and so the host (it can start a privileged container that mounts /). ${found.advice}`,
            severity: found.severity,
            related: setting.related,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a mount, in short or long syntax, whose host source is the API socket of a container
engine, wherever the container is declared (a Compose service's \`volumes\`, a dev container's \`mounts\` or a
feature's, \`-v\` or \`--mount\` in its \`runArgs\` or on a \`docker run\` line in a script, a Makefile
or a CI file): \`/var/run/docker.sock\`, \`/run/docker.sock\`, a rootless
\`/run/user/<uid>/docker.sock\`, \`containerd.sock\` or \`podman.sock\` — or a folder that holds one
(\`/var/run\`, \`/run\`, \`/run/containerd\`, ..., and the root \`/\`, which holds them all). The
source is resolved as the kernel resolves it first: \`//\`, \`/.\` and \`/etc/..\` are the root,
\`/var/lib/../run/docker.sock\` is the socket. \`sensitive-host-mount\` reports the root too. A named volume that the local driver binds to
such a path (\`driver_opts: {o: bind, device: /var/run/docker.sock}\`) counts as a mount of it. A
dev container feature that mounts the socket (\`docker-outside-of-docker\`) is reported as a
warning that names it.

## Why is this bad?
The socket is the engine's full API, without authentication. A process that can write to it can
start a new container with \`privileged: true\` and the host's \`/\` mounted, and so becomes root
on the host. Mounting it read-only (\`:ro\`) changes nothing: the file is not written, the API
behind it is called. A compromise of the service — a vulnerable dependency, an injected command —
is a compromise of the host.

## Example
\`\`\`yaml
services:
  traefik:
    image: traefik:v3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
\`\`\`

## Use instead
\`\`\`yaml
services:
  traefik:
    image: traefik:v3.1
    # Routes from a file instead of the Docker API. When the API is really needed, mount the socket
    # only into a socket proxy that allows the few calls the service makes.
    volumes:
      - ./traefik/dynamic.yaml:/etc/traefik/dynamic.yaml:ro
\`\`\`

## Fix safety
No automatic fix: the service needs the API it is given, and only its owner can say which calls
it makes.
`,
});
