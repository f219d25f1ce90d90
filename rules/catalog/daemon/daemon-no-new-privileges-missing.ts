import { setKeysFix } from '../../fixes/daemon-json';
import { settingOf } from '../../model/dockerd';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'daemon-no-new-privileges-missing',
  title: 'Containers may gain privileges through setuid programs by default',
  severity: 'info',
  kinds: ['daemon'],
  category: 'daemon',
  profiles: ['strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    daemon({ model, report }) {
      const setting = settingOf(model, 'no-new-privileges');
      if (setting?.value === true || !model.documentRange) return;
      const fix = setKeysFix(model, 'Set "no-new-privileges": true (unsafe: setuid programs such as sudo stop gaining privileges in every container)', [['no-new-privileges', true]]);
      report({
        range: model.documentRange,
        message: `"no-new-privileges" is ${setting ? 'not true' : 'not set'}: a process in any container can gain privileges through a setuid or file-capability program unless each container opts out. Set "no-new-privileges": true to make it the default.`,
        fixes: fix ? [fix] : undefined,
      });
    },
  },
  docs: `## What it does
Reports a daemon.json whose \`no-new-privileges\` is not \`true\`, at the opening \`{\`.

## Why is this bad?
Without it, every container may raise its privileges through setuid-root and file-capability
programs (\`su\`, \`sudo\`, \`ping\`, ...) unless it is started with
\`--security-opt no-new-privileges\`. Set daemon-wide, the Linux \`no_new_privs\` flag applies to
every container by default, which closes a whole class of privilege escalations after a breach
(CIS Docker Benchmark 2.18; Docker's "dockerd" reference, \`--no-new-privileges\`).

## Example
\`\`\`json
{
  "log-driver": "json-file"
}
\`\`\`

## Use instead
\`\`\`json
{
  "log-driver": "json-file",
  "no-new-privileges": true
}
\`\`\`

## Fix safety
The fix sets \`"no-new-privileges": true\`: unsafe, since containers that rely on setuid programs
(an image that calls \`sudo\`) stop working.
`,
});
