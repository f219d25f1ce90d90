import { KNOWN_DAEMON_KEYS, REMOVED_DAEMON_KEYS } from '../../model/daemon';
import { defineRule } from '../../rule';

/** The edit distance between two keys (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length];
}

/** The known key closest to `key`, when one is close enough to be what was meant. */
export function nearestKey(key: string): string | undefined {
  let best: { key: string; distance: number } | undefined;
  const normalized = key.toLowerCase().replace(/_/g, '-');
  for (const known of KNOWN_DAEMON_KEYS) {
    const d = distance(normalized, known);
    if (!best || d < best.distance) best = { key: known, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

export default defineRule({
  id: 'daemon-unknown-key',
  title: 'daemon.json holds a key dockerd does not know, so it refuses to start',
  severity: 'info',
  kinds: ['daemon'],
  category: 'daemon',
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
