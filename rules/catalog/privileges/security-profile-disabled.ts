import { containerNoun, removeFix, settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

/** The `security_opt` settings that switch a confinement off, and what they switch off. */
const DISABLING: Array<{ key: string; value: string; what: string }> = [
  { key: 'seccomp', value: 'unconfined', what: 'the seccomp filter, so every system call reaches the kernel' },
  { key: 'apparmor', value: 'unconfined', what: 'the AppArmor profile' },
  { key: 'label', value: 'disable', what: 'SELinux labelling' },
  { key: 'systempaths', value: 'unconfined', what: 'the masking of /proc and /sys paths' },
];

export default defineRule({
  id: 'security-profile-disabled',
  title: 'The container switches off seccomp, AppArmor or SELinux confinement',
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'default_seccomp_profile_disabled 404fde2c' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.securityOpt) {
          const match = /^([a-z]+)\s*[:=]\s*(\S.*|)$/i.exec(setting.value);
          if (!match) continue;
          const disabled = DISABLING.find((d) => d.key === match[1].toLowerCase() && d.value === match[2].trim().toLowerCase());
          if (!disabled) continue;
          const found = settingFinding(container, setting, 'error', `Remove it, or use a custom profile that allows only what the ${containerNoun(container)} needs.`);
          report({
            range: setting.range,
            message: `${container.label} switches off ${disabled.what} (${setting.value}). ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => removeFix(setting, `Remove ${setting.value}`),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a security option that switches a confinement off, wherever the container is declared (a
Compose service's \`security_opt\`, a dev container's \`securityOpt\` or a feature that sets it,
\`--security-opt\` in its \`runArgs\` or on a \`docker run\` line in a script, a Makefile or a CI file):
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
