import { definedHere, tmpfsMounts } from '../../model/compose-mounts';
import { fixOf, rewriteScalar } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';

/** A tmpfs mount's text with `noexec`: in place of `exec`, or added to its options. */
function withNoexec(text: string): string {
  const colon = text.indexOf(':');
  if (colon < 0) return `${text}:noexec`;
  const options = text.slice(colon + 1).split(',').map((option) => (option.trim() === 'exec' ? 'noexec' : option));
  if (!options.some((option) => option.trim() === 'noexec')) options.push('noexec');
  return `${text.slice(0, colon)}:${options.filter((option) => option.trim() !== '').join(',')}`;
}

export default defineRule({
  id: 'tmpfs-exec',
  title: 'A tmpfs mount allows running programs from it',
  severity: 'info',
  kinds: ['compose'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const mount of tmpfsMounts(model, service)) {
          // The last of `exec` and `noexec` wins, as with mount(8).
          const last = [...mount.options].reverse().find((option) => option === 'exec' || option === 'noexec');
          if (last === 'noexec') continue;
          report({
            range: mount.range,
            message:
              last === 'exec'
                ? `The tmpfs mount ${mount.target} of service "${service.name}" is mounted with exec, which overrides Docker's default noexec: an attacker can drop a program there and run it, even on a read-only root file system. Remove exec, or write noexec ("${mount.target}:noexec").`
                : `The tmpfs mount ${mount.target} of service "${service.name}" does not say noexec: Docker Engine adds it by default, but the file does not guarantee it (another runtime, or an exec option added later, lets a dropped program run from it). Write it explicitly ("${mount.target}:noexec").`,
            related: definedHere(mount, 'The tmpfs mount'),
            fixes: () => fixOf(`Mount ${mount.target} with noexec`, false, rewriteScalar(model, mount, (text) => withNoexec(text))),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports an entry of a service's \`tmpfs:\` key (a string or a list) whose options do not include
\`noexec\`, or end with \`exec\`. Long-syntax volumes of \`type: tmpfs\` are not reported: Compose
gives them no way to set \`noexec\`, and Docker Engine mounts them \`noexec\` too.

## Why is this bad?
A writable, in-memory folder is where an attacker drops a downloaded payload, and a
\`read_only: true\` root file system no longer stops it if the payload can be run from the tmpfs.
\`noexec\` makes the kernel refuse to execute files from the mount.

Docker Engine mounts the \`tmpfs:\` entries with \`noexec,nosuid,nodev\` by default and lets the
options written in the file override them: an explicit \`exec\` switches the protection off,
which is the case that matters most. Without any option the mount is protected on Docker Engine,
but only by a default the Compose file does not state — other runtimes and orchestrators that
read Compose files may not apply it — so the rule asks for \`noexec\` to be written (info).

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
The fix adds \`noexec\` to the mount's options (in place of \`exec\`). It is unsafe: a program that
runs files from the mount (some build tools and JIT runtimes do) stops working.
`,
});
