import { packageCommand } from '../../model/packages';
import type { DockerfileModel } from '../../model/dockerfile';
import { runCommands } from '../../model/shell';
import { defineRule } from '../../rule';

const NO_RECOMMENDS = /^--no-install-recommends$|install-recommends(=|\s*"?)(false|0|no)"?;?$/i;

/**
 * Where the first command that writes `APT::Install-Recommends "0";` into apt's configuration
 * starts (`echo '…' > /etc/apt/apt.conf.d/…`): recommends are off for the installs after it.
 * Infinity when none does.
 */
function configurationStart(model: DockerfileModel): number {
  let start = Infinity;
  for (const { command } of runCommands(model)) {
    // `::` first: a plain substring test skips nearly every word.
    if (command.words.some((w) => w.value.includes('::') && /APT::Install-Recommends\s*"?(false|0)/i.test(w.value))) start = Math.min(start, command.start);
  }
  return start;
}

export default defineRule({
  id: 'pkg-extra-packages',
  title: 'apt-get install also installs the recommended packages',
  severity: 'info',
  kinds: ['dockerfile'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'apt_get_not_avoiding_additional_packages 7384dfb2', trivy: 'DS-0029', hadolint: 'DL3015' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report }) {
      // Looked for once, and only when an install would be reported: most files have none.
      let configuredOffAt: number | undefined;
      for (const { run, command } of runCommands(model)) {
        const install = packageCommand(command);
        if (!install || install.manager !== 'apt' || install.program === 'aptitude' || install.action !== 'install' || !install.actionWord) continue;
        if (command.words.some((w) => NO_RECOMMENDS.test(w.value)) || command.start > (configuredOffAt ??= configurationStart(model))) continue;
        const actionWord = install.actionWord;
        report({
          range: model.lines.range(install.word.start, actionWord.end),
          message: `${install.program} install without --no-install-recommends also installs every package the requested ones recommend: more software, more vulnerabilities to patch, a bigger image. Add --no-install-recommends and list what is really needed.`,
          // In the exec form the flag would be a JSON string of its own: no fix there.
          fixes: run.form === 'exec' ? undefined : () => [{ title: 'Add --no-install-recommends', safe: false, edits: [{ range: model.lines.range(actionWord.end, actionWord.end), newText: ' --no-install-recommends' }] }],
        });
      }
    },
  },
  docs: `## What it does
Reports \`apt-get install\` (and \`apt install\`) without \`--no-install-recommends\`, unless the
command sets \`-o APT::Install-Recommends=false\` or an earlier RUN wrote
\`APT::Install-Recommends "0";\` into apt's configuration. The \`apt-get install\` words are the
anchor.

## Why is this bad?
By default apt also installs the packages that the requested ones *recommend*: often dozens of
extra packages (documentation tools, X libraries, daemons) the image never uses. Each one is
attack surface, a source of vulnerability reports to triage, and size.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates \\
    && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
The fix adds \`--no-install-recommends\` after \`install\`. It is unsafe: software that relied on a
recommended package (\`curl\` on \`ca-certificates\`, for one) may then fail at build or run time
until that package is listed explicitly.
`,
});
