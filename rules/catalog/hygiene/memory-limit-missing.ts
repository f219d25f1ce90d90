import { defineRule } from '../../rule';
import { limitState } from '../../model/compose-values';
import { keyAnchor } from '../../model/compose';

export default defineRule({
  id: 'memory-limit-missing',
  title: 'The service has no memory limit',
  severity: 'info',
  kinds: ['compose'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'memory_not_limited bb9ac4f7' },
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const state = limitState(model, service, ['mem_limit'], 'memory', []);
        if (state === 'set' || state === 'unknown') continue;
        const anchor = keyAnchor(service, 'mem_limit', 'deploy');
        report({
          range: anchor.range,
          message: `Service "${service.name}" ${state === 'unlimited' ? 'sets its memory limit to 0 (no limit)' : 'has no memory limit'}: a leak or an attack can exhaust the host's memory and get other containers killed. Set mem_limit or deploy.resources.limits.memory.${anchor.note}`,
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service with neither \`mem_limit\` nor \`deploy.resources.limits.memory\` (or
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
