import { keyAnchor, serviceEntry } from '../../model/compose';
import { fixOf, setServiceKey } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';
import { booleanValue, definedHere } from '../../model/compose-values';

export default defineRule({
  id: 'writable-root-filesystem',
  title: "The service's root file system is writable",
  severity: 'info',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'read_only');
        if (entry === 'unknown') continue;
        const readOnly = entry?.value ? booleanValue(model, entry.value) : false;
        // A value that cannot be read (an unset variable) may be true.
        if (readOnly !== false) continue;
        const anchor = keyAnchor(service, 'read_only');
        report({
          range: anchor.range,
          message: entry?.value
            ? `Service "${service.name}" sets read_only to false: an attacker can change its binaries and configuration. Use read_only: true, with tmpfs or volumes for the paths it writes.${anchor.note}`
            : `Service "${service.name}" has a writable root file system: an attacker can change its binaries and configuration. Add read_only: true, with tmpfs or volumes for the paths it writes.${anchor.note}`,
          related: entry ? definedHere('read_only', entry.definedAt, entry.value?.definedAt) : undefined,
          fixes: () => fixOf('Set read_only: true (the paths the service writes need a tmpfs or a volume)', false, setServiceKey(model, service, entry, 'read_only', 'true')),
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service whose \`read_only\` is not \`true\`: without the key, or set to \`false\`.

## Why is this bad?
With a writable root file system, an attacker who gets code execution in the container can
replace its binaries, plant a web shell, change its configuration or drop tools for the next
step. A read-only root file system makes such changes fail and makes the container's state
predictable: what it writes goes to the \`tmpfs\` mounts and volumes you chose.

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
    read_only: true
    tmpfs: ["/var/cache/nginx:noexec", "/var/run:noexec"]
\`\`\`

## Fix safety
The fix sets \`read_only: true\`. It is unsafe: a service that writes to its root file system
fails until the paths it writes get a \`tmpfs\` or a volume.
`,
});
