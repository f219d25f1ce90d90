import { environment } from '../../model/compose';
import { variablePairs, type DockerfileModel } from '../../model/dockerfile';
import { effectiveInvocation, invocations, rangeOf, runCommands, sedReplacementStart, wordSpan, type Invocation, type ShellCommand, type ShellWord } from '../../model/shell';
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

const CERTIFICATES = 'TLS is no longer checked (server certificates are not verified), so anyone between the build and the server can serve their own content';
const SIGNATURES = 'package signatures are no longer checked (TLS, if any, still is), so a tampered or substituted package from the mirror installs without complaint';
/** Checksums of modules or files: the content is no longer compared with what was published. */
const CHECKSUMS = 'downloaded modules are no longer checked against the checksum database, so a tampered module version builds without complaint';

/** Environment variables that switch verification off, and the values that do. */
const VARIABLES = new Map<string, { disables: (value: string) => boolean; effect: string }>(Object.entries({
  // git only checks that the variable is set (http.c: `if (getenv("GIT_SSL_NO_VERIFY"))`).
  GIT_SSL_NO_VERIFY: { disables: () => true, effect: `git: ${CERTIFICATES}` },
  NODE_TLS_REJECT_UNAUTHORIZED: { disables: (v) => v === '0', effect: `every Node.js HTTPS request: ${CERTIFICATES}` },
  PYTHONHTTPSVERIFY: { disables: (v) => v === '0', effect: `Python's urllib: ${CERTIFICATES}` },
  PIP_TRUSTED_HOST: { disables: (v) => v.trim() !== '', effect: `pip, for the hosts listed: ${CERTIFICATES}` },
  NPM_CONFIG_STRICT_SSL: { disables: (v: string) => /^(false|0|no)$/i.test(v), effect: `npm: ${CERTIFICATES}` },
  GOSUMDB: { disables: (v) => v.trim() === 'off', effect: `go: ${CHECKSUMS}` },
  GOINSECURE: { disables: (v) => v.trim() !== '', effect: `go, for the modules listed: ${CERTIFICATES}` },
}));

const NPM_STRICT_SSL = 'npm_config_strict_ssl';

function variable(name: string): { disables: (value: string) => boolean; effect: string } | undefined {
  // npm reads its npm_config_* variables in any case; the length is compared first, most names are not that one.
  return VARIABLES.get(name) ?? (name.length === NPM_STRICT_SSL.length && name.toLowerCase() === NPM_STRICT_SSL ? VARIABLES.get('NPM_CONFIG_STRICT_SSL') : undefined);
}

const span = (first: ShellWord, last: ShellWord = first) => ({ start: first.start, end: last.end });
/** Every flag this rule looks for starts with `-`: a cheap first test skips operands. */
const isOption = (value: string) => value.charCodeAt(0) === 45; // '-'
const isFalse = (value: string) => /^(false|0|no|off)$/i.test(value);

/** curl's short options that take a value: in `-sSo file` the `o` ends the cluster. */
const CURL_VALUE_LETTERS = new Set([...'oOHudXAebcEFKmrTwxyYzCPQtUDhM']);

function curl(args: ShellWord[]): Disabling[] {
  const found: Disabling[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (!isOption(value)) continue;
    if (value === '--insecure' || value === '--proxy-insecure') found.push({ ...span(args[i]), what: `curl ${value}`, effect: CERTIFICATES });
    else if (value.length > 1 && value[1] !== '-') {
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

/** A checker for flags that switch verification off; each of `flags` starts with `-`. */
function flagChecker(program: string, flags: RegExp, effect: string): (args: ShellWord[]) => Disabling[] {
  return (args) => {
    const found: Disabling[] = [];
    for (const word of args) if (isOption(word.value) && flags.test(word.value)) found.push({ ...span(word), what: `${program} ${word.value}`, effect });
    return found;
  };
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
  const found = flagChecker(program, /^--allow-unauthenticated$|^--force-yes$|^--allow-insecure-repositories$/, SIGNATURES)(args);
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (!isOption(value)) continue;
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

/** A yum/dnf setting and what it turns off when false: `sslverify` is TLS, `gpgcheck` the packages' signatures. */
function yumSetting(name: string): string | undefined {
  const key = name.toLowerCase().replace(/^.*\./, '');
  if (key === 'sslverify' || key === 'proxy_sslverify') return CERTIFICATES;
  if (key === 'gpgcheck' || key === 'repo_gpgcheck' || key === 'localpkg_gpgcheck' || key === 'pkg_gpgcheck') return SIGNATURES;
  return undefined;
}

/**
 * yum, dnf, microdnf, tdnf and their config managers: `--nogpgcheck`, `--setopt[=| ][<repo>.]sslverify=0`,
 * `--setopt=gpgcheck=0`; with `--save` (yum-config-manager, dnf config-manager) the setting is written
 * into the configuration, for every later command of the image.
 */
function yumFamily(program: string): (args: ShellWord[]) => Disabling[] {
  return (args) => {
    const found: Disabling[] = [];
    const configManager = !program.endsWith('config-manager') && args.some((w) => w.value === 'config-manager');
    const name = configManager ? `${program} config-manager` : program;
    const saved = configManager || program.endsWith('config-manager') ? ' (saved into the configuration, for every later yum or dnf command of the image)' : '';
    for (let i = 0; i < args.length; i++) {
      const value = args[i].value;
      if (value === '--nogpgcheck' || value === '--no-gpgchecks') {
        found.push({ ...span(args[i]), what: `${name} ${value}`, effect: SIGNATURES });
        continue;
      }
      const separate = value === '--setopt';
      const word = separate ? args[i + 1] : value.startsWith('--setopt=') ? args[i] : undefined;
      if (!word) continue;
      if (separate) i++;
      const setting = /^(?:--setopt=)?([^=]+)=(.*)$/.exec(word.value);
      const effect = setting && isFalse(setting[2].trim()) ? yumSetting(setting[1].trim()) : undefined;
      if (effect) found.push({ ...span(separate ? args[i - 1] : word, word), what: `${name} --setopt ${setting![1].trim()}=${setting![2].trim()}${saved}`, effect });
    }
    return found;
  };
}

/**
 * Settings written into a configuration file by a RUN (`echo … >> /etc/yum.repos.d/x.repo`, a
 * here-document, `sed -i 's/gpgcheck=1/gpgcheck=0/'`): each pattern, text in lower case that any
 * match holds (a cheap test before the pattern's search), and what it turns off.
 */
const WRITTEN_SETTINGS: Array<{ pattern: RegExp; mark: string; what: (match: string) => string; effect: string; only?: RegExp }> = [
  // A word start, or after a `\n` an echo -e or printf turns into a line break.
  { pattern: /(?<=^|[^A-Za-z0-9_]|\\n)(?:repo_|localpkg_|pkg_)?gpgcheck[ \t]*=[ \t]*(?:0|false|no|off)\b/gi, mark: 'gpgcheck', what: (m) => `${m} in a yum/dnf/zypper repository configuration`, effect: SIGNATURES },
  { pattern: /(?<=^|[^A-Za-z0-9_]|\\n)(?:proxy_)?sslverify[ \t]*=[ \t]*(?:0|false|no|off)\b/gi, mark: 'sslverify', what: (m) => `${m} in a configuration file (yum, dnf, zypper or git)`, effect: CERTIFICATES },
  { pattern: /(?<=^|[^A-Za-z0-9_-]|\\n)strict-ssl[ \t]*=[ \t]*(?:false|0|no)\b/gi, mark: 'strict-ssl', what: (m) => `${m} in an npm or yarn configuration`, effect: CERTIFICATES },
  { pattern: /(?<=^|[^A-Za-z0-9_-]|\\n)check_certificate[ \t]*=[ \t]*(?:off|false|0|no)\b/gi, mark: 'check_certificate', what: (m) => `${m} in a wget configuration`, effect: CERTIFICATES },
  { pattern: /\[[^\][\n]*\]/g, only: /(?:^|[\s[,])trusted=yes(?:$|[\s\],])/i, mark: 'trusted=yes', what: (m) => `the APT source option ${m}`, effect: SIGNATURES },
  { pattern: /\bAcquire::https?::(?:[^:\s"]+::)?Verify-(?:Peer|Host)[ \t]+"?(?:false|0|no)"?/gi, mark: 'verify-', what: (m) => `the APT setting ${m}`, effect: CERTIFICATES },
  { pattern: /\b(?:APT::Get::AllowUnauthenticated|Acquire::AllowInsecureRepositories|Acquire::AllowDowngradeToInsecureRepositories)[ \t]+"?(?:true|1|yes)"?/gi, mark: '::allow', what: (m) => `the APT setting ${m}`, effect: SIGNATURES },
];

/** The programs whose arguments are text they write: echo/printf, and sed (only a substitution's replacement is written). */
const WRITERS = new Set(['echo', 'printf', 'sed', 'tee', 'cat']);

const NO_SETTINGS: never[] = [];

/** Settings that switch verification off in text a command writes: its echo/printf/sed arguments and its here-documents. */
function writtenSettings(command: ShellCommand, invocation: Invocation | undefined): Array<{ word: ShellWord; from: number; to: number; what: string; effect: string }> {
  const writes = invocation !== undefined && WRITERS.has(invocation.program);
  // Most commands write nothing: no array nor closure for them.
  if (command.redirects.length === 0 && !writes) return NO_SETTINGS;
  const found: Array<{ word: ShellWord; from: number; to: number; what: string; effect: string }> = [];
  const search = (word: ShellWord, from: number) => {
    for (const setting of settingsIn(word.value, from)) found.push({ word, ...setting });
  };
  for (const r of command.redirects) {
    if (r.heredoc) search(r.heredoc.body, 0);
    else if (r.operator === '<<<' && r.target) search(r.target, 0);
  }
  if (writes) {
    for (const word of invocation.args) {
      if (invocation.program !== 'sed') search(word, 0);
      else {
        // `s/old/new/`: only `new` is written.
        const replacement = sedReplacementStart(word.value);
        if (replacement !== undefined) search(word, replacement);
      }
    }
  }
  return found;
}

/** Every pattern of WRITTEN_SETTINGS needs one of these characters: text without any is not searched. */
const SETTING_CHARACTER = /[=[:]/;

/** The settings of WRITTEN_SETTINGS in `text` from `from` on, with their offsets in it. */
function settingsIn(text: string, from: number): Array<{ from: number; to: number; what: string; effect: string }> {
  const searched = text.slice(from);
  if (!SETTING_CHARACTER.test(searched)) return NO_SETTINGS;
  const lower = searched.toLowerCase();
  const found: Array<{ from: number; to: number; what: string; effect: string }> = [];
  for (const { pattern, mark, what, effect, only } of WRITTEN_SETTINGS) {
    if (!lower.includes(mark)) continue;
    for (const match of searched.matchAll(pattern)) if (!only || only.test(match[0])) found.push({ from: from + match.index!, to: from + match.index! + match[0].length, what: what(match[0]), effect });
  }
  return found;
}

/** `COPY <<EOF /etc/yum.repos.d/x.repo`: the here-document is the file's content, after the instruction's first line. */
function copiedSettings(model: DockerfileModel): Array<{ range: Range; message: string }> {
  const findings: Array<{ range: Range; message: string }> = [];
  for (const stage of model.stages) {
    for (const instruction of stage.checked) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || !instruction.getArguments().some((argument) => argument.value.startsWith('<<'))) continue;
      const body = model.text.indexOf('\n', instruction.keywordEnd);
      if (body < 0 || body >= instruction.end) continue;
      for (const setting of settingsIn(model.text.slice(body, instruction.end), 0)) {
        findings.push({ range: model.lines.range(body + setting.from, body + setting.to), message: `${setting.what}, written by a ${instruction.keyword} here-document: ${setting.effect}. Remove it; for a private server or mirror, install its CA certificate or signing key in the image instead.` });
      }
    }
  }
  return findings;
}

const CHECKERS = new Map<string, (args: ShellWord[], invocation: Invocation) => Disabling[]>(Object.entries({
  curl,
  wget: flagChecker('wget', /^--no-check-certificate$/, CERTIFICATES),
  git,
  'apt-get': (args) => apt('apt-get', args),
  aws: flagChecker('aws', /^--no-verify-ssl$/, CERTIFICATES),
  conda: (args) => args.flatMap((w, i) => (w.value === 'ssl_verify' && args[i - 1]?.value === '--set' && args[i + 1] && isFalse(args[i + 1].value) ? [{ ...span(w, args[i + 1]), what: `conda config --set ssl_verify ${args[i + 1].value}`, effect: CERTIFICATES }] : [])),
  helm: flagChecker('helm', /^--insecure-skip-tls-verify(=true)?$/, CERTIFICATES),
  kubectl: flagChecker('kubectl', /^--insecure-skip-tls-verify(=true)?$/, CERTIFICATES),
  podman: flagChecker('podman', /^--tls-verify=(false|0)$/i, CERTIFICATES),
  buildah: flagChecker('buildah', /^--tls-verify=(false|0)$/i, CERTIFICATES),
  skopeo: flagChecker('skopeo', /^--(src-|dest-)?tls-verify=(false|0)$/i, CERTIFICATES),
  apt: (args) => apt('apt', args),
  aptitude: (args) => apt('aptitude', args),
  apk: flagChecker('apk', /^--allow-untrusted$/, SIGNATURES),
  yum: yumFamily('yum'),
  dnf: yumFamily('dnf'),
  dnf5: yumFamily('dnf5'),
  microdnf: yumFamily('microdnf'),
  tdnf: yumFamily('tdnf'),
  'yum-config-manager': yumFamily('yum-config-manager'),
  // `zypper addrepo --no-gpgcheck` / `-G` adds a repository whose signatures are never checked.
  zypper: flagChecker('zypper', /^--no-gpg-checks?$|^--no-gpgcheck$|^-G$/, SIGNATURES),
  // `--noverify` is `--nodigest --nosignature` for an install.
  rpm: flagChecker('rpm', /^--(nosignature|nodigest|nofiledigest|noverify)$/, SIGNATURES),
  npm: (args) => nodePackageManager('npm', args),
  yarn: (args) => nodePackageManager('yarn', args),
  pnpm: (args: ShellWord[]) => nodePackageManager('pnpm', args),
}));

/** What an invocation switches off, by program name (`pip3.12` as pip, `python -m pip` as pip); undefined for programs not checked. */
function disablingsOf(invocation: Invocation): Disabling[] | undefined {
  const { program, args } = invocation;
  const checker = CHECKERS.get(program);
  if (checker) return checker(args, invocation);
  // The rest are pip forms: most programs are not, and skip the regexes.
  if (!program.startsWith('p')) return undefined;
  if (/^pip[0-9.]*$/.test(program)) return pip(args);
  if (/^python[0-9.]*$/.test(program)) {
    const m = args.findIndex((w, i) => w.value === 'pip' && args[i - 1]?.value === '-m');
    return m >= 0 ? pip(args.slice(m + 1)) : undefined;
  }
  return undefined;
}

/** `VAR=0 cmd`, `env VAR=0 cmd` and `export VAR=0` in a RUN, each given to `visit`. */
function forEachShellAssignment(command: ShellCommand, visit: (name: string, value: string, word: ShellWord) => void): void {
  for (const a of command.assignments) visit(a.name, a.word.value.slice(a.valueStart), a.word);
  for (const invocation of invocations(command)) {
    if (invocation.program !== 'env' && invocation.program !== 'export') continue;
    for (const word of invocation.args) {
      const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word.value);
      if (assignment) visit(assignment[1], assignment[2], word);
    }
  }
}

function runFindings(model: DockerfileModel): Array<{ range: Range; message: string }> {
  const findings: Array<{ range: Range; message: string }> = [];
  const judgeAssignment = (name: string, value: string, word: ShellWord) => {
    const known = variable(name);
    if (known?.disables(value)) findings.push({ range: rangeOf(model, word), message: `${name}=${value} turns off verification for ${known.effect}. Remove it and trust the server's CA instead (install its certificate in the image).` });
  };
  for (const { command } of runCommands(model)) {
    forEachShellAssignment(command, judgeAssignment);
    const invocation = effectiveInvocation(command);
    for (const written of writtenSettings(command, invocation)) {
      const where = wordSpan(written.word, written.from, written.to);
      findings.push({ range: model.lines.range(where.start, where.end), message: `${written.what}: ${written.effect}. Remove it; for a private server or mirror, install its CA certificate or signing key in the image instead.` });
    }
    const disablings = invocation && disablingsOf(invocation);
    if (!disablings) continue;
    for (const disabling of disablings) {
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
      for (const finding of [...runFindings(model), ...copiedSettings(model)]) report(finding);
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
  \`apt-get --allow-unauthenticated\` / \`--force-yes\` / \`--allow-insecure-repositories\` /
  \`-o Acquire::https::Verify-Peer=false\` / \`-o APT::Get::AllowUnauthenticated=true\`, \`apk --allow-untrusted\`,
  \`yum\`/\`dnf\`/\`microdnf\`/\`tdnf --nogpgcheck\` and \`--setopt[=| ][<repo>.]sslverify=0\` or
  \`gpgcheck=0\` (\`repo_gpgcheck\`, \`localpkg_gpgcheck\`), also through \`yum-config-manager\` and
  \`dnf config-manager\`, whose \`--save\` keeps the setting for every later command,
  \`zypper --no-gpg-checks\` and \`zypper addrepo -G\`/\`--no-gpgcheck\`,
  \`rpm --nosignature\` / \`--nodigest\` / \`--nofiledigest\` / \`--noverify\`,
  \`helm\`/\`kubectl --insecure-skip-tls-verify\`, \`podman\`/\`buildah\`/\`skopeo --tls-verify=false\`,
  \`aws --no-verify-ssl\`, \`conda config --set ssl_verify false\`;
- settings a \`RUN\` writes into a configuration file, with \`echo\`/\`printf\`, a here-document or the
  replacement of a \`sed\` substitution, or that a \`COPY <<EOF\` here-document writes: \`gpgcheck=0\` and \`sslverify=0\` (yum, dnf, zypper
  repositories, git), an APT source marked \`[trusted=yes]\`, \`Acquire::https::Verify-Peer "false"\`,
  \`APT::Get::AllowUnauthenticated "true"\`, \`strict-ssl=false\` (\`.npmrc\`), \`check_certificate = off\`
  (\`.wgetrc\`);
- environment variables, in a Dockerfile \`ENV\` or \`ARG\` default, in a RUN (\`VAR=0 cmd\`,
  \`env VAR=0 cmd\`, \`export VAR=0\`) and in a Compose service's \`environment:\`:
  \`GIT_SSL_NO_VERIFY\` with any value (git only checks that it is set, so even an empty value counts),
  \`NODE_TLS_REJECT_UNAUTHORIZED=0\`, \`PYTHONHTTPSVERIFY=0\`, \`PIP_TRUSTED_HOST\`,
  \`NPM_CONFIG_STRICT_SSL=false\`, \`GOINSECURE\` and \`GOSUMDB=off\` (Go's checksum database).

Every message says which check is lost: TLS (\`sslverify\`, \`curl -k\`, \`Verify-Peer\`: the server
is not authenticated) or the packages' signatures (\`gpgcheck\`, \`--nogpgcheck\`, \`rpm --nosignature\`,
\`[trusted=yes]\`: the package is not checked against its publisher's key). An \`ONBUILD RUN\` or
\`ONBUILD ENV\` is checked too.

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
