import { resolvedText, serviceEntry } from '../../model/compose';
import { fixOf, removeServiceKey } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';
import type { Severity } from '../../types';
import { definedHere } from '../../model/compose-values';

/** The keys that choose a namespace, what sharing the host's gives away, and how bad that is. */
const HOST_NETWORK = "the host's network stack: it can bind any host port and reach services listening on localhost";
const NAMESPACES: Array<{ key: string; host: Severity; what: string; canJoin: boolean; name?: string }> = [
  { key: 'pid', host: 'error', what: "the host's process namespace: it sees every host process and can signal or trace them", canJoin: true },
  { key: 'ipc', host: 'error', what: "the host's IPC namespace: it can read and write the host's shared memory", canJoin: true },
  { key: 'network_mode', host: 'error', what: HOST_NETWORK, canJoin: true, name: 'network' },
  // Compose file format v1 spells network_mode `net`.
  { key: 'net', host: 'error', what: HOST_NETWORK, canJoin: true, name: 'network' },
  { key: 'userns_mode', host: 'warning', what: "the host's user namespace: the daemon's userns-remap is switched off, so root in the container is root on the host", canJoin: false },
  { key: 'uts', host: 'info', what: "the host's UTS namespace: it can change the host's hostname", canJoin: false },
  { key: 'cgroup', host: 'info', what: "the host's cgroup namespace: it sees the host's cgroup tree", canJoin: false },
];

export default defineRule({
  id: 'host-namespace',
  title: "The service shares a namespace with the host or another container",
  severity: 'error',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'host_namespace_is_shared 4f31dd9f, shared_host_ipc_namespace baa3890f, shared_host_network_namespace 071a71ff, shared_host_user_namespace 8af7162d' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const namespace of NAMESPACES) {
          const entry = serviceEntry(model, service, namespace.key);
          if (entry === 'unknown' || !entry?.value) continue;
          const raw = resolvedText(model, entry.value)?.trim();
          if (raw === undefined) continue;
          const related = definedHere(namespace.key, entry.definedAt, entry.value.definedAt);
          const fixes = fixOf(`Remove ${namespace.key}: ${raw}`, false, removeServiceKey(model, service, entry));
          if (raw.toLowerCase() === 'host') {
            report({
              range: entry.keyRange,
              message: `Service "${service.name}" shares ${namespace.what} (${namespace.key}: host). Remove ${namespace.key}: host.`,
              severity: namespace.host,
              related,
              fixes,
            });
          } else if (namespace.canJoin) {
            const joined = /^(container|service):\s*(\S.*|[^\S\n\r\u2028\u2029])$/i.exec(raw);
            if (!joined) continue;
            report({
              range: entry.keyRange,
              message: `Service "${service.name}" joins the ${namespace.name ?? namespace.key} namespace of ${joined[1].toLowerCase()} "${joined[2]}" (${namespace.key}: ${raw}): a compromise of either reaches the other. Give it its own namespace unless it really needs to share.`,
              severity: 'warning',
              related,
              fixes,
            });
          }
        }
      }
    },
  },
  docs: `## What it does
Reports a Compose service that shares a Linux namespace with the host: \`pid: host\`, \`ipc: host\`
and \`network_mode: host\` (error; \`net: host\` in the v1 file format), \`userns_mode: host\` (warning), \`uts: host\` and
\`cgroup: host\` (info). Also reports, as a warning, a service that joins the pid, IPC or network
namespace of another container or service (\`pid: "container:x"\`, \`network_mode: "service:x"\`).

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
