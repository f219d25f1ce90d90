import { KNOWN_DAEMON_KEYS, REMOVED_DAEMON_KEYS } from '../../model/daemon';
import { defineRule } from '../../rule';
import { nearestWord } from '../../suggest';

/** The known key closest to `key`, when one is close enough to be what was meant (`log_driver` → `log-driver`). */
export function nearestKey(key: string): string | undefined {
  return nearestWord(key.replace(/_/g, '-'), [...KNOWN_DAEMON_KEYS]);
}

export default defineRule({
  id: 'daemon-unknown-key',
  title: 'daemon.json holds a key dockerd does not know, so it refuses to start',
  severity: 'info',
  kinds: ['daemon'],
  category: 'daemon',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    daemon({ model, report }) {
      for (const setting of model.settings) {
        if (KNOWN_DAEMON_KEYS.has(setting.key)) continue;
        const removed = REMOVED_DAEMON_KEYS.get(setting.key);
        const suggestion = removed ? removed.instead : nearestKey(setting.key);
        const what = removed ? `"${setting.key}" was removed from dockerd in release ${removed.release}` : `"${setting.key}" is not a daemon.json setting`;
        report({
          range: setting.keyRange,
          message: `${what}: dockerd refuses to start with it ("the following directives don't match any configuration option").${suggestion ? ` Did you mean "${suggestion}"?` : ' Remove it.'}`,
        });
      }
    },
  },
  docs: `## What it does
Reports a top-level daemon.json key that dockerd does not know — a typo, a key from another tool,
or one that a newer release removed (\`graph\`, replaced by \`data-root\`; \`cluster-store\`;
\`disable-legacy-registry\`) — with the closest known key when one is close. The known keys are
those of Docker's "Daemon configuration file" reference (dockerd). Keys inside nested objects
(\`log-opts\`, \`runtimes\`, \`features\`) are the business of the drivers they configure and are
not checked.

## Why is this bad?
dockerd refuses to start when daemon.json holds a key it does not recognise. The mistake shows
only when the daemon restarts — often at a reboot, long after the edit — and takes every container
down with it. A misspelled security setting (\`"userns_remap"\`) is also simply not applied.

## Example
\`\`\`json
{
  "userns_remap": "default",
  "graph": "/data/docker"
}
\`\`\`

## Use instead
\`\`\`json
{
  "userns-remap": "default",
  "data-root": "/data/docker"
}
\`\`\`

## Fix safety
No automatic fix: the suggestion is a guess; renaming a key changes what the daemon does.
`,
});
