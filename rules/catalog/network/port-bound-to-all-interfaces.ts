import { definedHere, portMappings } from '../../model/compose-mounts';
import { fixOf, rewriteScalar, setItemKey } from '../../fixes/compose-fixes';
import { defineRule } from '../../rule';

const ALL_INTERFACES = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

const LOOPBACK = '127.0.0.1';

/** A short-syntax port bound to the loopback interface: its all-interfaces host IP replaced, or one put in front. */
function withLoopback(text: string, hostIp: string | undefined): string | undefined {
  if (hostIp === undefined) return /^\d+(?:-\d+)?(?:\/\w+)?$/.test(text) ? `${LOOPBACK}::${text}` : `${LOOPBACK}:${text}`;
  for (const written of [`[${hostIp}]:`, `${hostIp}:`]) if (text.startsWith(written)) return `${LOOPBACK}:${text.slice(written.length)}`;
  return undefined;
}

export default defineRule({
  id: 'port-bound-to-all-interfaces',
  title: 'A published port listens on every interface of the host',
  severity: 'info',
  kinds: ['compose'],
  category: 'network',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'container_traffic_not_bound_to_host_interface 451d79dc', dclint: 'no-unbound-port-interfaces' },
  fix: { available: true, safe: false },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        for (const port of portMappings(model, service)) {
          if (port.hostIp !== undefined && !ALL_INTERFACES.has(port.hostIp)) continue;
          const how = port.hostIp === undefined ? 'is published without a host IP, so it listens on every interface of the host' : `is bound to ${port.hostIp}, every interface of the host`;
          report({
            range: port.range,
            message: `Port ${port.target}${port.protocol === 'tcp' ? '' : `/${port.protocol}`} of service "${service.name}" ${how}, and Docker's rules bypass the host firewall (ufw, firewalld). Bind it to 127.0.0.1 unless other machines must reach it.`,
            related: definedHere(port, 'The port'),
            fixes: () => fixOf(
              'Bind the port to 127.0.0.1 (other machines can no longer reach it)',
              false,
              port.syntax === 'long'
                ? setItemKey(model, service, 'ports', port, 'host_ip', LOOPBACK)
                : rewriteScalar(model, port, (text) => withLoopback(text, port.hostIp)),
            ),
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a published port, in short or long syntax, that names no host IP (\`"8080:80"\`, \`"80"\`,
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
