import { HARDENING_WORDS, hasEveryCapability, lackingAt, missingSettingSeverity } from '../../model/runtime-findings';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'no-new-privileges-missing',
  title: 'The container lets its processes gain privileges',
  severity: 'info',
  kinds: ['compose', 'devcontainer', 'shell', 'ci'],
  category: 'privileges',
  profiles: ['strict'],
  peers: { kics: 'no_new_privileges_not_set 27fcc7d6' },
  fix: { available: true, safe: true },
  check: {
    runtime({ model, report }) {
      for (const container of model) {
        // An option that cannot be read (an unset variable) may be the one.
        const severity = missingSettingSeverity(container, 'info', ['securityOpt']);
        // privileged or cap_add: [ALL] is reported by its own rule, and this one's fix would change nothing.
        if (!severity || hasEveryCapability(container)) continue;
        const setting = container.securityOpt.map(({ value }) => /^no-new-privileges(?:\s*[:=]\s*(\S.*|))?$/i.exec(value)).find((match) => match !== null);
        const value = setting?.[1]?.trim().toLowerCase();
        if (setting && (value === undefined || value === 'true')) continue;
        const words = HARDENING_WORDS[container.frontDoor];
        const lacking = lackingAt(container, 'noNewPrivileges');
        report({
          range: lacking.range,
          message: `${setting
            ? `${container.label} sets no-new-privileges to ${setting[1]}: setuid binaries and file capabilities can still raise its processes' privileges. Use ${words.noNewPrivileges}.`
            : `${container.label} does not set no-new-privileges: setuid binaries and file capabilities can raise its processes' privileges. Add ${words.noNewPrivileges}.`}${lacking.note}`,
          severity,
          related: lacking.related,
          fixes: () => {
            const edits = lacking.add?.();
            return edits && [{ title: `Add ${words.noNewPrivileges}`, safe: true, edits }];
          },
        });
      }
    },
  },
  docs: `## What it does
Reports a container whose security options do not contain \`no-new-privileges:true\` (also
written \`no-new-privileges=true\` or \`no-new-privileges\`), wherever it is declared: a Compose
service's \`security_opt\` (a service without one, or one that sets it to \`false\`), a dev
container's \`securityOpt\` and \`runArgs\`, \`--security-opt\` on a \`docker run\` line in a script,
a Makefile or a CI file. A container whose settings could not all be read (a variable, an unknown
feature) is not reported. A service with \`privileged: true\` or
\`cap_add: [ALL]\` is left to \`privileged\` and \`dangerous-cap-add\`: its processes have every
privilege already.

## Why is this bad?
Without \`no-new-privileges\`, a process in the container can gain privileges through setuid or
setgid binaries (\`su\`, \`sudo\`, \`ping\` on older images) or file capabilities. With it the kernel
refuses any such gain, which closes a common privilege-escalation path after a compromise at no
cost for most services.

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
    security_opt: ["no-new-privileges:true"]
\`\`\`

## Fix safety
"Add security_opt: [no-new-privileges:true]" is safe: it inserts the key, with the service's
indentation, when the service has no \`security_opt\` of its own; a service that needs to gain
privileges through a setuid binary at run time is rare and broken by design. A service with a
\`security_opt\` list, or one written in flow style, gets no automatic fix.
`,
});
