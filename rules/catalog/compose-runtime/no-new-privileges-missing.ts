import { serviceEntry } from '../../model/compose';
import { defineRule } from '../../rule';
import { definedHere, listItems } from './util';

export default defineRule({
  id: 'no-new-privileges-missing',
  title: 'The service lets its processes gain privileges',
  severity: 'info',
  kinds: ['compose'],
  category: 'privileges',
  peers: { kics: 'no_new_privileges_not_set 27fcc7d6' },
  fix: { available: false, safe: true },
  check: {
    compose({ model, report }) {
      for (const service of model.services) {
        const entry = serviceEntry(model, service, 'security_opt');
        if (entry === 'unknown') continue;
        const options = listItems(model, entry?.value);
        // An option that cannot be read (an unset variable) may be the one.
        if (options.some(({ text }) => text === undefined)) continue;
        const setting = options.map(({ text }) => /^no-new-privileges(?:\s*[:=]\s*(.*))?$/i.exec(text!.trim())).find((match) => match !== null);
        const value = setting?.[1]?.trim().toLowerCase();
        if (setting && (value === undefined || value === 'true')) continue;
        report({
          range: service.keyRange,
          message: setting
            ? `Service "${service.name}" sets no-new-privileges to ${setting[1]}: setuid binaries and file capabilities can still raise its processes' privileges. Use security_opt: ["no-new-privileges:true"].`
            : `Service "${service.name}" does not set no-new-privileges: setuid binaries and file capabilities can raise its processes' privileges. Add security_opt: ["no-new-privileges:true"].`,
          related: entry ? definedHere('security_opt', entry.definedAt, entry.value?.definedAt) : undefined,
        });
      }
    },
  },
  docs: `## What it does
Reports a Compose service whose \`security_opt\` does not contain \`no-new-privileges:true\` (also
written \`no-new-privileges=true\` or \`no-new-privileges\`), including a service without
\`security_opt\` and one that sets it to \`false\`.

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
No automatic fix yet. Adding the option only stops privilege gains through setuid binaries, so
such a fix will be marked safe.
`,
});
