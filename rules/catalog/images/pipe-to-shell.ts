import type { DockerfileModel } from '../../model/dockerfile';
import { POSIX_SHELLS, SCRIPT_OPTION, effectiveInvocation, rangeOf, runCommands, type ShellCommand, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';

const DOWNLOADERS = new Set(['curl', 'wget']);
/** Programs that run what they are given as a script: the shells, `eval`, `source`, `.`. */
const SCRIPT_RUNNERS = new Set([...POSIX_SHELLS, 'eval', 'source', '.']);

function program(command: ShellCommand): string | undefined {
  return effectiveInvocation(command)?.program;
}

/** A shell that reads its script from stdin: not `sh -c '…'` and not `sh script.sh`. */
function readsScriptFromStdin(command: ShellCommand): boolean {
  const invocation = effectiveInvocation(command);
  if (!invocation || !POSIX_SHELLS.has(invocation.program)) return false;
  for (let i = 0; i < invocation.args.length; i++) {
    const value = invocation.args[i].value;
    if (value === '-' || value === '--') return true;
    if (SCRIPT_OPTION.test(value)) return false;
    if (value === '-o' || value === '+o') i++;
    else if (!/^[-+]/.test(value)) return false;
  }
  return true;
}

/** The word a script runner takes its script from: `eval`'s words, `source FILE`, `bash FILE` or `bash -c SCRIPT`. */
function scriptWords(runner: ShellCommand): ShellWord[] {
  const invocation = effectiveInvocation(runner);
  if (!invocation) return [];
  if (invocation.program === 'eval') return invocation.args;
  for (let i = 0; i < invocation.args.length; i++) {
    const value = invocation.args[i].value;
    if (SCRIPT_OPTION.test(value)) return invocation.args.slice(i + 1, i + 2);
    if (value === '-o' || value === '+o') i++;
    else if (!/^[-+]/.test(value)) return [invocation.args[i]];
  }
  return [];
}

/**
 * Whether `inner` runs inside a `$(…)`, backquotes or `<(…)` of the word `runner` takes its script
 * from (rather than in the script of an `sh -c` word, which is parsed as nested commands too).
 */
function runsAsScript(model: DockerfileModel, inner: ShellCommand, runner: ShellCommand): boolean {
  const word = scriptWords(runner).find((w) => w.start <= inner.start && inner.end <= w.end);
  if (!word) return false;
  let open = 0;
  const before = model.text.slice(word.start, inner.start);
  for (let i = 0; i < before.length; i++) {
    if ((before[i] === '$' || before[i] === '<') && before[i + 1] === '(') {
      open++;
      i++;
    } else if (before[i] === ')' && open > 0) open--;
    else if (before[i] === '`') open = open > 0 ? open - 1 : 1;
  }
  return open > 0;
}

export default defineRule({
  id: 'pipe-to-shell',
  title: 'A download is run as a script without being checked',
  severity: 'warning',
  kinds: ['dockerfile'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const { command } of runCommands(model)) {
        const downloader = program(command);
        if (!downloader || !DOWNLOADERS.has(downloader)) continue;
        // `curl … | sh`: a later stage of the same pipeline is a shell reading stdin.
        const later = command.pipeline.commands.slice(command.pipelineIndex + 1);
        const shell = later.find(readsScriptFromStdin);
        if (shell) {
          report({
            range: model.lines.range(command.start, shell.end),
            message: `The output of ${downloader} is piped into ${program(shell)} and runs as a script: whatever the server (or anyone between it and the build) sends runs in the image. Download to a file, check its checksum or signature, then run it.`,
          });
          continue;
        }
        // `bash <(curl …)`, `sh -c "$(curl …)"`, `eval "$(wget -O- …)"`.
        const runner = command.parent;
        if (runner?.kind === 'simple' && SCRIPT_RUNNERS.has(program(runner) ?? '') && runsAsScript(model, command, runner)) {
          report({
            range: rangeOf(model, runner),
            message: `The output of ${downloader} is run as a script by ${program(runner)}: whatever the server (or anyone between it and the build) sends runs in the image. Download to a file, check its checksum or signature, then run it.`,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a download run as a script in the same step: \`curl … | sh\`, \`wget -O- … | bash\`,
\`curl … | sudo bash -s -- args\`, \`bash <(curl …)\`, \`sh -c "$(curl …)"\`, \`eval "$(wget -qO- …)"\`.
Only a shell that reads its script from the pipe counts: \`curl … | sh -c 'tar xz'\` or
\`curl … | tar xz\` is not reported.

## Why is this bad?
The script is executed as it arrives, unchecked: a compromised server, a hijacked domain, a
redirect or a truncated download runs arbitrary code during the build, with the build's
privileges, and the result ends up in every container started from the image. Nothing in the
Dockerfile records what was actually run, so two builds of the same Dockerfile can differ.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
ADD --checksum=sha256:<hash of the reviewed script> https://deb.nodesource.com/setup_20.x /tmp/setup.sh
RUN bash /tmp/setup.sh && rm /tmp/setup.sh
\`\`\`
Or download it in the RUN, verify it with \`sha256sum -c\` or a signature, and run the file.

## Fix safety
No automatic fix: the checksum to pin has to come from a script someone has reviewed.
`,
});
