import { POSIX_SHELLS, invocations, programName, rangeOf, runShells, type RunShell, type ShellCommand, type ShellPipeline, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';

const PREFIX = 'set -o pipefail && ';

/** `-o pipefail` among a shell's or `set`'s words (`-o pipefail`, `-eo pipefail`, `-euxo pipefail`). */
function setsPipefail(words: ShellWord[]): boolean {
  return words.some((word, i) => word.value === 'pipefail' && i > 0 && /^-[a-zA-Z]*o$/.test(words[i - 1].value));
}

/** The `sh -c` whose script a command is part of, or undefined for the RUN's own shell. */
function scriptShell(command: ShellCommand): ShellCommand | undefined {
  for (let parent = command.parent; parent; parent = parent.parent) {
    if (parent.kind === 'simple' && POSIX_SHELLS.has(programName(parent.words[0]) ?? '')) return parent;
  }
  return undefined;
}

/** Whether pipefail is on when `pipeline` runs: set by the shell that runs it, or by a `set` before it in the same shell. */
function protectedPipeline(run: RunShell, pipeline: ShellPipeline): boolean {
  const shell = scriptShell(pipeline.commands[0]);
  if (shell ? setsPipefail(shell.words) : run.shell.pipefail) return true;
  return run.commands.some(
    (c) => c.kind === 'simple' && c.end <= pipeline.start && scriptShell(c) === shell && invocations(c)[0]?.program === 'set' && setsPipefail(c.words),
  );
}

export default defineRule({
  id: 'pipefail-missing',
  title: 'A piped RUN hides the failure of all but the last command',
  severity: 'info',
  kinds: ['dockerfile'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: { kics: 'shell_running_a_pipe_without_pipefail_flag efbf148a', hadolint: 'DL4006' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const run of runShells(model)) {
        if (run.form === 'exec' || !run.shell.posix) continue;
        // The first piped pipeline, in the order of its commands, that pipefail does not cover.
        let unprotected: ShellPipeline | undefined;
        let judged: ShellPipeline | undefined;
        for (const command of run.commands) {
          const pipeline = command.pipeline;
          if (pipeline.pipes.length === 0 || pipeline === judged) continue;
          judged = pipeline;
          if (!protectedPipeline(run, pipeline)) {
            unprotected = pipeline;
            break;
          }
        }
        if (!unprotected) continue;
        // The fix sets pipefail for the RUN's own shell: only bash is sure to have it, and only the RUN's top level is reached.
        const fixable = run.shell.bash && run.form === 'shell' && !scriptShell(unprotected.commands[0]) && run.pipelines.length > 0;
        report({
          range: rangeOf(model, unprotected.pipes[0]),
          message: `This pipe's exit status is that of its last command only: if ${programName(unprotected.commands[0].words[0]) ?? 'the first command'} fails, the RUN still succeeds and the build goes on with its partial output. Start the RUN with "set -o pipefail &&" (bash), or set SHELL ["/bin/bash", "-o", "pipefail", "-c"].`,
          fixes: fixable
            ? () => [{ title: 'Prefix the RUN with "set -o pipefail &&"', safe: false, edits: [{ range: model.lines.range(run.pipelines[0].start, run.pipelines[0].start), newText: PREFIX }] }]
            : undefined,
        });
      }
    },
  },
  docs: `## What it does
Reports a \`RUN\` whose shell runs a pipeline (\`a | b\`) without the \`pipefail\` option: neither
\`set -o pipefail\` (or \`set -eo pipefail\`, \`set -euxo pipefail\`, …) earlier in the same shell,
nor a \`SHELL ["/bin/bash", "-o", "pipefail", "-c"]\` in force, nor \`bash -o pipefail -c '…'\` for a
pipeline inside such a script. One finding per RUN, on the first pipe left unprotected. The exec
form (\`RUN ["a", "b"]\`) runs no shell and a non-POSIX \`SHELL\` (PowerShell, cmd) is not read.

## Why is this bad?
A pipeline's exit status is its last command's. In \`curl -fsSL https://x/key | gpg --dearmor -o k.gpg\`
a failed download (a 404, a TLS error, a timeout) leaves an empty or truncated output that \`gpg\`
or \`tar\` may accept, the RUN succeeds, and the image is built with a missing key, a partial
archive or an unverified file. With \`pipefail\`, any failing stage fails the RUN.

## Example
\`\`\`dockerfile
FROM debian:bookworm
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
\`\`\`

## Fix safety
When the \`SHELL\` in force is bash, the fix prefixes the RUN with \`set -o pipefail && \`. It is
unsafe: a pipeline whose first command fails on purpose (\`yes | cmd\`, \`grep … | …\` that finds
nothing) then fails the build. No fix is offered for \`/bin/sh\`: the dash releases that are Debian's and Ubuntu's \`sh\`
reject \`set -o pipefail\`, so the prefix would break the build; use a bash \`SHELL\` there.
`,
});
