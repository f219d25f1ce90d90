import { defineRule } from '../../rule';
import { limitState } from '../../model/compose-values';
import { keyAnchor } from '../../model/compose';

export default defineRule({
  id: 'pids-limit-missing',
  title: 'The service has no limit on its number of processes',
  severity: 'info',
  kinds: ['compose'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'pids_limit_not_set 221e0658' },
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const state = limitState(model, service, ['pids_limit'], 'pids', ['-1']);
        if (state === 'set' || state === 'unknown') continue;
        const anchor = keyAnchor(service, 'pids_limit', 'deploy');
        report({
          range: anchor.range,
          message: `Service "${service.name}" ${state === 'unlimited' ? 'sets an unlimited pids limit' : 'has no pids limit'}: a fork bomb in it can exhaust the host's process table. Set pids_limit or deploy.resources.limits.pids.${anchor.note}`,
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service with neither \`pids_limit\` nor \`deploy.resources.limits.pids\` (or with
a limit of \`0\` or \`-1\`, in any spelling (\`"0"\`, \`\${PIDS:-0}\`), which mean none).

## Why is this bad?
The processes of all containers share the host kernel's process table. Without a limit, a fork
bomb or a runaway worker pool in one container exhausts it, and no process can start anywhere on
the host, including the tools to stop it.

## Example
\`\`\`yaml
services:
  worker:
    image: myorg/worker:1.8
\`\`\`

## Use instead
\`\`\`yaml
services:
  worker:
    image: myorg/worker:1.8
    pids_limit: 200
\`\`\`

## Fix safety
No automatic fix: the right limit depends on the service.
`,
});
