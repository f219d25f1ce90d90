import { exposedPorts } from '../../model/instructions';
import { settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

const SSH_PORT = 22;

function containsSsh(ports: [number, number] | undefined): ports is [number, number] {
  return ports !== undefined && ports[0] <= SSH_PORT && SSH_PORT <= ports[1];
}

export default defineRule({
  id: 'ssh-port-exposed',
  title: 'The SSH port of a container is exposed or published',
  severity: 'warning',
  kinds: ['dockerfile', 'compose', 'devcontainer', 'shell', 'ci'],
  category: 'network',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'exposing_port_22 5907595b', checkov: 'CKV_DOCKER_1', trivy: 'DS-0004' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const port of exposedPorts(model)) {
        if (port.protocol !== 'tcp' || !containsSsh(port.ports)) continue;
        const which = port.ports[0] === port.ports[1] ? 'port 22' : `port 22 (in ${port.port})`;
        const written = port.text !== port.port ? ` (${port.text})` : '';
        report({
          range: port.range,
          message: `EXPOSE declares ${which}${written}, SSH: an SSH server in a container is one more service to attack and to keep patched. Use "docker exec" to get a shell instead.`,
        });
      }
    },
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.ports) {
          const port = setting.value;
          if (port.protocol !== 'tcp' || !containsSsh(port.targetPorts)) continue;
          const which = port.targetPorts[0] === port.targetPorts[1] ? 'port 22' : `port 22 (in ${port.target})`;
          const shell = container.frontDoor === 'compose' ? '"docker exec" (or "docker compose exec")' : '"docker exec"';
          const found = settingFinding(container, setting, 'warning', `Use ${shell} to get a shell instead.`, { privilege: false });
          report({
            range: setting.range,
            message: `${container.label} publishes container ${which}, SSH: an SSH server in a container is one more service to attack and to keep patched. ${found.advice}`,
            severity: found.severity,
            related: setting.related,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a Dockerfile \`EXPOSE\` of port 22, the SSH port (\`22\`, \`22/tcp\`, a range such as
\`20-30\`, or a variable whose \`ARG\`/\`ENV\` value is such a port), and a container that publishes
container port 22, wherever it is declared (a Compose service's \`ports\`, a dev container's
\`appPort\` or \`runArgs\`, \`-p\` on a \`docker run\` line in a script, a Makefile or a CI file), in short or long syntax, alone or inside a range
(\`"2200-2300:20-120"\`). UDP ports are not reported.

## Why is this bad?
An SSH server in a container is an extra service that listens on the network, with its own
credentials or keys to manage, brute-force attempts to survive and vulnerabilities to patch. It
is rarely needed: \`docker exec\` and \`docker compose exec\` give a shell through the Docker API,
which is already authenticated.

## Example
\`\`\`dockerfile
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y openssh-server
EXPOSE 22 8080
CMD ["/usr/sbin/sshd", "-D"]
\`\`\`
\`\`\`yaml
services:
  app:
    image: example/app:1.4
    ports:
      - "2222:22"
\`\`\`

## Use instead
\`\`\`dockerfile
FROM ubuntu:24.04
EXPOSE 8080
# and for a shell: docker exec -it <container> sh
\`\`\`
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
