import type { Instruction } from '../../model/dockerfile-syntax';
import { keyAnchor, serviceEntry } from '../../model/compose';
import { builtDockerfile } from '../../model/build';
import type { DockerfileStage } from '../../model/dockerfile';
import { defineRule } from '../../rule';

/** The last HEALTHCHECK (`CMD` or `NONE`) of a stage or of the earlier stages it is built on. */
function stageHealthcheck(stage: DockerfileStage): Instruction | undefined {
  const seen = new Set<DockerfileStage>();
  for (let current: DockerfileStage | undefined = stage; current && !seen.has(current); current = current.base?.stage) {
    seen.add(current);
    const found = current.instructions.filter((i) => i.keyword === 'HEALTHCHECK');
    if (found.length > 0) return found[found.length - 1];
  }
  return undefined;
}

const WHY = 'Docker cannot tell a hung or broken container from a healthy one, so nothing restarts it or holds back traffic and dependent services';

export default defineRule({
  id: 'healthcheck-missing',
  title: 'The container has no health check',
  severity: 'info',
  kinds: ['dockerfile', 'compose'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'healthcheck_instruction_missing b03a748a, healthcheck_not_set 698ed579', checkov: 'CKV_DOCKER_2', trivy: 'DS-0026', hadolint: 'DL3057' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      const final = model.stages[model.stages.length - 1];
      if (!final || stageHealthcheck(final)) return;
      report({
        range: final.from.getRange(),
        message: `The final stage has no HEALTHCHECK: ${WHY}. Add "HEALTHCHECK CMD <probe>", or "HEALTHCHECK NONE" to say the image needs none.`,
      });
    },
    compose({ model, report, documentUri, workspace, dockerfiles }) {
      for (const service of model.services) {
        if (serviceEntry(model, service, 'healthcheck') !== undefined) continue;
        const image = serviceEntry(model, service, 'image');
        const build = serviceEntry(model, service, 'build');
        if (image === 'unknown' || build === 'unknown' || (!image && !build)) continue;
        const built = build ? builtDockerfile(model, service, documentUri, workspace, dockerfiles) : undefined;
        if (built && stageHealthcheck(built.stage)) continue;
        const source = built
          ? 'and the image it builds defines no HEALTHCHECK'
          : build
            ? 'and Bulwark could not read the Dockerfile it builds to find a HEALTHCHECK'
            : 'and Bulwark cannot see whether its image defines a HEALTHCHECK (few do)';
        const anchor = keyAnchor(service, 'healthcheck');
        report({
          range: anchor.range,
          message: `Service "${service.name}" has no healthcheck, ${source}: ${WHY}. Add a healthcheck: with a test, or disable: true to say it needs none.${anchor.note}`,
          related: built?.location ? [{ uri: built.location, range: built.stage.from.getRange(), message: 'the stage built, without HEALTHCHECK' }] : undefined,
        });
      }
    },
  },
  docs: `## What it does
Reports a Dockerfile whose final stage has no \`HEALTHCHECK\` (nor inherits one from the earlier
stage it is built on), anchored at the final \`FROM\`; and a Compose service without a
\`healthcheck:\` key whose image gives none Bulwark can see, anchored at the service key:
- a service that \`build:\`s its image is judged by the Dockerfile it builds (its \`target\` stage
  or final stage), read from the workspace: a \`HEALTHCHECK\` there is enough;
- a service that only names an \`image:\` is reported: Bulwark does not pull images, and few
  published images define a \`HEALTHCHECK\` (the official Docker Hub images do not). If yours does,
  turn the rule off for that service with a \`# bulwark-ignore healthcheck-missing\` comment.

\`HEALTHCHECK NONE\` in a Dockerfile and \`healthcheck: {disable: true}\` (or \`test: ["NONE"]\`) in
Compose are explicit choices and are not reported.

## Why is this bad?
Without a health check Docker only knows whether the main process is alive, not whether it
works. A deadlocked server, a worker stuck on a lost connection or an app that failed to load its
configuration stays "running": restart policies and orchestrators do not replace it, Compose's
\`depends_on: condition: service_healthy\` cannot wait for it, and load balancers keep sending it
traffic. It is robustness more than security, hence info (CIS Docker Benchmark 4.6).

## Example
\`\`\`dockerfile
FROM node:20.18-alpine3.20
USER node
CMD ["node", "server.js"]
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis:7.4
\`\`\`

## Use instead
\`\`\`dockerfile
FROM node:20.18-alpine3.20
USER node
HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:3000/health || exit 1
CMD ["node", "server.js"]
\`\`\`
\`\`\`yaml
services:
  cache:
    image: redis:7.4
    healthcheck:
      test: ["CMD", "redis-cli", "ping"]
      interval: 30s
\`\`\`

## Fix safety
No automatic fix: the probe depends on what the container serves.
`,
});
