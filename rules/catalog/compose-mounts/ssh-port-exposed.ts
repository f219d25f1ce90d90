import { definedHere, portMappings } from '../../model/compose-mounts';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ssh-port-exposed',
  title: 'The SSH port of a container is published',
  severity: 'warning',
  kinds: ['compose'],
  category: 'network',
  peers: { kics: 'exposing_port_22 5907595b', checkov: 'CKV_DOCKER_1', trivy: 'DS-0004' },
  fix: { available: false, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const port of portMappings(model, service)) {
          if (port.protocol !== 'tcp' || !port.targetPorts || port.targetPorts[0] > 22 || port.targetPorts[1] < 22) continue;
          const which = port.targetPorts[0] === port.targetPorts[1] ? 'port 22' : `port 22 (in ${port.target})`;
          report({
            range: port.range,
            message: `Service "${service.name}" publishes container ${which}, SSH: an SSH server in a container is one more service to attack and to keep patched. Use "docker exec" (or "docker compose exec") to get a shell instead.`,
            related: definedHere(port, 'The port'),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a Compose service that publishes container port 22, the SSH port, in short or long
syntax, alone or inside a range (\`"2200-2300:20-120"\`). UDP ports are not reported.

This is the Compose side of the rule; the Dockerfile side (\`EXPOSE 22\`) comes with the Dockerfile
rule pack.

## Why is this bad?
An SSH server in a container is an extra service that listens on the network, with its own
credentials or keys to manage, brute-force attempts to survive and vulnerabilities to patch. It
is rarely needed: \`docker exec\` and \`docker compose exec\` give a shell through the Docker API,
which is already authenticated.

## Example
\`\`\`yaml
services:
  app:
    image: example/app:1.4
    ports:
      - "2222:22"
\`\`\`

## Use instead
\`\`\`yaml
services:
  app:
    image: example/app:1.4
# and for a shell: docker compose exec app sh
\`\`\`

## Fix safety
No automatic fix: removing the port cuts off whoever connects to it.
`,
});
