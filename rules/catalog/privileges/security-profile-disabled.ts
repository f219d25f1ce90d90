import { serviceEntry } from '../../model/compose';
import { fixOf, removeServiceListItem } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';
import { definedHere, listItems } from '../../model/compose-values';

/** The `security_opt` settings that switch a confinement off, and what they switch off. */
const DISABLING: Array<{ key: string; value: string; what: string }> = [
  { key: 'seccomp', value: 'unconfined', what: 'the seccomp filter, so every system call reaches the kernel' },
  { key: 'apparmor', value: 'unconfined', what: 'the AppArmor profile' },
  { key: 'label', value: 'disable', what: 'SELinux labelling' },
  { key: 'systempaths', value: 'unconfined', what: 'the masking of /proc and /sys paths' },
];

export default defineRule({
  id: 'security-profile-disabled',
  title: 'The service switches off seccomp, AppArmor or SELinux confinement',
  severity: 'error',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'default_seccomp_profile_disabled 404fde2c' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'security_opt');
        if (entry === 'unknown' || !entry) continue;
        for (const { item, text } of listItems(model, entry.value)) {
          const match = text === undefined ? null : /^([a-z]+)\s*[:=]\s*(\S.*|)$/i.exec(text.trim());
          if (!match) continue;
          const disabled = DISABLING.find((d) => d.key === match[1].toLowerCase() && d.value === match[2].trim().toLowerCase());
          if (!disabled) continue;
          report({
            range: item.range,
            message: `Service "${service.name}" switches off ${disabled.what} (${text!.trim()}). Remove it, or use a custom profile that allows only what the service needs.`,
            related: definedHere('security_opt', item.definedAt),
            fixes: () => fixOf(`Remove ${text!.trim()} from security_opt`, false, removeServiceListItem(model, service, 'security_opt', item)),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a \`security_opt\` item of a Compose service that switches a confinement off:
\`seccomp:unconfined\`, \`apparmor:unconfined\`, \`label:disable\` or \`systempaths=unconfined\`, in
the \`:\` or the \`=\` form.

## Why is this bad?
Docker's default seccomp profile blocks around 40 dangerous system calls (\`keyctl\`, \`bpf\`,
\`unshare\`, \`mount\`, ...), the AppArmor and SELinux profiles stop writes to \`/proc\`, \`/sys\` and
host files, and the masked system paths hide kernel interfaces. Many container escapes and kernel
exploits need exactly what these layers block.

## Example
\`\`\`yaml
services:
  app:
    image: myorg/app:1.4
    security_opt:
      - seccomp:unconfined
      - apparmor=unconfined
\`\`\`

## Use instead
\`\`\`yaml
services:
  app:
    image: myorg/app:1.4
    security_opt:
      - seccomp:./seccomp/app.json
      - no-new-privileges:true
\`\`\`

## Fix safety
The fix removes the item (and \`security_opt\` with it when it was the only one). It is unsafe:
the restored profile can block a system call the service uses.
`,
});
