import { setKeysFix } from '../../fixes/daemon-json';
import { settingOf } from '../../model/dockerd';
import { dockerdCommandsOf, type CommandLineModel } from '../../model/dockerd-commands';
import { defineRule, type RuleContext } from '../../rule';

const WHY = 'every container on the default bridge network can then reach every other one on any port, so one compromised container can attack its neighbours';

function checkCommandLines({ model, report }: RuleContext<CommandLineModel>): void {
  for (const command of dockerdCommandsOf(model)) {
    const icc = command.settings.filter((setting) => setting.key === 'icc' && setting.value === true);
    for (const setting of icc) report({ range: setting.range, message: `dockerd is started with inter-container communication on: ${WHY}. Use --icc=false and user-defined networks.` });
  }
}

export default defineRule({
  id: 'daemon-icc-enabled',
  title: 'Containers on the default bridge network can all talk to each other',
  severity: 'info',
  kinds: ['daemon', 'systemd', 'dockerfile', 'compose'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: true, safe: false },
  check: {
    daemon({ model, report }) {
      const icc = settingOf(model, 'icc');
      if (icc?.value === false || !model.documentRange) return;
      const fix = setKeysFix(model, 'Set "icc": false (unsafe: containers on the default bridge network can no longer reach each other; user-defined networks are unaffected)', [['icc', false]]);
      report({
        range: icc ? icc.keyRange : model.documentRange,
        message: `${icc ? '"icc" is not false' : '"icc" is not set, so it defaults to true'}: ${WHY}. Set "icc": false and connect the containers that must talk through user-defined networks.`,
        fixes: fix ? [fix] : undefined,
      });
    },
    systemd: checkCommandLines,
    dockerfile: checkCommandLines,
    compose: checkCommandLines,
  },
  docs: `## What it does
Reports a daemon.json whose \`icc\` (inter-container communication) is not \`false\` — at the key
when it is set, at the opening \`{\` when it is missing, since the default is \`true\` — and a
dockerd command line that sets \`--icc=true\` (or \`--icc\`) explicitly: in a systemd unit file, a
Dockerfile \`RUN\`/\`CMD\`/\`ENTRYPOINT\` or a Compose service's \`command\`/\`entrypoint\`. (A
command line without the flag is not reported: its daemon.json may set it.)

## Why is this bad?
With \`icc\` on, containers on the default \`bridge\` network reach each other on every port, exposed
or not. A single compromised container can then probe and attack every other one. Docker's
documentation ("Bridge network driver", the \`icc\` option; "Docker security") and the CIS Docker
Benchmark (2.1) recommend turning it off and connecting the containers that need each other
through user-defined networks.

## Example
\`\`\`json
{
  "icc": true
}
\`\`\`

## Use instead
\`\`\`json
{
  "icc": false
}
\`\`\`

## Fix safety
The fix sets \`"icc": false\`: unsafe, since containers on the default bridge network that talk to
each other (through \`--link\` or by IP) stop reaching each other. User-defined networks, which
Compose uses, are not affected.
`,
});
