import { HARDENING_WORDS, containerNoun, hasEveryCapability, lackingAt, missingSettingSeverity } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'cap-drop-missing',
  title: 'The container keeps the default Linux capabilities',
  severity: 'warning',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'container_capabilities_unrestricted ce76b7d0' },
  fix: { available: true, safe: false },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        const severity = missingSettingSeverity(container, 'warning', ['capDrop']);
        // privileged or cap_add: [ALL] is reported by its own rule, and this one's fix would change nothing.
        if (!severity || hasEveryCapability(container)) continue;
        const dropped = container.capDrop.map((setting) => setting.value.toUpperCase());
        if (dropped.includes('ALL')) continue;
        const words = HARDENING_WORDS[container.frontDoor];
        const lacking = lackingAt(container, 'capDrop');
        report({
          range: lacking.range,
          message: `${dropped.includes('CAP_ALL')
            ? `${container.label} drops CAP_ALL, which is no capability: Docker rejects it ("unknown capability") and the ${containerNoun(container)} does not start. Write ${words.dropAll}.`
            : dropped.length > 0
            ? `${container.label} drops some capabilities but not ALL: it keeps the rest of Docker's default set. Use ${words.dropAll} and add back only what it needs.`
            : `${container.label} keeps Docker's default Linux capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID, ...). Add ${words.dropAll} and add back only what it needs with ${words.capAdd}.`}${lacking.note}`,
          severity,
          // A script's or a dev container's container is not a deployment: the advice is strict's there (a CAP_ALL that stops it starting is not advice).
          beyondRecommended: container.frontDoor !== 'compose' && !dropped.includes('CAP_ALL'),
          fixes: () => {
            const edits = lacking.add?.();
            return edits && [{ title: `Add ${words.dropAll} (the ${containerNoun(container)} may need some capabilities back with ${words.capAdd})`, safe: false, edits }];
          },
        });
      }
    },
  },
  docs: `## What it does
Reports a container that does not drop every capability, wherever it is declared: a Compose
service whose \`cap_drop\` does not contain \`ALL\` (in any case), including a service without
\`cap_drop\` at all, and a dev container or a \`docker run\` line (in a script, a Makefile or a CI
file) without \`--cap-drop=ALL\`. Outside Compose the finding is \`info\` and only the \`strict\` and
\`cis\` profiles (or the rule set in \`rules:\`) report it: a container a script or an editor starts
for a while is not a deployment, and the advice would stand on every such line. A container whose
settings could not all be read (a variable, an unknown feature) is not reported. \`CAP_ALL\` is not \`ALL\`: Docker reads \`ALL\` alone as every
capability and prefixes any other name with \`CAP_\`, so it rejects \`CAP_ALL\` as an unknown
capability and the service does not start; the finding says so. A service with
\`privileged: true\` or \`cap_add: [ALL]\` is left to \`privileged\` and \`dangerous-cap-add\`: it
has every capability whatever it drops.

## Why is this bad?
Docker starts containers with a default set of Linux capabilities — among them \`CHOWN\`,
\`DAC_OVERRIDE\`, \`FOWNER\`, \`SETUID\`, \`SETGID\`, \`NET_RAW\` and \`MKNOD\`. Most services need none of
them. Each one a compromised process keeps widens what it can do: \`NET_RAW\` allows ARP and DNS
spoofing on the container network, \`DAC_OVERRIDE\` ignores file permissions, \`SETUID\` helps
privilege escalation. Dropping all and adding back the few that are needed follows the
principle of least privilege.

## Example
\`\`\`yaml
services:
  web:
    image: nginx:1.27
\`\`\`

## Use instead
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    cap_drop: [ALL]
    cap_add: [NET_BIND_SERVICE, CHOWN, SETUID, SETGID]
\`\`\`

## Fix safety
"Add cap_drop: [ALL]" inserts the key, with the service's indentation, when the service has no
\`cap_drop\` of its own (a service whose \`cap_drop\` comes from a merge key or \`extends\`, or is
written in flow style, gets no fix). It is unsafe: a service that needs a capability (binding a
port below 1024, changing file owners) stops working until it is added back with \`cap_add\`.
`,
});
