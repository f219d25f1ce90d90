import { HARDENING_WORDS, lackingLimit } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'pids-limit-missing',
  title: 'The container has no pids limit',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'pids_limit_not_set 221e0658' },
  fix: { available: false, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        const lacking = lackingLimit(container, 'pidsLimit');
        if (!lacking) continue;
        report({
          range: lacking.range,
          message: `${container.label} ${lacking.state === 'unlimited' ? 'sets an unlimited pids limit' : 'has no pids limit'}: a fork bomb in it can exhaust the host's process table. Set ${HARDENING_WORDS[container.frontDoor].pids}.${lacking.note}`,
          severity: lacking.severity,
        });
      }
    },
  },
  docs: `## What it does
Reports a container without a limit, wherever it is declared (a dev container or a \`docker run\`
line in a script, a Makefile or a CI file without \`--pids-limit\`, as \`info\`, and not when its settings
could not all be read), and a Compose service with neither \`pids_limit\` nor \`deploy.resources.limits.pids\` (or with
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
