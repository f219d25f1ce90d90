import { describePath, normalizePath } from '../../model/compose-mounts';
import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

/** Host folders reported when they are mounted themselves. */
const EXACT = new Set(['/', '/etc', '/proc', '/sys', '/dev', '/boot', '/root', '/var/lib', '/var/lib/docker', '/var/lib/containerd', '/usr', '/bin', '/sbin', '/lib', '/lib64', '/home']);
/**
 * Host paths reported when they or anything below them is mounted: kernel and system state, host
 * binaries, libraries and kernel modules, the host's accounts, services and schedules in `/etc`,
 * and user credentials. Application folders under `/etc`, `/usr/src` and `/usr/share` are not.
 */
const SUBTREES = [
  '/proc', '/sys', '/boot', '/root', '/var/lib/docker', '/var/lib/containerd',
  '/bin', '/sbin', '/lib/modules', '/usr/bin', '/usr/sbin', '/usr/lib',
  '/etc/ssh', '/etc/shadow', '/etc/gshadow', '/etc/passwd', '/etc/group', '/etc/sudoers', '/etc/sudoers.d',
  '/etc/kubernetes', '/etc/docker', '/etc/systemd',
  '~/.ssh', '~/.aws', '~/.docker', '~/.kube', '~/.gnupg',
];
/** `/etc/cron.d`, `/etc/crontab`, `/etc/cron.daily`, ...: the host's scheduled jobs. */
const CRON = /^(\/etc\/cron[^/]*)(\/|$)/;

/** The sensitive host path a bind source is, or lies under; undefined when it is not one. */
export function sensitivePath(source: string): string | undefined {
  let path = normalizePath(source);
  // `/home/<user>/.ssh` and `/root/.ssh` are a user's `~/.ssh`.
  path = path.replace(/^\/home\/[^/]+(?=\/\.)/, '~');
  if (path === '~') return '~';
  if (EXACT.has(path)) return path;
  return SUBTREES.find((tree) => path === tree || path.startsWith(`${tree}/`)) ?? CRON.exec(path)?.[1];
}

export default defineRule({
  id: 'sensitive-host-mount',
  title: 'A sensitive host folder is mounted into a container',
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'volume_has_sensitive_host_directory 1c1325ff', trivy: 'DS-0030' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.mounts) {
          const mount = setting.value;
          if (mount.type !== 'bind' || mount.source === undefined) continue;
          const path = sensitivePath(mount.source);
          if (!path) continue;
          const shown = path === normalizePath(mount.source) ? describePath(mount.source) : `${mount.source} (under ${path})`;
          // `:ro` is how Compose and the short syntax of a run line say it; a --mount or a dev container's mount says `readonly`.
          const readOnly = container.frontDoor === 'compose' || mount.syntax === 'short' ? 'read-only (:ro)' : 'read-only';
          const found = mount.readOnly
            ? settingFinding(container, setting, 'warning', 'Mount only the files it needs.')
            : settingFinding(container, setting, 'error', `Mount only the files it needs, ${readOnly}.`);
          report({
            range: setting.range,
            message: mount.readOnly
              ? `${container.label} mounts the host's ${shown} read-only: a compromised container can still read it (keys, credentials, the host's configuration). ${found.advice}`
              : `${container.label} mounts the host's ${shown} writable: a compromised container can change the host through it and take it over. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => {
              const edits = mount.readOnly ? undefined : setting.edits?.readOnly?.();
              return edits && [{ title: 'Mount it read-only', safe: false, edits }];
            },
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a bind mount, in short or long syntax, of a sensitive host folder, wherever the container
is declared (a Compose service's \`volumes\`, a dev container's \`mounts\` or a feature's, \`-v\` or
\`--mount\` in its \`runArgs\` or on a \`docker run\` line in a script, a Makefile or a CI file): \`/\`, \`/etc\`,
\`/proc\`, \`/sys\`, \`/dev\`, \`/boot\`, \`/root\`, \`/home\`, \`/var/lib\`, \`/var/lib/docker\`,
\`/var/lib/containerd\`, \`/usr\`, \`/bin\`,
\`/sbin\`, \`/lib\`, a whole home folder (\`~\`), and anything under a path that is sensitive host
state itself:
- kernel and system state: \`/proc\`, \`/sys\`, \`/boot\`, \`/root\`, \`/var/lib/docker\`,
  \`/var/lib/containerd\` (where Docker Engine's containerd image store keeps images and snapshots);
- host binaries, libraries and kernel modules: \`/bin\`, \`/sbin\`, \`/usr/bin\`, \`/usr/sbin\`,
  \`/usr/lib\` (\`/usr/lib/modules\` included), \`/lib/modules\`;
- the host's accounts, services and schedules: \`/etc/ssh\`, \`/etc/shadow\`, \`/etc/gshadow\`,
  \`/etc/passwd\`, \`/etc/group\`, \`/etc/sudoers\`, \`/etc/sudoers.d\`, \`/etc/kubernetes\`,
  \`/etc/docker\`, \`/etc/systemd\`, \`/etc/cron*\` (\`/etc/crontab\`, \`/etc/cron.d\`, ...);
- a user's credentials: \`~/.ssh\`, \`~/.aws\`, \`~/.docker\`, \`~/.kube\`, \`~/.gnupg\` (also written
  \`/home/<user>/.ssh\`).

The source is resolved as the kernel resolves it before it is matched: \`//\`, \`/.\` and \`/etc/..\`
are \`/\`, \`/usr/../root\` is \`/root\`, \`/home/u/../../etc/shadow\` is \`/etc/shadow\`; the message
names the path it resolves to.

Other paths below a listed folder are not reported: an application's folder under \`/etc\`
(\`/etc/pihole\`, \`/etc/letsencrypt\`), \`/etc/resolv.conf\`, \`/etc/localtime\`,
\`/etc/timezone\`, \`/usr/src\` (kernel headers) and \`/usr/share/...\`.

The finding is an error when the mount is writable, a warning when it is read-only (\`:ro\`,
\`read_only: true\`). Named volumes are not bind mounts and are not reported, except a volume
that the local driver binds to a host folder (\`driver_opts: {type: none, o: bind, device: /etc}\`):
it is reported where a service mounts it. A mount a dev container feature adds is at most a
warning, naming the feature. The Docker socket has its own rule, \`docker-socket-mount\`.

## Why is this bad?
A writable mount of a host system folder lets a compromised container change the host: add a
user to \`/etc/passwd\`, a key to \`/root/.ssh\`, a binary to \`/usr/bin\`, write to \`/proc/sys\` or
\`/sys\`, or the images and containers of \`/var/lib/docker\`. Even read-only, these folders hold
what an attacker looks for: SSH and cloud keys, registry credentials, the host's users and
configuration.

## Example
\`\`\`yaml
services:
  backup:
    image: restic/restic:0.17.1
    volumes:
      - /:/host
      - ~/.aws:/root/.aws
\`\`\`

## Use instead
\`\`\`yaml
services:
  backup:
    image: restic/restic:0.17.1
    volumes:
      - /srv/app/data:/data:ro
    secrets: [aws_credentials]
\`\`\`

## Fix safety
The fix makes the mount read-only: \`:ro\` in the short syntax (in place of \`rw\`), \`read_only:
true\` in the long syntax. It is unsafe: a service that writes there stops working.
`,
});
