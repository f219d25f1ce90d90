import type { ModifiableInstruction } from '../../model/dockerfile-syntax';
import { effectiveInvocation, runCommands, wordSpan, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';

/** chmod's options; any other word starting with `-` is a mode (`-w`). */
const CHMOD_OPTIONS = /^(-[RvcfHLP]+|--(recursive|verbose|changes|silent|quiet|preserve-root|no-preserve-root|dereference|no-dereference|reference=.*))$/;

/**
 * Whether a mode lets every user write: an octal mode with the others-write bit, or a symbolic
 * clause giving `w` to `o` or `a`. A clause without a who (`+w`, `=rw`) is filtered by the umask,
 * which leaves others' write off in a build (022), so it is not counted.
 * `sticky` is true when the octal mode also sets the sticky bit (`1777`): a shared scratch directory.
 */
function worldWritable(mode: string): { writable: boolean; sticky: boolean } {
  if (/^[0-7]{1,4}$/.test(mode)) {
    const digits = mode.padStart(4, '0');
    return { writable: (Number(digits[3]) & 2) !== 0, sticky: (Number(digits[0]) & 1) !== 0 };
  }
  const writable = mode.split(',').some((clause) => {
    const match = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!match || !/[oa]/.test(match[1])) return false;
    return /[+=][rxXst]*w/.test(match[2]);
  });
  return { writable, sticky: false };
}

/** Temporary directories, where a sticky world-writable mode is the norm (`/var/run` is `/run`). */
const TEMPORARY = /^\/+(tmp|var\/tmp|dev\/shm|(var\/)?run\/lock)(\/|$)/;

function messageFor(mode: string, recursive: boolean): string {
  return `Mode ${mode}${recursive ? ' (recursive)' : ''} lets every user and process in the container write there: one compromised service can then change the programs, scripts or configuration the others run. Give write access to the owner only (e.g. chown to the app user and chmod 755 / 644), or a group.`;
}

export default defineRule({
  id: 'world-writable-permissions',
  title: 'Files or directories made writable by everyone',
  severity: 'warning',
  kinds: ['dockerfile'],
  category: 'privileges',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const instruction of model.checked) {
        const keyword = instruction.keyword;
        if (keyword !== 'COPY' && keyword !== 'ADD') continue;
        for (const flag of (instruction as ModifiableInstruction).getFlags()) {
          if (flag.getName() !== 'chmod') continue;
          const value = flag.getValue()?.replace(/^(["'])(.*)\1$/, '$2');
          const range = flag.getValueRange();
          if (!value || !range || !worldWritable(value).writable) continue;
          report({ range, message: messageFor(`--chmod=${value}`, false) });
        }
      }
      for (const { command } of runCommands(model)) {
        const invocation = effectiveInvocation(command);
        if (!invocation) continue;
        let mode: ShellWord | undefined;
        let recursive = false;
        if (invocation.program === 'chmod') {
          mode = invocation.args.find((word) => !CHMOD_OPTIONS.test(word.value));
          // GNU chmod also takes its options after the mode: `chmod 0777 -R dir`.
          recursive = invocation.args.some((word) => word !== mode && /^-[a-zA-Z]*R|^--recursive$/.test(word.value));
        } else if (invocation.program === 'mkdir' || invocation.program === 'install') {
          const option = invocation.args.findIndex((w) => w.value === '-m' || w.value === '--mode');
          mode = option >= 0 ? invocation.args[option + 1] : undefined;
          const joined = invocation.args.find((w) => /^(-m.|--mode=)/.test(w.value));
          if (!mode && joined) mode = joined;
        }
        if (!mode || mode.expands) continue;
        const prefix = /^(-m|--mode=)?/.exec(mode.value)![0].length;
        const text = mode.value.slice(prefix);
        const { writable, sticky } = worldWritable(text);
        // A sticky world-writable directory (1777) is the standard shared scratch space: everyone
        // may create files, no one may remove or rename another's. That is right for temporary
        // directories only; recursively it also makes their files world-writable.
        const paths = invocation.args.filter((word) => word !== mode && !word.value.startsWith('-'));
        if (!writable || (sticky && !recursive && paths.length > 0 && paths.every((path) => TEMPORARY.test(path.value)))) continue;
        const span = wordSpan(mode, prefix, mode.value.length);
        report({ range: model.lines.range(span.start, span.end), message: messageFor(`${invocation.program === 'chmod' ? 'chmod' : `${invocation.program} -m`} ${text}`, recursive) });
      }
    },
  },
  docs: `## What it does
Reports permissions that let every user write: \`chmod\` (with or without \`-R\`) with an octal
mode whose others-write bit is set (\`777\`, \`666\`, \`0757\`, \`772\`, …) or a symbolic mode that
gives \`w\` to others or all (\`o+w\`, \`a+rwx\`, \`go=rw\`, \`ugo+w\`); \`mkdir -m\` and \`install -m\`
with such a mode; and \`COPY\`/\`ADD --chmod=\` with such a mode. The mode is the anchor.

Not reported:
- \`+w\` or \`=rw\` without a who: chmod then filters the mode through the umask, which is 022 in
  a build, so others do not get write access;
- a sticky world-writable temporary directory, \`chmod 1777 /tmp\` (or \`mkdir -m 1777\`) on
  \`/tmp\`, \`/var/tmp\`, \`/dev/shm\`, \`/run/lock\` or a path under them: that is how shared
  scratch directories are meant to be, since only a file's owner may remove or rename it there.
  The same mode on any other path (an application folder everyone can write to) is reported, and
  so is \`-R\`, which also makes every file below world-writable;
- a mode held in a variable (\`chmod $MODE x\`), which is unknown until the build.

## Why is this bad?
Containers often run several processes, and images are reused as bases: a world-writable
program, script, configuration or data directory lets any of them, or any user an attacker gets
in, replace what the others execute or read — a short path from one compromised process to all
of them, and to root when a root process runs a writable file. \`chmod 777\` is usually a
shortcut around a permission error that the right owner would fix.

## Example
\`\`\`dockerfile
FROM node:20
COPY --chmod=777 . /app
RUN chmod -R 777 /app/data
\`\`\`

## Use instead
\`\`\`dockerfile
FROM node:20
COPY --chown=node:node --chmod=755 . /app
RUN mkdir -m 1777 /tmp/uploads
USER node
\`\`\`

## Fix safety
No automatic fix: which user or group needs write access is for the author to decide.
`,
});
