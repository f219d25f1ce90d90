import { packageCommand, type PackageCommand } from '../../model/packages';
import { rangeOf, runShells, type RunShell } from '../../model/shell';
import { defineRule } from '../../rule';

const NONE: PackageCommand[] = [];

/** The package manager commands of a RUN; most RUNs have none, and share one empty list. */
function packageCommands(run: RunShell): PackageCommand[] {
  let found = NONE;
  for (const c of run.commands) {
    const parsed = c.kind === 'simple' ? packageCommand(c) : undefined;
    if (parsed) (found === NONE ? (found = []) : found).push(parsed);
  }
  return found;
}

export default defineRule({
  id: 'pkg-update-alone',
  title: 'Package index updated in a RUN of its own',
  severity: 'info',
  kinds: ['dockerfile'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'update_instruction_alone 9bae49be', checkov: 'CKV_DOCKER_5', trivy: 'DS-0017' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      const runs = runShells(model);
      const commandsOf = runs.map(packageCommands);
      for (let i = 0; i < runs.length; i++) {
        const run = runs[i];
        const commands = commandsOf[i];
        for (const update of commands) {
          if (update.action !== 'update' || commands.some((c) => c.manager === update.manager && c.action === 'install')) continue;
          // Only an install in a later RUN of the stage makes the cached index layer stale; one that refreshes itself does not use it.
          let later: PackageCommand | undefined;
          for (let j = i + 1; j < runs.length && !later; j++) {
            if (runs[j].stage === run.stage) later = commandsOf[j].find((c) => c.manager === update.manager && c.action === 'install' && !c.refreshes);
          }
          if (!later) continue;
          const end = update.actionWord ?? update.word;
          report({
            range: model.lines.range(update.word.start, end.end),
            message: `${update.program} ${update.actionWord?.value ?? ''} runs in a RUN of its own: the builder caches its layer, so the later ${later.program} ${later.actionWord?.value ?? ''} can install from an index weeks old, missing security updates. Update and install in the same RUN.`,
            related: [{ range: rangeOf(model, later.word), message: 'the install that uses the cached index' }],
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a package index update (\`apt-get update\`, \`apt update\`, \`apk update\`, \`yum\`/\`dnf
makecache\` or a bare \`update\`, \`zypper refresh\`, \`pacman -Sy\`) in a \`RUN\` that installs nothing
with the same package manager, when a later \`RUN\` of the stage does install with it. An update
with no install after it is left alone, and so is a later install that refreshes the index itself
(\`apk add --update\`, \`pacman -Syu pkg\`). The update command is the anchor; the install is shown
as a related place.

## Why is this bad?
The builder caches each instruction's layer by its text. \`RUN apt-get update\` never changes, so
its layer — and the package index in it — is reused for months, and the \`apt-get install\` in the
next RUN installs the versions that index knew about: old ones, missing security fixes, or ones
that are no longer on the mirror, failing the build at random.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
RUN apt-get update \\
    && apt-get install -y --no-install-recommends curl \\
    && rm -rf /var/lib/apt/lists/*
\`\`\`

## Fix safety
No automatic fix: merging two RUN instructions changes the layers and the cache.
`,
});
