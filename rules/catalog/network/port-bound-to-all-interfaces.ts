import { inSentence, settingFinding } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

export default defineRule({
  id: 'port-bound-to-all-interfaces',
  title: 'A published port listens on every interface of the host',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'network',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'container_traffic_not_bound_to_host_interface 451d79dc', dclint: 'no-unbound-port-interfaces' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        for (const setting of container.ports) {
          const port = setting.value;
          if (port.hostIp !== undefined && !ALL_INTERFACES.has(port.hostIp)) continue;
          const how = port.hostIp === undefined ? 'is published without a host IP, so it listens on every interface of the host' : `is bound to ${port.hostIp}, every interface of the host`;
          const found = settingFinding(container, setting, 'info', 'Bind it to 127.0.0.1 unless other machines must reach it.', { privilege: false });
          report({
            // The port is what the sentence is about: the container is named after it.
            range: setting.range,
            message: `Port ${port.target}${port.protocol === 'tcp' ? '' : `/${port.protocol}`} of ${inSentence(container.label)} ${how}, and Docker's rules bypass the host firewall (ufw, firewalld). ${found.advice}`,
            severity: found.severity,
            related: setting.related,
            fixes: () => {
              const edits = setting.edits?.toLoopback?.();
              return edits && [{ title: 'Bind the port to 127.0.0.1 (other machines can no longer reach it)', safe: false, edits }];
            },
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a published port, wherever the container is declared (a Compose service's \`ports\`, a dev
container's \`appPort\` or \`-p\` in its \`runArgs\`, \`-p\` on a \`docker run\` line in a script, a
Makefile or a CI file), in short or long syntax, that names no host IP (\`"8080:80"\`, \`"80"\`,
\`published: 8080\` without \`host_ip\`) or names one that means every interface (\`0.0.0.0\`, \`::\`).

## Why is this bad?
Without a host IP Docker listens on every interface of the host, including the public one, and
the iptables rules it installs take precedence over the host's firewall (ufw, firewalld): a
database or admin interface meant for local use becomes reachable from the network. Most
services behind a reverse proxy, and every port used only for local development, need only
\`127.0.0.1\`.

## Example
\`\`\`yaml
services:
  db:
    image: postgres:16.4
    ports:
      - "5432:5432"
\`\`\`

## Use instead
\`\`\`yaml
services:
  db:
    image: postgres:16.4
    ports:
      - "127.0.0.1:5432:5432"
\`\`\`

## Fix safety
The fix binds the port to \`127.0.0.1\`: a \`127.0.0.1:\` prefix in the short syntax, \`host_ip:
127.0.0.1\` in the long syntax. It is unsafe: clients on other machines can no longer reach it.
`,
});
