import { inSentence, settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

/** The options that undo Docker's `noexec,nosuid,nodev` defaults, and the option that restores each. */
const WEAKENING: Record<string, string> = { exec: 'noexec', suid: 'nosuid', dev: 'nodev' };
const WHAT_IT_ALLOWS: Record<string, string> = {
  suid: 'set-user-ID programs dropped there run as their owner (root), a way to escalate privileges',
  dev: 'device files created there give access to host devices',
};

/** The last of an option and its `no` form, as mount(8) applies them; undefined when neither is written. */
function lastOf(options: string[], option: string): string | undefined {
  return [...options].reverse().find((o) => o === option || o === `no${option}`);
}

/** A tmpfs mount's text with `noexec`, `nosuid` and `nodev` in place of `exec`, `suid` and `dev`, and `noexec` added when missing. */
function hardened(text: string): string {
  const colon = text.indexOf(':');
  if (colon < 0) return `${text}:noexec`;
  const options = text.slice(colon + 1).split(',').map((option) => WEAKENING[option.trim()] ?? option);
  if (!options.some((option) => option.trim() === 'noexec')) options.push('noexec');
  return `${text.slice(0, colon)}:${[...new Set(options.filter((option) => option.trim() !== ''))].join(',')}`;
}

export default defineRule({
  id: 'tmpfs-exec',
  title: 'A tmpfs mount allows running programs from it',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.tmpfs) {
          const mount = setting.value;
          const exec = lastOf(mount.options, 'exec');
          // `suid` and `dev` undo defaults too: reported when the last of each pair says so.
          const undone = ['suid', 'dev'].filter((option) => lastOf(mount.options, option) === option);
          if (exec === 'noexec' && undone.length === 0) continue;
          const parts: string[] = [];
          if (exec === 'exec') parts.push(`is mounted with exec, which overrides Docker's default noexec: an attacker can drop a program there and run it, even on a read-only root file system`);
          for (const option of undone) parts.push(`is mounted with ${option}, which overrides Docker's default ${WEAKENING[option]}: ${WHAT_IT_ALLOWS[option]}`);
          const written = [...(exec === 'exec' ? ['exec'] : []), ...undone];
          const restore = written.map((option) => WEAKENING[option]).join(',');
          // Options that undo a default are written in the file: a warning. One that is only not restated is advice, at most info outside Compose.
          const found = settingFinding(container, setting, written.length > 0 ? 'warning' : 'info', written.length > 0 ? `Remove ${written.join(' and ')}, or write ${restore} ("${mount.target}:${restore}").` : `Write it explicitly ("${mount.target}:noexec").`, { privilege: false });
          report({
            range: setting.range,
            message:
              written.length > 0
                ? `The tmpfs mount ${mount.target} of ${inSentence(container.label)} ${parts.join('; it ')}. ${found.advice}`
                : `The tmpfs mount ${mount.target} of ${inSentence(container.label)} does not say noexec: Docker Engine adds it by default, but the file does not guarantee it (another runtime, or an exec option added later, lets a dropped program run from it). ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => {
              const edits = setting.edits?.rewrite?.(hardened);
              return edits && [{ title: `Mount ${mount.target} with ${written.length > 0 ? restore : 'noexec'}`, safe: false, edits }];
            },
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a tmpfs mount, wherever the container is declared (an entry of a Compose service's \`tmpfs:\`
key, a string or a list; \`--tmpfs\` in a dev container's \`runArgs\` or on a \`docker run\` line in a
script, a Makefile or a CI file), whose options do not include
\`noexec\`, or end with \`exec\`, \`suid\` or \`dev\` (each undoes one of Docker's defaults; the last of
an option and its \`no\` form wins, as with mount(8)). An explicit \`exec\`, \`suid\` or \`dev\` is a
warning; a missing \`noexec\` alone is info. Long-syntax volumes of \`type: tmpfs\` are not reported: Compose
gives them no way to set \`noexec\`, and Docker Engine mounts them \`noexec\` too.

## Why is this bad?
A writable, in-memory folder is where an attacker drops a downloaded payload, and a
\`read_only: true\` root file system no longer stops it if the payload can be run from the tmpfs.
\`noexec\` makes the kernel refuse to execute files from the mount. \`suid\` lets a set-user-ID
program dropped there run as its owner, and \`dev\` lets device files created there reach host
devices: both are ways to escalate privileges that Docker's \`nosuid,nodev\` defaults close.

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
The fix adds \`noexec\` to the mount's options, and writes \`noexec\`, \`nosuid\`, \`nodev\` in place
of \`exec\`, \`suid\`, \`dev\`. It is unsafe: a program that
runs files from the mount (some build tools and JIT runtimes do) stops working.
`,
});
