import { definedHere, tmpfsMounts } from '../../model/compose-mounts';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'tmpfs-exec',
  title: 'A tmpfs mount allows running programs from it',
  severity: 'info',
  kinds: ['compose'],
  category: 'hygiene',
  peers: {},
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const mount of tmpfsMounts(model, service)) {
          // The last of `exec` and `noexec` wins, as with mount(8).
          const last = [...mount.options].reverse().find((option) => option === 'exec' || option === 'noexec');
          if (last === 'noexec') continue;
          report({
            range: mount.range,
            message: `The tmpfs mount ${mount.target} of service "${service.name}" ${last === 'exec' ? 'is mounted with exec' : 'does not say noexec'}: an attacker can drop a program there and run it, even on a read-only root file system. Add the noexec option ("${mount.target}:noexec").`,
            related: definedHere(mount, 'The tmpfs mount'),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports an entry of a service's \`tmpfs:\` key (a string or a list) whose options do not include
\`noexec\`, or end with \`exec\`.

## Why is this bad?
A writable, in-memory folder is where an attacker drops a downloaded payload, and a
\`read_only: true\` root file system no longer stops it if the payload can be run from \`/tmp\`.
\`noexec\` makes the kernel refuse to execute files from the mount. Saying it explicitly also keeps
the protection when the file is run by another engine or orchestrator whose default differs.

## Example
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    read_only: true
    tmpfs:
      - /tmp
\`\`\`

## Use instead
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    read_only: true
    tmpfs:
      - /tmp:noexec,nosuid,size=64m
\`\`\`

## Fix safety
No automatic fix yet. A program that runs files from the mount (some build tools and JIT
runtimes do) stops working with \`noexec\`, so such a fix will always be marked unsafe.
`,
});
