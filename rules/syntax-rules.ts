import { defineRule } from './rule';

/** Findings the engine itself makes about a file it cannot lint as a whole. */

export const PARSE_ERROR = defineRule({
  id: 'parse-error',
  title: 'The file cannot be parsed',
  severity: 'error',
  kinds: ['dockerfile', 'compose', 'daemon', 'devcontainer', 'ci'],
  category: 'syntax',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {},
  docs: `## What it does
Reports a Dockerfile, Compose file or daemon.json that Docker itself would reject: invalid YAML, a
Compose file whose top level is not a mapping or has no \`services\` but keys of another format (a
Kubernetes manifest), an \`extends\` cycle (at the \`extends\` key, naming the services of the cycle,
across files too), a Dockerfile line that is not an instruction, an instruction before the first
\`FROM\` other than \`ARG\`, a Dockerfile without \`FROM\`; in daemon.json, anything that is not
strict JSON holding one object — comments and trailing commas included, which dockerd refuses
although many editors accept them; a CI file (a GitHub workflow or action, \`.gitlab-ci.yml\`) that
is not valid YAML. A shell script or a Makefile is never reported: only the containers its run
lines start are read. The rest of the file is still checked.

## Why is this bad?
The build or \`docker compose up\` fails, and the security rules can only see what parses: an
invalid Compose file gets no other finding until it is fixed.

## Example
\`\`\`yaml
services:
  web:
    image: nginx:1.27
   ports: ["80:80"]
\`\`\`

## Use instead
\`\`\`yaml
services:
  web:
    image: nginx:1.27
    ports: ["127.0.0.1:80:80"]
\`\`\`
`,
});

export const FILE_TOO_LARGE = defineRule({
  id: 'file-too-large',
  title: 'The file is too large to lint',
  severity: 'info',
  kinds: ['dockerfile', 'compose', 'daemon', 'systemd', 'devcontainer', 'shell', 'ci'],
  category: 'syntax',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {},
  docs: `## What it does
Reports a file larger than the size Bulwark lints (4 MB by default), instead of parsing it.

## Why is this bad?
A file of that size is almost always generated or not a Dockerfile or Compose file at all;
parsing it on every keystroke would stall the editor. It is not checked, and this finding says so
rather than staying silent.

## Example
A 10 MB file named \`compose.yaml\`.

## Use instead
Split the file, or lint it where its size is expected.
`,
});

export const INTERNAL_ERROR = defineRule({
  id: 'internal-error',
  title: 'Bulwark failed while checking the file',
  severity: 'error',
  kinds: ['dockerfile', 'compose', 'daemon', 'systemd', 'devcontainer', 'shell', 'ci'],
  category: 'syntax',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {},
  docs: `## What it does
Reports that a rule failed on this file. The other rules still ran; the failed rule's findings are
missing. It is an error whatever the configuration says (it cannot be turned off or lowered), so a
scan whose checks did not all run fails its gate.

## Why is this bad?
It is a bug in Bulwark, or a file written to make a rule fail. It is shown so that a missing
finding is never silent, and fails the scan so that a file cannot pass by breaking a check.

## Example
Any file on which a rule throws.

## Use instead
Please report the file (or a reduced copy without secrets) to the Bulwark issue tracker.
`,
});

export const INVALID_SUPPRESSION = defineRule({
  id: 'invalid-suppression',
  title: 'A suppression comment names an unknown rule or suppresses nothing',
  severity: 'info',
  kinds: ['dockerfile', 'compose', 'systemd', 'devcontainer', 'shell', 'ci'],
  category: 'syntax',
  profiles: ['recommended', 'strict'],
  peers: {},
  fix: { available: false, safe: false },
  check: {},
  docs: `## What it does
Reports a \`# bulwark-ignore\` or \`# bulwark-ignore-file\` comment that names a rule id Bulwark does
not have, that matches no finding, or that is followed by nothing it could apply to.

\`# bulwark-ignore <id>[,<id>...] [-- reason]\` on a line of its own suppresses those rules on the
next instruction (Dockerfile), the next YAML key with everything under it (Compose, CI files), the
next command with its continuation lines (scripts, Makefiles, CI scripts) or the next directive
(systemd unit file);
\`# bulwark-ignore-file <id>,...\` suppresses them in the whole file. hadolint's
\`# hadolint ignore=DL3002\` is honoured for the rules that map to those codes. daemon.json cannot
hold comments: change the severity of its rules or turn them off in the settings (\`bulwark.rules\`) instead.

## Why is this bad?
A misspelled id suppresses nothing while looking as if it did, and a suppression left behind
after the problem was fixed will silently hide the problem when it comes back.

## Example
\`\`\`dockerfile
# bulwark-ignore root-usr -- the init system drops privileges
FROM debian:12
\`\`\`

## Use instead
\`\`\`dockerfile
# bulwark-ignore root-user -- the init system drops privileges
FROM debian:12
\`\`\`
`,
});

export const TOO_MANY_FINDINGS = defineRule({
  id: 'too-many-findings',
  title: 'More findings than Bulwark reports for one file or one scan',
  severity: 'info',
  profiles: ['recommended', 'strict'],
  kinds: ['dockerfile', 'compose', 'daemon', 'systemd', 'devcontainer', 'shell', 'ci'],
  category: 'syntax',
  peers: {},
  fix: { available: false, safe: false },
  check: {},
  docs: `## What it does
Stands for the findings left out of a file's report past 1,000 (or of a scan's past 20,000): it
says how many were left out and of which severities, and takes the highest of them as its own, so
the exit code is what it would have been with all of them. It cannot be turned off or lowered.

## Why is this bad?
A file with that many findings is generated or written to flood the report; a report of millions
of findings would not fit in memory, nor would anyone read it.

## Example
A Compose file of 100,000 one-line services.

## Use instead
Fix the findings that are reported, or split the file; the ones left out appear once those are gone.
`,
});
