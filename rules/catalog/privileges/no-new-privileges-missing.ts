import { keyAnchor, serviceEntry } from '../../model/compose';
import { addServiceKey } from '../../fixes/edits';
import { defineRule } from '../../rule';
import type { Fix, TextEdit } from '../../types';
import { definedHere, hasEveryCapability, listItems } from '../../model/compose-values';

export default defineRule({
  id: 'no-new-privileges-missing',
  title: 'The service lets its processes gain privileges',
  severity: 'info',
  kinds: ['compose'],
  category: 'privileges',
  profiles: ['strict'],
  peers: { kics: 'no_new_privileges_not_set 27fcc7d6' },
  fix: { available: true, safe: true },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'security_opt');
        if (entry === 'unknown') continue;
        // privileged or cap_add: [ALL] is reported by its own rule, and this one's fix would change nothing.
        if (hasEveryCapability(model, service)) continue;
        const options = listItems(model, entry?.value);
        // An option that cannot be read (an unset variable) may be the one.
        if (options.some(({ text }) => text === undefined)) continue;
        const setting = options.map(({ text }) => /^no-new-privileges(?:\s*[:=]\s*(\S.*|))?$/i.exec(text!.trim())).find((match) => match !== null);
        const value = setting?.[1]?.trim().toLowerCase();
        if (setting && (value === undefined || value === 'true')) continue;
        const anchor = keyAnchor(service, 'security_opt');
        report({
          range: anchor.range,
          message: `${setting
            ? `Service "${service.name}" sets no-new-privileges to ${setting[1]}: setuid binaries and file capabilities can still raise its processes' privileges. Use security_opt: ["no-new-privileges:true"].`
            : `Service "${service.name}" does not set no-new-privileges: setuid binaries and file capabilities can raise its processes' privileges. Add security_opt: ["no-new-privileges:true"].`}${anchor.note}`,
          related: entry ? definedHere('security_opt', entry.definedAt, entry.value?.definedAt) : undefined,
          fixes: () => entry ? undefined : fixesOf(addServiceKey(model, service, 'security_opt: ["no-new-privileges:true"]')),
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service whose \`security_opt\` does not contain \`no-new-privileges:true\` (also
written \`no-new-privileges=true\` or \`no-new-privileges\`), including a service without
\`security_opt\` and one that sets it to \`false\`. A service with \`privileged: true\` or
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

function fixesOf(edit: TextEdit | undefined): Fix[] | undefined {
  return edit ? [{ title: 'Add security_opt: ["no-new-privileges:true"]', safe: true, edits: [edit] }] : undefined;
}
