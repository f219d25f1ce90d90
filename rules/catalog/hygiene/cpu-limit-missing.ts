import { defineRule } from '../../rule';
import { limitState } from '../../model/compose-values';
import { keyAnchor } from '../../model/compose';

export default defineRule({
  id: 'cpu-limit-missing',
  title: 'The service has no CPU limit',
  severity: 'info',
  kinds: ['compose'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'cpus_not_limited 6b610c50' },
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const state = limitState(model, service, ['cpus', 'cpu_quota'], 'cpus', ['-1']);
        if (state === 'set' || state === 'unknown') continue;
        const anchor = keyAnchor(service, 'cpus', 'cpu_quota', 'deploy');
        report({
          range: anchor.range,
          message: `Service "${service.name}" ${state === 'unlimited' ? 'sets its CPU limit to none' : 'has no CPU limit'}: a busy loop or an attack in it can starve the other containers and the host. Set cpus or deploy.resources.limits.cpus.${anchor.note}`,
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service with neither \`cpus\` (or \`cpu_quota\`) nor
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
