import { environment } from '../../model/compose';
import { variablePairs, type DockerfileModel } from '../../model/dockerfile';
import { effectiveInvocation, invocations, rangeOf, runCommands, type Invocation, type ShellCommand, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';
import type { Range } from '../../types';

/** A place where verification is switched off, and what it switches off. */
interface Disabling {
  start: number;
  end: number;
  /** What is written, shown in the message: `curl -k`, `git -c http.sslVerify=false`. */
  what: string;
  /** What stops being checked. */
  effect: string;
}

const CERTIFICATES = 'server certificates are no longer verified, so anyone between the build and the server can serve their own content';
const SIGNATURES = 'package signatures are no longer verified, so a tampered or substituted package installs without complaint';

/** Environment variables that switch verification off, and the values that do. */
const VARIABLES = new Map<string, { disables: (value: string) => boolean; effect: string }>(Object.entries({
  // git only checks that the variable is set (http.c: `if (getenv("GIT_SSL_NO_VERIFY"))`).
  GIT_SSL_NO_VERIFY: { disables: () => true, effect: `git: ${CERTIFICATES}` },
  NODE_TLS_REJECT_UNAUTHORIZED: { disables: (v) => v === '0', effect: `every Node.js HTTPS request: ${CERTIFICATES}` },
  PYTHONHTTPSVERIFY: { disables: (v) => v === '0', effect: `Python's urllib: ${CERTIFICATES}` },
  PIP_TRUSTED_HOST: { disables: (v) => v.trim() !== '', effect: `pip, for the hosts listed: ${CERTIFICATES}` },
  NPM_CONFIG_STRICT_SSL: { disables: (v: string) => /^(false|0|no)$/i.test(v), effect: `npm: ${CERTIFICATES}` },
}));

function variable(name: string): { disables: (value: string) => boolean; effect: string } | undefined {
  // npm reads its npm_config_* variables in any case.
  return VARIABLES.get(name) ?? (name.toLowerCase() === 'npm_config_strict_ssl' ? VARIABLES.get('NPM_CONFIG_STRICT_SSL') : undefined);
}

const span = (first: ShellWord, last: ShellWord = first) => ({ start: first.start, end: last.end });
const isFalse = (value: string) => /^(false|0|no|off)$/i.test(value);

/** curl's short options that take a value: in `-sSo file` the `o` ends the cluster. */
const CURL_VALUE_LETTERS = new Set([...'oOHudXAebcEFKmrTwxyYzCPQtUDhM']);

function curl(args: ShellWord[]): Disabling[] {
  const found: Disabling[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--insecure' || value === '--proxy-insecure') found.push({ ...span(args[i]), what: `curl ${value}`, effect: CERTIFICATES });
    else if (/^-[^-]/.test(value)) {
      for (let j = 1; j < value.length; j++) {
        if (value[j] === 'k') {
          found.push({ ...span(args[i]), what: `curl ${value}`, effect: CERTIFICATES });
          break;
        }
        if (CURL_VALUE_LETTERS.has(value[j])) {
          if (j === value.length - 1) i++;
          break;
        }
      }
    }
  }
  return found;
}

function flagChecker(program: string, flags: RegExp, effect: string): (args: ShellWord[]) => Disabling[] {
  return (args) => args.filter((w) => flags.test(w.value)).map((w) => ({ ...span(w), what: `${program} ${w.value}`, effect }));
}

function pip(args: ShellWord[]): Disabling[] {
  const found = flagChecker('pip', /^--trusted-host(=|$)/, `pip, for that host: ${CERTIFICATES}`)(args);
  const key = args.findIndex((w, i) => /^(global|install)\.trusted-host$/.test(w.value) && args[i - 1]?.value === 'set');
  if (key >= 0) found.push({ ...span(args[key], args[key + 1] ?? args[key]), what: `pip config set ${args[key].value}`, effect: `pip, for that host: ${CERTIFICATES}` });
  return found;
}

/** `npm config set strict-ssl false`, `yarn config set strict-ssl false`, `npm --strict-ssl=false …`. */
function nodePackageManager(program: string, args: ShellWord[]): Disabling[] {
  const found: Disabling[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (/^--strict-ssl=(false|0)$/i.test(value) || value === '--no-strict-ssl') {
      found.push({ ...span(args[i]), what: `${program} ${value}`, effect: CERTIFICATES });
    } else if (value === 'strict-ssl' && args[i + 1] && isFalse(args[i + 1].value) && args[i - 1]?.value === 'set') {
      found.push({ ...span(args[i], args[i + 1]), what: `${program} config set strict-ssl ${args[i + 1].value}`, effect: CERTIFICATES });
    } else if (/^strict-ssl=(false|0)$/i.test(value) && args[i - 1]?.value === 'set') {
      found.push({ ...span(args[i]), what: `${program} config set ${value}`, effect: CERTIFICATES });
    }
  }
  return found;
}

/** `git -c http.sslVerify=false …`, `git config --global http.sslVerify false` (also `http.<url>.sslVerify`). */
function git(args: ShellWord[]): Disabling[] {
  const found: Disabling[] = [];
  const key = /^http\.(.+\.)?sslverify$/i;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    const assignment = /^(?=[^\n\r\u2028\u2029]*$)(http\.(?:.+\.)?sslverify)=(.*)/i.exec(value);
    if (assignment && isFalse(assignment[2])) {
      found.push({ ...span(args[i]), what: `git -c ${value}`, effect: CERTIFICATES });
    } else if (key.test(value) && args[i + 1] && isFalse(args[i + 1].value) && args.some((w, j) => j < i && w.value === 'config')) {
      found.push({ ...span(args[i], args[i + 1]), what: `git config ${value} ${args[i + 1].value}`, effect: CERTIFICATES });
    }
  }
  return found;
}

/** apt-get's switches, and the `-o` settings that turn verification off. */
function apt(program: string, args: ShellWord[]): Disabling[] {
  const found = flagChecker(program, /^--allow-unauthenticated$|^--force-yes$/, SIGNATURES)(args);
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    const separate = value === '-o' || value === '--option';
    const setting = separate ? args[++i] : /^-o./.test(value) || value.startsWith('--option=') ? args[i] : undefined;
    if (!setting) continue;
    const text = separate ? setting.value : setting.value.replace(/^(-o|--option=)/, '');
    const equals = text.indexOf('=');
    const name = text.slice(0, equals < 0 ? text.length : equals).toLowerCase();
    const option = equals < 0 ? '' : text.slice(equals + 1);
    // Acquire::https::Verify-Peer, also per host: Acquire::https::mirror.example.com::Verify-Peer.
    if (/^acquire::https::(.+::)?verify-(peer|host)$/.test(name) && /^(false|0|no)$/i.test(option)) {
      found.push({ ...span(setting), what: `${program} -o ${text}`, effect: CERTIFICATES });
    } else if (/^(apt::get::allowunauthenticated|acquire::allowinsecurerepositories|acquire::allowdowngradetoinsecurerepositories)$/.test(name) && /^(true|1|yes)$/i.test(option)) {
      found.push({ ...span(setting), what: `${program} -o ${text}`, effect: SIGNATURES });
    }
  }
  return found;
}

const CHECKERS = new Map<string, (args: ShellWord[], invocation: Invocation) => Disabling[]>(Object.entries({
  curl,
  wget: flagChecker('wget', /^--no-check-certificate$/, CERTIFICATES),
  git,
  'apt-get': (args) => apt('apt-get', args),
  apt: (args) => apt('apt', args),
  aptitude: (args) => apt('aptitude', args),
  apk: flagChecker('apk', /^--allow-untrusted$/, SIGNATURES),
  yum: flagChecker('yum', /^--nogpgcheck$|^--setopt=(.*\.)?(sslverify|gpgcheck)=(0|false|no)$/i, SIGNATURES),
  dnf: flagChecker('dnf', /^--nogpgcheck$|^--setopt=(.*\.)?(sslverify|gpgcheck)=(0|false|no)$/i, SIGNATURES),
  microdnf: flagChecker('microdnf', /^--nogpgcheck$/, SIGNATURES),
  tdnf: flagChecker('tdnf', /^--nogpgcheck$/, SIGNATURES),
  zypper: flagChecker('zypper', /^--no-gpg-checks$/, SIGNATURES),
  rpm: flagChecker('rpm', /^--(nosignature|nodigest|nofiledigest)$/, SIGNATURES),
  npm: (args) => nodePackageManager('npm', args),
  yarn: (args) => nodePackageManager('yarn', args),
  pnpm: (args: ShellWord[]) => nodePackageManager('pnpm', args),
}));

/** The checker for an invocation: by program name, `pip3.12` as pip, `python -m pip` as pip. */
function checkerOf(invocation: Invocation): ((args: ShellWord[]) => Disabling[]) | undefined {
  if (/^pip[0-9.]*$/.test(invocation.program)) return pip;
  if (/^python[0-9.]*$/.test(invocation.program)) {
    const m = invocation.args.findIndex((w, i) => w.value === 'pip' && invocation.args[i - 1]?.value === '-m');
    return m >= 0 ? (args) => pip(args.slice(m + 1)) : undefined;
  }
  const checker = CHECKERS.get(invocation.program);
  return checker ? (args) => checker(args, invocation) : undefined;
}

/** `VAR=0 cmd`, `env VAR=0 cmd` and `export VAR=0` in a RUN. */
function shellAssignments(command: ShellCommand): Array<{ name: string; value: string; word: ShellWord }> {
  const found = command.assignments.map((a) => ({ name: a.name, value: a.word.value.slice(a.valueStart), word: a.word }));
  for (const invocation of invocations(command)) {
    if (invocation.program !== 'env' && invocation.program !== 'export') continue;
    for (const word of invocation.args) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
      if (assignment) found.push({ name: assignment[1], value: assignment[2], word });
    }
  }
  return found;
}

function runFindings(model: DockerfileModel): Array<{ range: Range; message: string }> {
  const findings: Array<{ range: Range; message: string }> = [];
  for (const { command } of runCommands(model)) {
    for (const { name, value, word } of shellAssignments(command)) {
      const known = variable(name);
      if (known?.disables(value)) findings.push({ range: rangeOf(model, word), message: `${name}=${value} turns off verification for ${known.effect}. Remove it and trust the server's CA instead (install its certificate in the image).` });
    }
    const invocation = effectiveInvocation(command);
    const checker = invocation && checkerOf(invocation);
    if (!checker) continue;
    for (const disabling of checker(invocation.args)) {
      findings.push({
        range: model.lines.range(disabling.start, disabling.end),
        message: `${disabling.what}: ${disabling.effect}. Remove it; for a private server or mirror, install its CA certificate or signing key in the image instead.`,
      });
    }
  }
  return findings;
}

export default defineRule({
  id: 'tls-verification-disabled',
  title: 'TLS certificate or package signature verification is turned off',
  severity: 'error',
  kinds: ['dockerfile', 'compose'],
  category: 'images',
  profiles: ['recommended', 'strict'],
  peers: { checkov: 'CKV2_DOCKER_2 to CKV2_DOCKER_16' },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const { keyword, pair } of variablePairs(model)) {
        const known = variable(pair.getName());
        const value = pair.getValue();
        if (!known || value === null || value === undefined || !known.disables(value)) continue;
        report({
          range: pair.getRange(),
          message: `${keyword} ${pair.getName()}=${value} turns off verification for ${known.effect}. Remove it; for a private server, install its CA certificate in the image instead.`,
        });
      }
      for (const finding of runFindings(model)) report(finding);
    },
    compose({ model, report }) {
      for (const service of model.services) {
        for (const env of environment(model, service)) {
          const known = variable(env.name);
          if (!known || env.value === undefined || !known.disables(env.value)) continue;
          report({
            range: env.range,
            message: `Service "${service.name}" sets ${env.name}=${env.value}: it turns off verification for ${known.effect}. Remove it; for a private server, mount its CA certificate instead.`,
            related: env.definedAt ? [{ range: env.definedAt, message: `${env.name} is defined here` }] : undefined,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports what switches off the verification of TLS certificates or package signatures:

- in a \`RUN\` (read as the shell reads it, also behind \`sudo\`/\`env\` and inside \`sh -c\`):
  \`curl -k\` / \`--insecure\` (also in a cluster such as \`-sSLk\`), \`wget --no-check-certificate\`,
  \`pip --trusted-host\` (and \`python -m pip\`, \`pip config set global.trusted-host\`),
  \`npm\`/\`yarn\`/\`pnpm config set strict-ssl false\` and \`--strict-ssl=false\`,
  \`git -c http.sslVerify=false\` and \`git config http.sslVerify false\`,
  \`apt-get --allow-unauthenticated\` / \`--force-yes\` / \`-o Acquire::https::Verify-Peer=false\` /
  \`-o APT::Get::AllowUnauthenticated=true\`, \`apk --allow-untrusted\`,
  \`yum\`/\`dnf\`/\`microdnf\`/\`tdnf --nogpgcheck\` and \`--setopt=sslverify=0\`, \`zypper --no-gpg-checks\`,
  \`rpm --nosignature\` / \`--nodigest\` / \`--nofiledigest\`;
- environment variables, in a Dockerfile \`ENV\` or \`ARG\` default, in a RUN (\`VAR=0 cmd\`,
  \`env VAR=0 cmd\`, \`export VAR=0\`) and in a Compose service's \`environment:\`:
  \`GIT_SSL_NO_VERIFY\` with any value (git only checks that it is set, so even an empty value counts),
  \`NODE_TLS_REJECT_UNAUTHORIZED=0\`, \`PYTHONHTTPSVERIFY=0\`, \`PIP_TRUSTED_HOST\` and
  \`NPM_CONFIG_STRICT_SSL=false\`.

The flag or the pair is the anchor. \`curl -o k\` (the \`k\` is \`-o\`'s file name) and \`echo "curl -k"\`
are not reported.

## Why is this bad?
Without certificate verification any machine between the build and the server — a proxy, a
Wi-Fi hotspot, a compromised DNS — can answer in the server's name, and what it sends is
installed in the image. Without signature checks a package mirror can serve any package under
any name. The switch usually goes in to get past a corporate proxy's certificate once, and stays.

## Example
\`\`\`dockerfile
FROM debian:bookworm
RUN curl -sSLk https://example.com/tool.tgz | tar -xz -C /usr/local/bin
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
\`\`\`

## Use instead
\`\`\`dockerfile
FROM debian:bookworm
# The proxy's CA, trusted explicitly.
COPY corporate-ca.crt /usr/local/share/ca-certificates/
RUN update-ca-certificates && curl -sSL https://example.com/tool.tgz | tar -xz -C /usr/local/bin
ENV NODE_EXTRA_CA_CERTS=/usr/local/share/ca-certificates/corporate-ca.crt
\`\`\`

## Fix safety
No automatic fix: removing the switch breaks the build until the CA certificate or key it was
working around is installed.
`,
});
