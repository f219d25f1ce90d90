import { invocations, rangeOf, runCommands } from '../../model/shell';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'sudo-in-run',
  title: 'sudo used in a RUN instruction',
  severity: 'warning',
  kinds: ['dockerfile'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'run_using_sudo 8ada6e80', checkov: 'CKV2_DOCKER_1', trivy: 'DS-0010', hadolint: 'DL3004' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const { command } of runCommands(model)) {
        for (const invocation of invocations(command)) {
          if (invocation.program !== 'sudo') continue;
          report({
            range: rangeOf(model, invocation.word),
            message: 'sudo in a RUN: the build step has no terminal and its environment changes under sudo, and an image that ships sudo hands root to any process that gets its user. Run the step before USER switches to the unprivileged user, or switch with USER root … USER app.',
          });
        }
      }
    },
  },
  docs: `## What it does
Reports the \`sudo\` command in a \`RUN\` instruction: in the shell form, in a \`RUN <<EOF\` script,
in the exec form, and in scripts the RUN runs with \`sh -c\`, \`$(…)\` or a subshell. The word is
read as the shell reads it, so \`sudo\` in a quoted string (\`echo "sudo x"\`) or as a package name
(\`apt-get install sudo\`) is not reported; that package is the image's business.

## Why is this bad?
The builder runs each \`RUN\` as the current \`USER\` with no terminal. \`sudo\` then either fails
(no password prompt can be answered), or works only because the image lets that user become root
without a password — which any process running as that user at run time can do too. sudo also
changes the environment (\`PATH\`, proxies, \`HOME\`) in ways that make the build behave
differently from what the Dockerfile reads like.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN useradd -m app
USER app
RUN sudo apt-get update && sudo apt-get install -y curl
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
RUN apt-get update && apt-get install -y curl && useradd -m app
USER app
\`\`\`
For a step that needs root after the switch, switch back for that step: \`USER root\`, the
\`RUN\`, then \`USER app\`. For a step-down at run time, use \`gosu\` or \`su-exec\`.

## Fix safety
No automatic fix: dropping \`sudo\` changes which user runs the command.
`,
});
