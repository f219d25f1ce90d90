import { removeFix, settingFinding } from '../../model/runtime-findings';
import type { NamespaceKind } from '../../model/runtime';
import { defineRule } from '../../rule';
import type { Severity } from '../../types';

/** What sharing each of the host's namespaces gives away, how bad that is, and whether a container can join another's. */
const NAMESPACES: Record<NamespaceKind, { host: Severity; what: string; canJoin: boolean }> = {
  pid: { host: 'error', what: "the host's process namespace: it sees every host process and can signal or trace them", canJoin: true },
  ipc: { host: 'error', what: "the host's IPC namespace: it can read and write the host's shared memory", canJoin: true },
  network: { host: 'error', what: "the host's network stack: it can bind any host port and reach services listening on localhost", canJoin: true },
  userns: { host: 'warning', what: "the host's user namespace: the daemon's userns-remap is switched off, so root in the container is root on the host", canJoin: false },
  uts: { host: 'info', what: "the host's UTS namespace: it can change the host's hostname", canJoin: false },
  cgroup: { host: 'info', what: "the host's cgroup namespace: it sees the host's cgroup tree", canJoin: false },
};

export default defineRule({
  id: 'host-namespace',
  title: 'The container shares a namespace with the host or another container',
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'host_namespace_is_shared 4f31dd9f, shared_host_ipc_namespace baa3890f, shared_host_network_namespace 071a71ff, shared_host_user_namespace 8af7162d' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.namespaces) {
          const { kind, mode, writtenAs } = setting.value;
          const namespace = NAMESPACES[kind];
          const written = setting.written ?? `${writtenAs} ${mode}`;
          const fixes = () => removeFix(setting, `Remove ${written}`);
          if (mode.toLowerCase() === 'host') {
            const found = settingFinding(container, setting, namespace.host, `Remove ${written}.`);
            report({
              range: setting.range,
              message: `${container.label} shares ${namespace.what} (${written}). ${found.advice}`,
              severity: found.severity,
              related: setting.related,
              fixes,
            });
          } else if (namespace.canJoin) {
            const joined = /^(container|service):\s*(\S.*|[^\S\n\r\u2028\u2029])$/i.exec(mode);
            if (!joined) continue;
            const found = settingFinding(container, setting, 'warning', 'Give it its own namespace unless it really needs to share.');
            report({
              range: setting.range,
              message: `${container.label} joins the ${kind} namespace of ${joined[1].toLowerCase()} "${joined[2]}" (${written}): a compromise of either reaches the other. ${found.advice}`,
              severity: found.severity,
              related: setting.related,
              fixes,
            });
          }
        }
      }
    },
  },
  docs: `## What it does
Reports a container that shares a Linux namespace with the host, wherever it is declared: a
Compose service, a dev container (its \`runArgs\`, or a feature that asks for it), or a
\`docker run\` line in a script, a Makefile or a CI file. In Compose: \`pid: host\`, \`ipc: host\`
and \`network_mode: host\` (error; \`net: host\` in the v1 file format), \`userns_mode: host\` (warning), \`uts: host\` and
\`cgroup: host\` (info); on a run line, \`--pid=host\`, \`--ipc=host\`, \`--network=host\` (or \`--net\`),
\`--userns=host\`, \`--uts=host\` and \`--cgroupns=host\` alike. Also reports, as a warning, a
container that joins the pid, IPC or network namespace of another container or service
(\`pid: "container:x"\`, \`network_mode: "service:x"\`, \`--network=container:x\`).

## Why is this bad?
Namespaces are what isolates a container. In the host's PID namespace a process sees and can
signal or trace every host process; in the host's IPC namespace it reaches the host's shared
memory; on the host network it can bind any port and talk to services that only listen on
localhost (the Docker API, metadata endpoints, databases). \`userns_mode: host\` switches off the
daemon's user-namespace remapping. Joining another container's namespace ties the two together,
so a compromise of one reaches the other.

## Example
\`\`\`yaml
services:
  monitor:
    image: myorg/monitor:3.0
    pid: host
    network_mode: host
\`\`\`

## Use instead
\`\`\`yaml
services:
  monitor:
    image: myorg/monitor:3.0
    ports:
      - "127.0.0.1:9100:9100"
\`\`\`

## Fix safety
The fix removes the key, so the service gets its own namespace. It is unsafe: it changes what
the service can see and reach.
`,
});
