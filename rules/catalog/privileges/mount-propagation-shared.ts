import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'mount-propagation-shared',
  title: "A bind mount propagates the container's mounts to the host",
  severity: 'warning',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'volume_mounted_in_multiple_containers baa452f0' },
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.mounts) {
          const mount = setting.value;
          if (mount.type !== 'bind' || (mount.propagation !== 'shared' && mount.propagation !== 'rshared')) continue;
          const found = settingFinding(container, setting, 'warning', "Use the default (rprivate), or rslave when the container must only see the host's mounts.");
          report({
            range: setting.range,
            message: `${container.label} bind-mounts ${mount.source ?? 'a host path'} with ${mount.propagation} propagation: mounts made inside the container appear on the host and in the other containers that share it. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a bind mount with \`shared\` or \`rshared\` propagation, wherever the container is declared (a Compose service's \`volumes\`, a dev container's \`mounts\` or a
feature's, \`-v\` or \`--mount\` in its \`runArgs\` or on a \`docker run\` line in a script, a Makefile
or a CI file):
\`:shared\`/\`:rshared\` in the short syntax, \`bind.propagation: shared\`/\`rshared\` in Compose's long
syntax, \`bind-propagation=shared\` in a \`--mount\`.

## Why is this bad?
With shared propagation, a mount made inside the container under that path propagates back to
the host's mount namespace, and from there to every other container that shares the path. A
compromised container can then cover a host folder with its own content or expose a file
system to others. Only a few system components (volume plugins, CSI drivers) need it. \`rslave\`
lets the container see the host's new mounts without sending its own back.

## Example
\`\`\`yaml
services:
  agent:
    image: example/agent:3.0
    volumes:
      - /mnt/data:/mnt/data:rshared
\`\`\`

## Use instead
\`\`\`yaml
services:
  agent:
    image: example/agent:3.0
    volumes:
      - /mnt/data:/mnt/data:rslave
\`\`\`

## Fix safety
No automatic fix: a component that mounts file systems for others stops working without it.
`,
});
