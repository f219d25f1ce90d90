import { keyAnchor, resolvedText, sequenceItems, serviceEntry } from '../../model/compose';
import { addServiceKey } from '../../fixes/edits';
import type { ComposeModel, ComposeService, MapEntry } from '../../model/compose';
import { hasEveryCapability } from '../../model/compose-values';
import { defineRule } from '../../rule';
import type { Fix } from '../../types';

export default defineRule({
  id: 'cap-drop-missing',
  title: 'The service keeps the default Linux capabilities',
  severity: 'warning',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'container_capabilities_unrestricted ce76b7d0' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'cap_drop');
        if (entry === 'unknown') continue;
        // privileged or cap_add: [ALL] is reported by its own rule, and this one's fix would change nothing.
        if (hasEveryCapability(model, service)) continue;
        const value = entry?.value;
        const dropped = value ? [...sequenceItems(model, value), value].map((item) => resolvedText(model, item)) : [];
        if (dropped.some((cap) => cap !== undefined && cap.trim().toUpperCase() === 'ALL')) continue;
        const anchor = keyAnchor(service, 'cap_drop');
        report({
          range: anchor.range,
          message: `${dropped.some((cap) => cap?.trim().toUpperCase() === 'CAP_ALL')
            ? `Service "${service.name}" drops CAP_ALL, which is no capability: Docker rejects it ("unknown capability") and the service does not start. Write cap_drop: [ALL].`
            : dropped.some((cap) => cap !== undefined)
            ? `Service "${service.name}" drops some capabilities but not ALL: it keeps the rest of Docker's default set. Use cap_drop: [ALL] and add back only what it needs.`
            : `Service "${service.name}" keeps Docker's default Linux capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, ...). Add cap_drop: [ALL] and add back only what it needs with cap_add.`}${anchor.note}`,
          fixes: () => fixFor(model, service, entry),
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service whose \`cap_drop\` does not contain \`ALL\` (in any case), including a
service without \`cap_drop\` at all. \`CAP_ALL\` is not \`ALL\`: Docker reads \`ALL\` alone as every
capability and prefixes any other name with \`CAP_\`, so it rejects \`CAP_ALL\` as an unknown
capability and the service does not start; the finding says so. A service with
\`privileged: true\` or \`cap_add: [ALL]\` is left to \`privileged\` and \`dangerous-cap-add\`: it
has every capability whatever it drops.

## Why is this bad?
Docker starts containers with a default set of Linux capabilities — among them \`CHOWN\`,
\`DAC_OVERRIDE\`, \`FOWNER\`, \`SETUID\`, \`SETGID\`, \`NET_RAW\` and \`MKNOD\`. Most services need none of
them. Each one a compromised process keeps widens what it can do: \`NET_RAW\` allows ARP and DNS
spoofing on the container network, \`DAC_OVERRIDE\` ignores file permissions, \`SETUID\` helps
privilege escalation. Dropping all and adding back the few that are needed follows the
principle of least privilege.

## Example
\`\`\`yaml
services:
  web:
    image: nginx:1.27
\`\`\`

## Use instead
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]
\`\`\`

## Fix safety
"Add cap_drop: [ALL]" inserts the key, with the service's indentation, when the service has no
\`cap_drop\` of its own (a service whose \`cap_drop\` comes from a merge key or \`extends\`, or is
written in flow style, gets no fix). It is unsafe: a service that needs a capability (binding a
port below 1024, changing file owners) stops working until it is added back with \`cap_add\`.
`,
});

function fixFor(model: ComposeModel, service: ComposeService, existing: MapEntry | undefined): Fix[] | undefined {
  if (existing) return undefined;
  const edit = addServiceKey(model, service, 'cap_drop: [ALL]');
  return edit ? [{ title: 'Add cap_drop: [ALL] (the service may need some capabilities back with cap_add)', safe: false, edits: [edit] }] : undefined;
}
