import { unitDaemonConfig } from '../../model/daemon';
import { settingOf, type DaemonSettings } from '../../model/dockerd';
import { defineRule } from '../../rule';

const WHY = 'root in a container is then root on the host, and a container escape gives the attacker the whole machine. Remapping makes container root an unprivileged host user';

function remapped(settings: DaemonSettings | undefined): boolean {
  const value = settingOf(settings, 'userns-remap')?.value;
  return typeof value === 'string' && value.trim() !== '';
}

export default defineRule({
  id: 'daemon-userns-remap-missing',
  title: 'Container root is host root: no user-namespace remapping',
  severity: 'info',
  kinds: ['daemon', 'systemd'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    daemon({ model, report }) {
      if (remapped(model) || !model.documentRange) return;
      report({ range: model.documentRange, message: `"userns-remap" is ${settingOf(model, 'userns-remap') ? 'empty' : 'not set'}: ${WHY} ("userns-remap": "default").` });
    },
    systemd({ model, report, documentUri, workspace, daemonFiles }) {
      for (const command of model.dockerd) {
        if (command.incomplete || remapped(command)) continue;
        const config = unitDaemonConfig(documentUri, command.configFile, workspace, daemonFiles);
        if (config.unknown || config.found?.model.incomplete || remapped(config.found?.model)) continue;
        report({
          range: command.program.range,
          message: `dockerd runs without --userns-remap${config.found ? ' and its daemon.json does not set "userns-remap"' : ''}: ${WHY} (--userns-remap=default, or "userns-remap" in daemon.json).`,
        });
      }
    },
  },
  docs: `## What it does
Reports a daemon.json without a non-empty \`userns-remap\`, at the opening \`{\`, and a dockerd
command line in a systemd unit file (\`ExecStart=\`) without \`--userns-remap\`, at the program,
unless the daemon.json it reads sets it. That daemon.json is the \`--config-file\` flag's, or
\`/etc/docker/daemon.json\`: in a workspace holding a file-system tree
(\`etc/systemd/system/docker.service.d/\`), \`etc/docker/daemon.json\` under the same root; otherwise
a daemon.json beside the unit file. A command line whose flags come partly from a variable
(\`$DOCKER_OPTS\`), or whose \`--config-file\` is not in the workspace, is not judged.

## Why is this bad?
Without user-namespace remapping, UID 0 in a container is UID 0 on the host. Capabilities,
seccomp and AppArmor narrow what that root can do, but any container escape — a kernel bug, a
mounted socket, a privileged container — lands as root on the host. With \`userns-remap\`, container
root maps to an unprivileged range of host UIDs (Docker's documentation: "Isolate containers with
a user namespace"; CIS Docker Benchmark 2.8).

## Example
\`\`\`ini
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd -H fd://
\`\`\`

## Use instead
\`\`\`ini
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd -H fd:// --userns-remap=default
\`\`\`
or \`"userns-remap": "default"\` in daemon.json.

## Fix safety
No automatic fix: remapping changes the owner of every image layer and volume the daemon
manages (it starts from an empty image store), and some containers (\`--privileged\`, host
namespaces) need \`userns_mode: host\`; it has to be planned.
`,
});
