import { unitDaemonConfig } from '../../model/daemon';
import { settingOf } from '../../model/dockerd';
import { defineRule } from '../../rule';

/** Settings dockerd merges from both places instead of refusing them. */
const MERGED = new Set(['runtimes', 'config-file']);

export default defineRule({
  id: 'daemon-flag-conflict',
  title: 'A setting is given both as a dockerd flag and in daemon.json, so dockerd refuses to start',
  severity: 'error',
  kinds: ['systemd'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    systemd({ model, report, documentUri, workspace, daemonFiles }) {
      for (const command of model.dockerd) {
        const config = unitDaemonConfig(documentUri, command.configFile, workspace, daemonFiles).found;
        if (!config) continue;
        const reported = new Set<string>();
        for (const flag of command.settings) {
          if (MERGED.has(flag.key) || reported.has(flag.key)) continue;
          const inFile = settingOf(config.model, flag.key);
          if (!inFile) continue;
          reported.add(flag.key);
          report({
            range: flag.range,
            message: `"${flag.key}" is set both by this flag and in daemon.json: dockerd refuses to start ("the following directives are specified both as a flag and in the configuration file"). Keep one of the two${flag.key === 'hosts' ? ' — with hosts in daemon.json, override ExecStart without -H (a drop-in with an empty ExecStart= line and ExecStart=/usr/bin/dockerd)' : ''}.`,
            related: [{ uri: config.uri, range: inFile.keyRange, message: `"${flag.key}" in daemon.json` }],
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a dockerd flag in a systemd unit file (\`ExecStart=\`) whose setting the daemon.json that
dockerd reads also sets — the flag, with the daemon.json key as related information. Which
daemon.json is read is decided as for \`daemon-userns-remap-missing\`: the \`--config-file\` flag's,
or \`/etc/docker/daemon.json\`, looked up under the same root as the unit file when the workspace
holds a file-system tree, else beside the unit file.

## Why is this bad?
dockerd refuses to start when a setting comes from both places, even with the same value. The
classic case is the packaged unit's \`-H fd://\` together with \`"hosts"\` in daemon.json: the daemon
fails at the next restart, and every container with it.

## Example
\`\`\`ini
# docker.service.d/override.conf, with "hosts" in /etc/docker/daemon.json
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd -H fd://
\`\`\`

## Use instead
\`\`\`ini
[Service]
ExecStart=
ExecStart=/usr/bin/dockerd
\`\`\`

## Fix safety
No automatic fix: which of the two values is meant only the owner knows.
`,
});
