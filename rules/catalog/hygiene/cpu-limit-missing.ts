import { HARDENING_WORDS, lackingLimit } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cpu-limit-missing',
  title: 'The container has no CPU limit',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'cpus_not_limited 6b610c50' },
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        const lacking = lackingLimit(container, 'cpuLimit');
        if (!lacking) continue;
        report({
          range: lacking.range,
          message: `${container.label} ${lacking.state === 'unlimited' ? 'sets its CPU limit to none' : 'has no CPU limit'}: a busy loop or an attack in it can starve the other containers and the host. Set ${HARDENING_WORDS[container.frontDoor].cpus}.${lacking.note}`,
          severity: lacking.severity,
        });
      }
    },
  },
  docs: `## What it does
Reports a container without a limit, wherever it is declared (a dev container or a \`docker run\`
line in a script, a Makefile or a CI file without \`--cpus\`, as \`info\`, and not when its settings
could not all be read), and a Compose service with neither \`cpus\` (or \`cpu_quota\`) nor
\`deploy.resources.limits.cpus\` (or with a limit of zero, which means none, in any spelling:
\`0\`, \`0.0\`, \`"0.000"\`, \`\${CPUS:-0}\`; or \`-1\`).

## Why is this bad?
Without a limit a container may use every CPU of the host. A busy loop, a crypto miner planted
by an attacker or a flood of expensive requests then slows down every other container and the
host's own services.

## Example
\`\`\`yaml
services:
  api:
    image: myorg/api:2.3
\`\`\`

## Use instead
\`\`\`yaml
services:
  api:
    image: myorg/api:2.3
    deploy:
      resources:
        limits:
          cpus: "1.5"
\`\`\`

## Fix safety
No automatic fix: the right limit depends on the service.
`,
});
