import { fixesOf } from '../../fixes/edits';
import type { ReservedFiles } from '../../fixes/secret-files';
import { runCredentialMountFix } from '../../fixes/secret-mounts';
import { effectiveInvocation, invocations, rangeOf, runCommands, sedReplacementStart, wordSpan, type Invocation, type RunShell, type ShellCommand, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';
import { detectSecret, formatLabel, redact, type DetectedSecret } from '../../secrets';
import type { Range } from '../../types';

/** A literal credential found in a command: which word, which characters of its value, and why. */
interface Credential {
  word: ShellWord;
  start: number;
  end: number;
  /** How the message names it: `a password given to curl -u`. */
  what: string;
  /** The variable the fix passes it in: `CURL_PASSWORD`. */
  name: string;
}

const VARIABLE = /\$(?:\{|[A-Za-z_(])|`/;
const PLACEHOLDER = /^(<[^>]*>|x+|\*+|\.\.\.)$/i;
/** Header names whose value is a credential. */
const CREDENTIAL_HEADER = /^\s*(authorization|proxy-authorization|x-api-key|api-key|x-auth-token|private-token|x-access-token|x-vault-token|x-jfrog-art-api)\s*:\s*(\S.*|)$/i;
const LOGIN_PROGRAMS = new Set(['docker', 'podman', 'buildah', 'skopeo', 'helm', 'nerdctl', 'oras', 'crane', 'regctl', 'az']);
const MYSQL_PROGRAMS = new Set(['mysql', 'mysqldump', 'mysqladmin', 'mariadb', 'mariadb-dump']);
const PASSWORD_OPTIONS = ['--password', '--pass', '--passwd'];
const LOGIN_PASSWORD_OPTIONS = ['-p'];
const NONE: string[] = [];

/**
 * `detectSecret` for a whole word, without a name: only formats can match. Words too short for any
 * known format, option names and plain paths are skipped, and results are kept per value, since
 * every keystroke lints the whole document again and most words do not change.
 */
function formatIn(value: string): DetectedSecret | undefined {
  if ((value.length < 16 && !(value.includes('@') && value.includes(':'))) || OPTION_OR_PLAIN_PATH.test(value)) return undefined;
  let result = formatCache.get(value);
  if (result === undefined) {
    if (formatCache.size >= 10_000) formatCache.clear();
    result = detectSecret(undefined, value) ?? null;
    formatCache.set(value, result);
  }
  return result ?? undefined;
}

const formatCache = new Map<string, DetectedSecret | null>();
const OPTION_OR_PLAIN_PATH = /^(--?[a-z][a-z-]*|[./][a-z0-9._/*-]*)$/;

/** The credential in a literal `value` of `word` from `offset` (to `end`), unless it is a variable, a placeholder or empty. */
function literal(word: ShellWord, offset: number, what: string, name: string, end = word.value.length): Credential | undefined {
  const value = word.value.slice(offset, end);
  if (value === '' || VARIABLE.test(value) || PLACEHOLDER.test(value)) return undefined;
  return { word, start: offset, end, what, name: variableName(name) };
}

/** The variable for a credential of a known format: `github` → `github_token`, `google-api-key` as is. */
function tokenName(format = 'secret'): string {
  return /token|key|secret|password/i.test(format) ? format : `${format}_token`;
}

/** `docker-password` → `DOCKER_PASSWORD`: a name the shell accepts for a variable. */
function variableName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9_]+/g, '_').replace(/^(?=[0-9])/, '_');
}

/** `-u user:pass`, `--user=user:pass`, `-uuser:pass`: the part after the first colon. */
function userPassword(word: ShellWord, offset: number, what: string, name: string): Credential | undefined {
  const colon = word.value.indexOf(':', offset);
  return colon < 0 ? undefined : literal(word, colon + 1, what, name);
}

/** The value of an option written `--name value`, `--name=value` or, for short options, `-nvalue`. */
function optionValues(args: ShellWord[], long: string[], short: string[]): Array<{ word: ShellWord; offset: number }> {
  const values: Array<{ word: ShellWord; offset: number }> = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    // Every option looked for starts with `-`: other words are neither one nor joined to a value.
    if (value.charCodeAt(0) !== 45 /* - */) continue;
    if ((long.includes(value) || short.includes(value)) && args[i + 1]) values.push({ word: args[++i], offset: 0 });
    else {
      const offset = joinedValueOffset(value, long, short);
      if (offset > 0) values.push({ word: args[i], offset });
    }
  }
  return values;
}

/** Where the value starts in `--name=value` or `-nvalue`, or 0 for no such option. */
function joinedValueOffset(value: string, long: string[], short: string[]): number {
  for (const name of long) if (value.charCodeAt(name.length) === 61 /* = */ && value.startsWith(name)) return name.length + 1;
  if (value.startsWith('--')) return 0;
  for (const name of short) if (value.length > name.length && value.startsWith(name)) return name.length;
  return 0;
}

/** Adds the credential found, if there is one. */
function keep(found: Credential[], credential: Credential | undefined): void {
  if (credential) found.push(credential);
}

/** Credentials a program takes in its arguments: curl/wget users and headers, `login -p`, `--password`, mysql `-pX`. */
function argumentCredentials(invocation: Invocation | undefined, found: Credential[]): void {
  if (!invocation) return;
  const { program, args } = invocation;
  if (program === 'curl') {
    for (const { word, offset } of optionValues(args, ['--user', '--proxy-user'], ['-u', '-U'])) keep(found, userPassword(word, offset, 'a password given to curl --user', 'curl_password'));
  }
  if (program === 'curl' || program === 'wget' || program === 'http' || program === 'https') {
    for (const { word, offset } of optionValues(args, ['--header'], program === 'curl' ? ['-H'] : [])) {
      const header = CREDENTIAL_HEADER.exec(word.value.slice(offset));
      if (!header) continue;
      // `Bearer x`, `Basic x`, `token x`: the credential is the last part.
      const credential = header[2].replace(/^(bearer|basic|token|digest)\s+/i, '');
      keep(found, literal(word, word.value.length - credential.length, `a credential in the ${header[1]} header`, /token|key/i.test(header[1]) ? header[1] : `${header[1]}_token`));
    }
  }
  if (program === 'wget') {
    for (const { word, offset } of optionValues(args, ['--password', '--http-password', '--ftp-password', '--proxy-password'], [])) keep(found, literal(word, offset, 'a password given to wget', 'wget_password'));
  }
  const login = LOGIN_PROGRAMS.has(program) && args.some((w) => w.value === 'login');
  for (const { word, offset } of optionValues(args, PASSWORD_OPTIONS, login ? LOGIN_PASSWORD_OPTIONS : NONE)) {
    keep(found, literal(word, offset, `a password given to ${program}${login ? ' login' : ''}`, `${program}_password`));
  }
  if (MYSQL_PROGRAMS.has(program)) {
    for (const word of args) if (/^-p./.test(word.value)) keep(found, literal(word, 2, `a password given to ${program} -p`, `${program}_password`));
  }
}

/**
 * The `user:password` lines of what chpasswd reads (a printf's `\\n` ends a line too), with the
 * password as a credential when it is a literal (undefined when empty or a variable).
 */
function chpasswdLines(word: ShellWord, printf: boolean): Array<{ user: string; password: Credential | undefined; empty: boolean }> {
  const lines: Array<{ user: string; password: Credential | undefined; empty: boolean }> = [];
  const separator = printf ? /\\n|\n/g : /\n/g;
  let start = 0;
  for (const end of [...[...word.value.matchAll(separator)].map((m) => m.index!), word.value.length]) {
    const raw = word.value.slice(start, end);
    const content = raw.trim();
    const colon = content.indexOf(':');
    if (colon > 0 && !/\s/.test(content.slice(0, colon))) {
      const from = start + (raw.length - raw.trimStart().length) + colon + 1;
      const password = content.slice(colon + 1);
      lines.push({ user: content.slice(0, colon), password: literal(word, from, 'a password piped into chpasswd', 'user_password', from + password.length), empty: password === '' });
    }
    start = end + (word.value.startsWith('\\n', end) ? 2 : 1);
  }
  return lines;
}

/** `echo literal | docker login --password-stdin`, `echo "root:pass" | chpasswd`. */
function pipedCredentials(command: ShellCommand, invocation: Invocation | undefined, found: Credential[]): void {
  if (!invocation || (invocation.program !== 'echo' && invocation.program !== 'printf')) return;
  const consumers = command.pipeline.commands.slice(command.pipelineIndex + 1).map((c) => effectiveInvocation(c));
  const literals = invocation.args.filter((w) => !/^-[neE]+$/.test(w.value) && !(invocation.program === 'printf' && w === invocation.args[0] && w.value.includes('%')));
  for (const consumer of consumers) {
    if (!consumer) continue;
    if (consumer.args.some((w) => w.value === '--password-stdin')) {
      for (const word of literals) keep(found, literal(word, 0, `a password piped into ${consumer.program} login --password-stdin`, `${consumer.program}_password`));
    } else if (consumer.program === 'chpasswd') {
      for (const word of literals) for (const line of chpasswdLines(word, invocation.program === 'printf')) keep(found, line.password);
    }
  }
}

/** `TOKEN=x cmd`, `export TOKEN=x`, `npm config set //host/:_authToken=x`, `aws configure set aws_secret_access_key x`, and known token formats in any word. */
function wordCredentials(command: ShellCommand, found: Credential[]): void {
  for (const a of command.assignments) assignedCredential(found, a.word, a.name, a.valueStart, 'variable');
  for (const { program, args } of invocations(command)) {
    if (program === 'export' || program === 'env' || program === 'declare' || program === 'typeset' || program === 'readonly') {
      for (const word of args) {
        const match = ASSIGNED_NAME.exec(word.value);
        if (match) assignedCredential(found, word, match[1], match[0].length, 'variable');
      }
    }
    if (program === 'aws' && args[0]?.value === 'configure' && args[1]?.value === 'set' && args[2] && args[3]) assignedCredential(found, args[3], args[2].value, 0, 'AWS setting');
  }
  // The program's name and its arguments, wrappers' included.
  for (const word of command.words) {
    // What NPM_AUTH needs (most words have neither), checked before the search.
    const npmAuth = word.value.charCodeAt(0) === 95 /* _ */ || word.value.includes(':_') ? NPM_AUTH.exec(word.value) : null;
    if (npmAuth) {
      keep(found, literal(word, npmAuth.index + npmAuth[0].length, `an npm registry ${npmAuth[1]}`, 'npm_token'));
      continue;
    }
    const secret = formatIn(word.value);
    if (secret) {
      // In a URL with a password, the password is the secret, not the URL.
      const url = URL_PASSWORD.exec(word.value.slice(secret.start, secret.end));
      const start = url ? secret.start + url[0].length - 1 - url[1].length : secret.start;
      found.push({ word, start, end: url ? start + url[1].length : secret.end, what: formatLabel(secret.format), name: variableName(url ? 'url_password' : tokenName(secret.format)) });
      continue;
    }
    // A bare token as a URL's user (`https://<token>@github.com/…`).
    const token = word.value.includes('://') ? URL_TOKEN.exec(word.value) : null;
    if (token) found.push({ word, start: token[0].indexOf(token[1]), end: token[0].indexOf(token[1]) + token[1].length, what: 'a token in a URL', name: 'URL_TOKEN' });
  }
}

const ASSIGNED_NAME = /^([A-Za-z_][A-Za-z0-9_]*)=/;
const NPM_AUTH = /(?:^|:)(_authToken|_auth|_password)=/;
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i;
const URL_TOKEN = /^(?:https?|git\+https?):\/\/([A-Za-z0-9_-]{20,})@/i;

/** The credential assigned to `name` (a variable, or an AWS setting) in `word` from `offset`. */
function assignedCredential(found: Credential[], word: ShellWord, name: string, offset: number, kind: 'variable' | 'AWS setting'): void {
  const value = word.value.slice(offset);
  const secret = detectSecret(name, value);
  // A name alone does not make `$(cat /run/secrets/x)` a secret: the value is computed at build time.
  if (secret && !(secret.reason === 'name' && VARIABLE.test(value))) found.push({ word, start: offset + secret.start, end: offset + secret.end, what: secret.reason === 'format' ? formatLabel(secret.format) : `the ${kind} ${name}`, name: variableName(name) });
}

/** A command that writes a credential into a file of the layer, whatever it was given: where it keeps it. */
interface StoredCredential {
  /** The word holding or naming the credential: the anchor. */
  word: ShellWord;
  /** `docker login`, `aws configure set`, ... */
  command: string;
  /** What it writes and where: `the password in /root/.docker/config.json`. */
  stores: string;
}

/** The programs besides the LOGIN_PROGRAMS whose commands can save a credential (storedCredentials). */
const CREDENTIAL_STORING_PROGRAMS = new Set(['aws', 'gcloud', 'az', 'doctl']);

/** `aws configure set [profile.x.]aws_secret_access_key …`: the settings that are credentials. */
const AWS_CREDENTIAL_SETTING = /(?:^|\.)aws_(?:secret_access_key|session_token|access_key_id)$/i;

/**
 * Logins and configurations that save the credential they are given in the user's configuration
 * (`docker login -p "$PASS"` writes ~/.docker/config.json): in a RUN, that file stays in the layer,
 * even when the value came from a build argument or a variable.
 */
function storedCredentials(invocation: Invocation | undefined): StoredCredential[] {
  if (!invocation) return [];
  const { program, args } = invocation;
  if (!LOGIN_PROGRAMS.has(program) && !CREDENTIAL_STORING_PROGRAMS.has(program)) return [];
  const first = (long: string[], short: string[]) => optionValues(args, long, short)[0]?.word;
  const found: Array<StoredCredential | undefined> = [];
  const store = (word: ShellWord | undefined, name: string, stores: string) => found.push(word && { word, command: name, stores });
  const subcommand = args.filter((w) => !w.value.startsWith('-')).map((w) => w.value);
  if (LOGIN_PROGRAMS.has(program) && program !== 'az' && subcommand.includes('login')) {
    const config = program === 'helm' ? 'the registry configuration' : program === 'docker' ? '~/.docker/config.json' : 'its auth file';
    store(first(PASSWORD_OPTIONS, LOGIN_PASSWORD_OPTIONS), `${program} login`, `the password in ${config}`);
  } else if (program === 'aws' && subcommand[0] === 'configure' && subcommand[1] === 'set' && AWS_CREDENTIAL_SETTING.test(subcommand[2] ?? '')) {
    const setting = args.findIndex((w) => w.value === subcommand[2]);
    store(args[setting + 1] ?? args[setting], 'aws configure set', `${subcommand[2]} in ~/.aws/credentials`);
  } else if (program === 'gcloud' && subcommand[0] === 'auth' && (subcommand[1] === 'activate-service-account' || subcommand[1] === 'login')) {
    store(first(['--key-file', '--cred-file'], []), `gcloud auth ${subcommand[1]}`, "the service account's credentials in ~/.config/gcloud (and the key file it reads is in the image too)");
  } else if (program === 'az' && subcommand[0] === 'login') {
    store(first(['--password'], ['-p']), 'az login', 'its tokens in ~/.azure');
  } else if (program === 'doctl' && subcommand[0] === 'auth' && subcommand[1] === 'init') {
    store(first(['--access-token'], ['-t']), 'doctl auth init', 'the access token in ~/.config/doctl/config.yaml');
  }
  return found.filter((c): c is StoredCredential => c !== undefined);
}

/** An account left without a password, and the word that says so. */
interface EmptyPassword {
  word: ShellWord;
  user: string;
  /** How the command does it: `echo 'root:' | chpasswd`. */
  how: string;
}

/**
 * Commands that leave an account with an empty password, which lets anyone who reaches a login
 * (`su`, a console, an SSH server allowing empty passwords) in: `echo 'root:' | chpasswd`,
 * `chpasswd <<< 'root:'`, `passwd -d root`, `usermod -p '' root`, `useradd -p '' app`,
 * `sed -i 's/^root:[^:]*:/root::/' /etc/shadow`.
 */
function emptyPasswords(command: ShellCommand, invocation: Invocation | undefined): EmptyPassword[] {
  if (!invocation) return [];
  const { program, args } = invocation;
  const found: EmptyPassword[] = [];
  if (program === 'chpasswd') {
    // What the command reads: the echo/printf piped in, or a here-string/here-document.
    const producer = command.pipelineIndex > 0 ? effectiveInvocation(command.pipeline.commands[command.pipelineIndex - 1]) : undefined;
    const fed = producer && (producer.program === 'echo' || producer.program === 'printf') ? producer.args.filter((w) => !/^-[neE]+$/.test(w.value)) : [];
    const redirected = command.redirects.flatMap((r) => (r.operator === '<<<' && r.target ? [r.target] : r.heredoc ? [r.heredoc.body] : []));
    for (const word of [...fed, ...redirected]) {
      for (const line of chpasswdLines(word, producer?.program === 'printf')) if (line.empty) found.push({ word, user: line.user, how: 'chpasswd' });
    }
  } else if (program === 'passwd') {
    const deletes = args.find((w) => w.value === '--delete' || (/^-[a-zA-Z]+$/.test(w.value) && w.value.includes('d')));
    if (deletes) found.push({ word: deletes, user: args.filter((w) => !w.value.startsWith('-')).pop()?.value ?? 'root', how: 'passwd --delete' });
  } else if (program === 'sed' && args.some((w) => /^\/etc\/(shadow|passwd)$/.test(w.value))) {
    // `sed -i 's/^root:[^:]*:/root::/' /etc/shadow`: the replacement leaves the password field empty.
    for (const word of args) {
      const replacement = sedReplacementStart(word.value);
      const user = replacement === undefined ? undefined : /^\^?([A-Za-z_][A-Za-z0-9_.-]*)::/.exec(word.value.slice(replacement))?.[1];
      if (user) found.push({ word, user, how: `sed on ${args.find((w) => /^\/etc\/(shadow|passwd)$/.test(w.value))!.value}` });
    }
  } else if (program === 'usermod' || program === 'useradd') {
    for (const { word, offset } of optionValues(args, ['--password'], ['-p'])) {
      if (word.value.slice(offset) === '') found.push({ word, user: args.filter((w) => !w.value.startsWith('-') && w !== word).pop()?.value ?? 'the user', how: `${program} --password ''` });
    }
  }
  return found;
}

/** Whether a RUN mounts a BuildKit secret: then the stored credential is taken to come from it, for this step. */
function mountsSecret(run: RunShell): boolean {
  return run.instruction.getFlags().some((flag) => flag.getName().toLowerCase() === 'mount' && flag.getOption('type')?.getValue()?.toLowerCase() === 'secret');
}

export default defineRule({
  id: 'secret-in-run',
  title: 'A credential in a RUN command, saved into its layer, or left empty',
  severity: 'error',
  kinds: ['dockerfile'],
  category: 'secrets',
  profiles: ['recommended', 'strict'],
  peers: { kics: 'passwords_and_secrets a88baa34', checkov: 'CKV2_DOCKER_17, CKV_SECRET_*', trivy: 'DS-0031' },
  fix: { available: true, safe: false },
  check: {
    dockerfile({ model, report, documentUri, workspace }) {
      const seen = new Set<string>();
      // Secret ids chosen for this file's findings, so that fixes applied together do not share one.
      const reserved: ReservedFiles = new Map();
      for (const { run, command } of runCommands(model)) {
        const invocation = effectiveInvocation(command);
        const credentials: Credential[] = [];
        argumentCredentials(invocation, credentials);
        pipedCredentials(command, invocation, credentials);
        wordCredentials(command, credentials);
        for (const credential of credentials) {
          const span = wordSpan(credential.word, credential.start, credential.end);
          const key = `${span.start}:${span.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const range: Range = model.lines.range(span.start, span.end);
          report({
            range,
            message: `This RUN holds ${credential.what} (${redact(credential.word.value.slice(credential.start, credential.end))}) in clear: the command line is stored in the image's history and layer metadata for anyone who pulls it. Pass it with a BuildKit secret mount (RUN --mount=type=secret,id=…) instead.`,
            fixes: fixesOf(runCredentialMountFix(model, documentUri, workspace, run, command, span.start, span.end, credential.name, reserved)),
          });
        }
        for (const empty of emptyPasswords(command, invocation)) {
          report({
            range: rangeOf(model, empty.word),
            message: `${empty.how} leaves ${empty.user} with an empty password: anyone who reaches a login in the container (su, a console, an SSH server that allows empty passwords) becomes ${empty.user} without knowing anything. Lock the account instead (passwd -l ${empty.user}, or usermod -L), and give no password at all to accounts nobody logs into.`,
          });
        }
        const storing = storedCredentials(invocation);
        if (storing.length === 0 || mountsSecret(run)) continue;
        for (const stored of storing) {
          // A literal value is reported above, with its fix.
          if (credentials.some((credential) => credential.word === stored.word)) continue;
          const span = wordSpan(stored.word, 0, stored.word.value.length);
          const key = `${span.start}:${span.end}`;
          if (seen.has(key)) continue;
          seen.add(key);
          report({
            range: model.lines.range(span.start, span.end),
            message: `${stored.command} saves ${stored.stores}, a file of this RUN's layer: whoever pulls the image can read the credential there, wherever its value came from. Mount the credential for this step only (RUN --mount=type=secret,id=…) and log in at run time, not in the build.`,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports a literal credential in a \`RUN\` command, read as the shell reads it (so a variable such
as \`$TOKEN\` or \`\${NPM_TOKEN}\` is not one):

- \`curl -u user:password\` / \`--user\`, \`wget --password=…\`, a credential header
  (\`-H "Authorization: Bearer …"\`, \`X-API-Key\`, \`PRIVATE-TOKEN\`, …);
- \`docker login -p …\` (and podman, buildah, helm, …), any \`--password …\` / \`--password=…\`,
  \`mysql -p…\`;
- \`echo … | docker login --password-stdin\`, \`echo "user:password" | chpasswd\`;
- \`npm config set //registry/:_authToken=…\`, \`aws configure set aws_secret_access_key …\`,
  \`TOKEN=… cmd\` and \`export TOKEN=…\` with a secret-like name;
- a URL with a password (\`https://user:password@host\`) or a token as its user
  (\`https://<token>@github.com/…\`), and any known token format (GitHub, GitLab, AWS, Stripe,
  Slack, private keys, JWTs, …) anywhere in the command.

The secret's characters are the anchor; messages show it redacted.

It also reports, in a \`RUN\` without a secret mount (\`--mount=type=secret\`), commands that save
the credential they are given into a file of the layer, whether it is written literally or comes
from a variable or build argument: \`docker login -p\`/\`--password\` (and podman, helm, …; saved in
\`~/.docker/config.json\`), \`aws configure set aws_secret_access_key|aws_session_token|aws_access_key_id\`
(\`~/.aws/credentials\`), \`gcloud auth activate-service-account --key-file\` (a key file the image
holds; the credentials go to \`~/.config/gcloud\`), \`az login -p\` (\`~/.azure\`) and
\`doctl auth init -t\`/\`--access-token\`. The value word is the anchor.

And commands that leave an account with an empty password: \`echo 'root:' | chpasswd\` (a
\`printf\`, a here-string or a here-document too, \`-e\` included), \`passwd -d\`/\`--delete\`,
\`usermod -p ''\`, \`useradd -p ''\` and a \`sed\` substitution that empties the password field of
\`/etc/shadow\` or \`/etc/passwd\`.

## Why is this bad?
The command line of every \`RUN\` is kept in the image: \`docker history\` shows it to anyone who
can pull the image, and a build cache or registry keeps it too. Removing the credential in a
later step does not remove it from the history. A login saved in the user's configuration is a
file of the layer: anyone who pulls the image reads it there. An empty password lets whoever
reaches a login in the container (\`su\`, a console, an SSH server that allows empty passwords)
become that user.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN curl -u deploy:s3cr3t-passw0rd -fsSLO https://artifacts.example.com/app.tgz
\`\`\`

## Use instead
\`\`\`dockerfile
# syntax=docker/dockerfile:1
FROM debian:bookworm
RUN --mount=type=secret,id=artifacts_netrc,target=/root/.netrc \\
    curl --netrc -fsSLO https://artifacts.example.com/app.tgz
\`\`\`
Build with \`docker build --secret id=artifacts_netrc,src=$HOME/.netrc .\`.

## Fix safety
Only the literal credentials have a fix; the logins and empty passwords have none (where the
credential should come from, and which account to lock, is for the author to decide).
It is unsafe. The fix replaces the literal by a variable (\`"\${CURL_PASSWORD}"\`, written to fit the
quoting around it, continuations kept), mounts a BuildKit secret as that variable on the RUN
(\`--mount=type=secret,id=curl_password,env=CURL_PASSWORD\`) and adds
\`# syntax=docker/dockerfile:1\` when the file names no frontend. The credential is kept in
\`secrets/curl_password.txt\` beside the Dockerfile (created, never overwritten; \`secrets/\` added
once to the \`.gitignore\` there), and the build must then pass it:
\`docker build --secret id=curl_password,src=secrets/curl_password.txt .\`. The value has to be
rotated, since the old one is in the history of images already built. Not offered
where the RUN's own shell does not read the literal: an exec-form RUN, a here-document, a
\`$(…)\`, a non-POSIX shell, or a value written with escapes or quotes inside it.
`,
});
