import { HARDENING_WORDS, lackingLimit } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'memory-limit-missing',
  title: 'The container has no memory limit',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'memory_not_limited bb9ac4f7' },
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        const lacking = lackingLimit(container, 'memoryLimit');
        if (!lacking) continue;
        report({
          range: lacking.range,
          message: `${container.label} ${lacking.state === 'unlimited' ? 'sets its memory limit to 0 (no limit)' : 'has no memory limit'}: a leak or an attack can exhaust the host's memory and get other containers killed. Set ${HARDENING_WORDS[container.frontDoor].memory}.${lacking.note}`,
          severity: lacking.severity,
        });
      }
    },
  },
  docs: `## What it does
Reports a container without a limit, wherever it is declared (a dev container or a \`docker run\`
line in a script, a Makefile or a CI file without \`--memory\`, as \`info\`, and not when its settings
could not all be read), and a Compose service with neither \`mem_limit\` nor \`deploy.resources.limits.memory\` (or
with a limit of zero, which means none, in any spelling: \`0\`, \`0m\`, \`0g\`, \`0b\`, \`0.0\`,
\`\${MEM:-0m}\`, quoted or not).

## Why is this bad?
Without a limit a container may use all the host's memory. A memory leak, a large request or a
deliberate denial of service then drives the host into swapping and makes the kernel's OOM
killer end other containers, or the Docker daemon itself.

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
          memory: 512M
\`\`\`

## Fix safety
No automatic fix: the right limit depends on the service.
`,
});
