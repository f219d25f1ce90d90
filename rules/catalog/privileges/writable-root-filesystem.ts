import { HARDENING_WORDS, containerNoun, lackingAt, missingSettingSeverity } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'writable-root-filesystem',
  title: "The container's root file system is writable",
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        // A value that cannot be read (an unset variable) may be true.
        const severity = missingSettingSeverity(container, 'info', ['readOnlyRootFilesystem']);
        const setting = container.readOnlyRootFilesystem;
        if (!severity || setting?.value) continue;
        const words = HARDENING_WORDS[container.frontDoor];
        const lacking = lackingAt(container, 'readOnlyRootFilesystem');
        report({
          range: lacking.range,
          message: setting
            ? `${container.label} sets ${words.readOnlyKey} to false: an attacker can change its binaries and configuration. Use ${words.readOnly}, with tmpfs or volumes for the paths it writes.${lacking.note}`
            : `${container.label} has a writable root file system: an attacker can change its binaries and configuration. Add ${words.readOnly}, with tmpfs or volumes for the paths it writes.${lacking.note}`,
          severity,
          related: lacking.related ?? setting?.related,
          fixes: () => {
            const edits = setting ? setting.edits?.replace?.('true') : lacking.add?.();
            return edits && [{ title: `Set ${words.readOnly} (the paths the ${containerNoun(container)} writes need a tmpfs or a volume)`, safe: false, edits }];
          },
        });
      }
    },
  },
  docs: `## What it does
Reports a container whose root file system is writable, wherever it is declared: a Compose service
whose \`read_only\` is not \`true\` (without the key, or set to \`false\`), a dev container or a
\`docker run\` line (in a script, a Makefile or a CI file) without \`--read-only\`. Outside Compose
the finding is \`info\`, and a container whose settings could not all be read (a variable, an
unknown feature) is not reported.

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
