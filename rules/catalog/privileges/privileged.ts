import { serviceEntry } from '../../model/compose';
import { fixOf, removeServiceKey } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';
import { booleanValue, definedHere } from '../../model/compose-values';

export default defineRule({
  id: 'privileged',
  title: 'The service runs as a privileged container',
  severity: 'error',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'privileged_containers_enabled ae5b6871' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'privileged');
        if (entry === 'unknown' || !entry || booleanValue(model, entry.value) !== true) continue;
        report({
          range: entry.keyRange,
          message: `Service "${service.name}" runs privileged: it gets every capability and all host devices, and can take over the host. Remove privileged: true and add only the capabilities or devices it needs.`,
          related: definedHere('privileged', entry.definedAt, entry.value?.definedAt),
          fixes: () => fixOf('Remove privileged: true', false, removeServiceKey(model, service, entry)),
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service with \`privileged: true\` (also written as the string \`"true"\`, or
brought in by an alias, a merge key or \`extends\`).

## Why is this bad?
A privileged container gets every Linux capability, access to all host devices, and no seccomp,
AppArmor or SELinux confinement. Root in such a container is root on the host: it can mount the
host's disks, load kernel modules or write to \`/sys\`, so any compromise of the service is a
compromise of the host.

## Example
\`\`\`yaml
services:
  agent:
    image: myorg/agent:2.1
    privileged: true
\`\`\`

## Use instead
\`\`\`yaml
services:
  agent:
    image: myorg/agent:2.1
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
    devices: ["/dev/fuse"]
\`\`\`

## Fix safety
The fix removes the \`privileged\` line. It is unsafe: a service that relies on a capability or
a device it got from \`privileged\` stops working.
`,
});
