import { containerNoun, removeFix, settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

/** Capabilities that give a container a way out of its isolation, and what each allows. */
const DANGEROUS: Record<string, string> = {
  ALL: 'every capability',
  SYS_ADMIN: 'mounts, namespaces and most of the kernel administration',
  SYS_MODULE: 'loading kernel modules',
  SYS_PTRACE: 'tracing and injecting code into other processes',
  SYS_RAWIO: 'raw access to devices and I/O ports',
  SYS_BOOT: 'rebooting the host',
  NET_ADMIN: 'reconfiguring interfaces, routes and firewall rules',
  DAC_READ_SEARCH: 'reading any file, and escaping to the host file system with open_by_handle_at',
  MAC_ADMIN: 'changing the AppArmor or SELinux policy',
  BPF: 'loading BPF programs into the kernel',
  PERFMON: 'kernel performance monitoring that leaks kernel memory layout',
};

export default defineRule({
  id: 'dangerous-cap-add',
  title: 'The container is given a capability that can break out of it',
  severity: 'error',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'container_capabilities_unrestricted ce76b7d0' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.capAdd) {
          const written = setting.value.toUpperCase();
          if (written === 'CAP_ALL') {
            // Docker takes `ALL` alone as every capability, and prefixes any other name with CAP_: CAP_ALL names none.
            const found = settingFinding(container, setting, 'warning', 'Name the capabilities it needs instead (ALL would add every one, nearly privileged).');
            report({
              range: setting.range,
              message: `${container.label} adds CAP_ALL, which is no capability: Docker rejects it ("unknown capability") and the ${containerNoun(container)} does not start. ${found.advice}`,
              severity: found.severity,
              related: setting.related,
              fixes: () => removeFix(setting, `Remove ${setting.value}`),
            });
            continue;
          }
          const cap = written.replace(/^CAP_/, '');
          const allows = DANGEROUS[cap];
          if (!allows) continue;
          const found = settingFinding(container, setting, 'error', 'Remove it and add only narrower capabilities it needs.');
          report({
            range: setting.range,
            message: `${container.label} adds ${cap === 'ALL' ? 'ALL capabilities' : `the ${cap} capability`} (${allows}): enough to escape the container or attack the host. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => removeFix(setting, `Remove ${setting.value}`),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a capability added to a container, wherever it is declared (a Compose service's \`cap_add\`,
a dev container's \`capAdd\` or a feature that adds it, \`--cap-add\` in its \`runArgs\` or on a
\`docker run\` line in a script, a Makefile or a CI file), when it is \`ALL\`, \`SYS_ADMIN\`, \`SYS_MODULE\`,
\`SYS_PTRACE\`, \`SYS_RAWIO\`, \`SYS_BOOT\`, \`NET_ADMIN\`, \`DAC_READ_SEARCH\`, \`MAC_ADMIN\`, \`BPF\` or
\`PERFMON\`, with or without the \`CAP_\` prefix, in any case.

\`CAP_ALL\` is not \`ALL\`: Docker reads \`ALL\` alone as every capability and prefixes any other
name with \`CAP_\`, so it rejects \`CAP_ALL\` as an unknown capability and the container does not
start. It is reported as a warning that says so.

## Why is this bad?
These capabilities are close to root on the host. \`SYS_ADMIN\` allows mounts and namespace
tricks behind many container escapes, \`SYS_MODULE\` loads kernel code, \`SYS_PTRACE\` injects
code into other processes, \`DAC_READ_SEARCH\` enabled the "shocker" escape, \`NET_ADMIN\` rewrites
the network, and \`ALL\` is nearly \`privileged: true\`.

## Example
\`\`\`yaml
services:
  vpn:
    image: myorg/vpn:1.0
    cap_add: [SYS_ADMIN, NET_ADMIN]
\`\`\`

## Use instead
\`\`\`yaml
services:
  vpn:
    image: myorg/vpn:1.0
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE]
\`\`\`

## Fix safety
The fix removes the item (and \`cap_add\` with it when it was the only one). It is unsafe: a
service that needs the capability stops working.
`,
});
