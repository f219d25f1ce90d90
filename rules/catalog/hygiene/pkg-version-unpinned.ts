import { packageCommand, type PackageManager } from '../../model/packages';
import { effectiveInvocation, rangeOf, runCommands, type Invocation, type ShellCommand, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';

/** A file, a URL, a path, a local archive or a variable: a fixed artifact or something only the build knows, not a name to pin. */
const NOT_A_NAME = /^(\.|\/|~|[a-z+]+:\/\/|git\+|file:)|\.(deb|apk|rpm|whl|egg|gem|zip|tar|tar\.(gz|bz2|xz|zst)|tgz|tbz2?|txz)$|\$|^-$/i;

const SYSTEM_VERSIONED: Record<PackageManager, RegExp> = {
  apt: /=/,
  apk: /[=<>~]/,
  // yum, dnf: `name-1.2.3` or `name-1.2.3-1.el9`; `name = 1.2` is rare.
  yum: /-\d|[=<>]/,
  zypper: /-\d|[=<>]/,
  pacman: /[=<>]/,
};

/** How each manager writes a pinned version. */
const SYSTEM_PIN: Record<PackageManager, string> = { apt: 'name=<version>', apk: 'name=<version>', yum: 'name-<version>', zypper: 'name-<version>', pacman: 'name=<version>' };

interface Unpinned {
  /** How the install is written: `pip install`, `dnf module install`, ... */
  installer: string;
  /** How this installer pins a version. */
  pin: string;
  packages: ShellWord[];
}

/** Options of the language installers that take the next word as their value (`--opt=value` is one word). */
const PIP_VALUE_OPTIONS = /^(-[rceitfC]|--(requirement|constraint|editable|index-url|extra-index-url|find-links|target|prefix|root|trusted-host|src|upgrade-strategy|platform|python-version|implementation|abi|no-binary|only-binary|progress-bar|cache-dir|log|log-file|proxy|retries|resume-retries|timeout|exists-action|cert|client-cert|global-option|config-settings|report|root-user-action|python|keyring-provider|use-feature|use-deprecated|group|install-option|build-option))$/;
const PIPX_VALUE_OPTIONS = /^(-i|--(python|index-url|pip-args|suffix|preinstall|backend))$/;
const NPM_VALUE_OPTIONS = /^(-w|--(prefix|registry|tag|cache|userconfig|globalconfig|workspace|omit|include|install-strategy|loglevel|save-prefix|fetch-retries|fetch-retry-mintimeout|fetch-retry-maxtimeout|fetch-timeout|proxy|https-proxy|noproxy|ca|cafile|cert|key|scope|otp|location|before|script-shell|node-options|maxsockets|audit-level|access|auth-type|lockfile-version|umask|user-agent|install-links|cpu|os|libc))$/;
const GEM_VALUE_OPTIONS = /^(-[vinsPg]|--(version|install-dir|bindir|source|trust-policy|platform|document|file|build-root|target-rbconfig))$/;
const CARGO_VALUE_OPTIONS = /^(-[jF]|--(version|vers|git|branch|tag|rev|path|root|index|registry|target|target-dir|features|jobs|profile|bin|example|config|color))$/;
const GO_VALUE_OPTIONS = /^--?(ldflags|gcflags|asmflags|tags|mod|modfile|p|pkgdir|toolexec|overlay|pgo|buildmode|compiler|gccgoflags|installsuffix|C|covermode|coverpkg|o)$/;

const INSTALL = new Set(['install']);
const NPM_INSTALL = new Set(['install', 'i', 'add']);
const GEM_INSTALL = new Set(['install', 'i']);

/**
 * The action word of an install (its first operand, one of `actions`) and the package words after
 * it, skipping options and their values; nothing after `--` when it ends the packages (gem's build
 * flags). Undefined when the command is not an install: most are not, and are left at their action.
 */
function installOperands(args: ShellWord[], valueOptions: RegExp, actions: ReadonlySet<string>, endAtDoubleDash = false): { action: ShellWord; packages: ShellWord[] } | undefined {
  let found: { action: ShellWord; packages: ShellWord[] } | undefined;
  for (let i = 0; i < args.length; i++) {
    const value = args[i].value;
    if (value === '--' && endAtDoubleDash) break;
    if (value.startsWith('-')) {
      if (valueOptions.test(value)) i++;
    } else if (found) found.packages.push(args[i]);
    else if (actions.has(value)) found = { action: args[i], packages: [] };
    else return undefined;
  }
  return found;
}

/** A word with a `/` names a path or a repository (`./pkg`, `user/repo`), except npm's `@scope/name`. */
function isPathLike(word: ShellWord): boolean {
  const slash = word.value.indexOf('/');
  return slash >= 0 && !(word.value.startsWith('@') && word.value.indexOf('/', slash + 1) < 0);
}

/** A module path: its first element is a host name (`golang.org/x/tools/gopls`), not `./cmd` or `std`. */
function isModulePath(value: string): boolean {
  const first = value.slice(0, value.indexOf('/'));
  return value.includes('/') && first.includes('.') && !first.includes('@');
}

/** `pip install`, `pip3 install`, `python3 -m pip install`, `uv pip install`: the words after `pip`. */
function pipArguments({ program, args }: Invocation): ShellWord[] | undefined {
  if (/^pip[0-9.]*$/.test(program)) return args;
  if (program === 'uv' && args[0]?.value === 'pip') return args.slice(1);
  const at = /^python[0-9.]*$/.test(program) ? args.findIndex((w, i) => w.value === 'pip' && args[i - 1]?.value === '-m') : -1;
  return at >= 0 ? args.slice(at + 1) : undefined;
}

/** The unpinned packages of a pip, pipx, npm, gem or go install, with how the installer is named. */
function languagePackages(invocation: Invocation): Unpinned | undefined {
  const { program, args } = invocation;
  // pip, pip3, python -m pip and uv pip: the first letter skips the pip forms' regexes for most commands.
  const pip = program.startsWith('p') || program === 'uv' ? pipArguments(invocation) : undefined;
  if (pip) {
    const install = installOperands(pip, PIP_VALUE_OPTIONS, INSTALL);
    if (!install) return undefined;
    // A constraints file pins whatever the command names, as a requirements file does.
    if (pip.some((w) => /^(-c|--constraint)(=|$)/.test(w.value) || /^-c./.test(w.value))) return undefined;
    return { installer: 'pip install', pin: 'name==<version>', packages: install.packages.filter((w) => !/[=<>~!@]/.test(w.value) && !isPathLike(w)) };
  }
  if (program === 'pipx') {
    const install = installOperands(args, PIPX_VALUE_OPTIONS, INSTALL);
    if (!install) return undefined;
    return { installer: 'pipx install', pin: 'name==<version>', packages: install.packages.filter((w) => !/[=<>~!@]/.test(w.value) && !isPathLike(w)) };
  }
  if (program === 'npm') {
    const install = installOperands(args, NPM_VALUE_OPTIONS, NPM_INSTALL);
    if (!install) return undefined;
    // `name@1.2.3`, `@scope/name@^1`: the version follows an `@` after the first character; `@latest` names no version.
    return { installer: `npm ${install.action.value}`, pin: 'name@<version>', packages: install.packages.filter((w) => (w.value.indexOf('@', 1) < 0 || /@(latest|next)$/.test(w.value)) && !isPathLike(w)) };
  }
  if (program === 'gem') {
    // Words after `--` are build flags for the gem's native extension.
    const install = installOperands(args, GEM_VALUE_OPTIONS, GEM_INSTALL, true);
    if (!install) return undefined;
    const versionOption = args.some((w) => /^(-v|--version)(=|$)/.test(w.value));
    if (versionOption && install.packages.length === 1) return undefined;
    return { installer: `gem ${install.action.value}`, pin: 'name:<version>, or -v <version> for one gem', packages: install.packages.filter((w) => !w.value.includes(':') && !isPathLike(w)) };
  }
  if (program === 'cargo') {
    const install = installOperands(args, CARGO_VALUE_OPTIONS, INSTALL);
    // `--version`, `crate@1.2.3`; a crate from a Git repository or a path is not a registry name.
    if (!install || args.some((w) => /^--(vers|version|git|path)(=|$)/.test(w.value))) return undefined;
    return { installer: 'cargo install', pin: 'name@<version>, or --version <version>', packages: install.packages.filter((w) => !w.value.includes('@')) };
  }
  if (program === 'go') {
    const install = installOperands(args, GO_VALUE_OPTIONS, INSTALL);
    if (!install) return undefined;
    // `module/path@v1.2.3` (or a pseudo-version, a commit) is pinned; `@latest`, a branch or no version at all is not. Local packages (`./cmd/x`) and `std` are not modules.
    return { installer: 'go install', pin: 'module@v<version>', packages: install.packages.filter((w) => !/@(v\d|[0-9a-f]{7,40}$)/.test(w.value) && isModulePath(w.value)) };
  }
  return undefined;
}

function unpinned(command: ShellCommand): Unpinned | undefined {
  const system = packageCommand(command);
  if (system) {
    if (system.action !== 'install') return undefined;
    if (system.modules) return { installer: `${system.program} module install`, pin: 'name:<stream>', packages: system.packages.filter((w) => !w.value.includes(':')) };
    const versioned = SYSTEM_VERSIONED[system.manager];
    // yum's `@group` names a package group (or a module), which has no version of its own.
    const namesGroups = system.manager === 'yum';
    const packages = system.packages.filter((w) => !versioned.test(w.value) && !(namesGroups && w.value.startsWith('@')));
    return { installer: `${system.program} ${system.actionWord?.value ?? ''}`, pin: SYSTEM_PIN[system.manager], packages: /group/.test(system.actionWord?.value ?? '') ? [] : packages };
  }
  const invocation = effectiveInvocation(command);
  return invocation ? languagePackages(invocation) : undefined;
}

export default defineRule({
  id: 'pkg-version-unpinned',
  title: 'A package installed without a version',
  severity: 'info',
  kinds: ['dockerfile'],
  category: 'hygiene',
  profiles: ['strict'],
  peers: {
    kics: 'apt_get_install_pin_version_not_defined, unpinned_package_version_in_apk_add, unpinned_package_version_in_pip_install, npm_install_without_pinned_version, gem_install_without_version, yum_install_without_version, zypper_install_without_version, missing_version_specification_in_dnf_install',
    hadolint: 'DL3008, DL3013, DL3016, DL3018, DL3028, DL3033, DL3037, DL3041',
  },
  fix: { available: false, safe: false },
  check: {
    dockerfile({ model, report }) {
      for (const { command } of runCommands(model)) {
        const found = unpinned(command);
        for (const word of found?.packages ?? []) {
          if (NOT_A_NAME.test(word.value) || word.value.startsWith('@') && !word.value.includes('/')) continue;
          report({
            range: rangeOf(model, word),
            message: `${found!.installer} ${word.value} takes whatever version is current at build time: two builds of this Dockerfile can differ, and a compromised or broken release is picked up silently. Pin the version (${found!.pin}).`,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports each package named without a version in an install command of a \`RUN\` (an \`ONBUILD RUN\`
too): \`apt-get\`/\`apt install\` (\`name=version\`), \`apk add\` (\`name=version\`, \`name~=1.2\`),
\`yum\`/\`dnf\`/\`microdnf\`/\`tdnf install\` and \`zypper install\` (\`name-1.2.3\`, \`name=1.2\`),
\`dnf module install\` (\`name:stream\`), \`pacman -S\`, \`pip install\` and \`pipx install\` (any
specifier: \`==\`, \`>=\`, \`~=\`, \`@ url\`), \`npm install\`/\`i\`/\`add\` (\`name@version\`; \`@latest\`
names no version), \`gem install\`/\`gem i\` (\`name:version\`, or \`-v\` for a single gem) and
\`go install\` (\`module@v1.2.3\`; \`@latest\`, a branch or no version is reported), \`cargo install\`
(\`name@1.2.3\`, \`--version\`) and \`uv pip install\`. Files, URLs,
paths (\`./pkg.deb\`, \`lib/sub\`, \`git+https://…\`), local archives (\`pkg-1.2.3.tar\`), package
groups (\`@development-tools\`), names held in variables and the values of options
(\`--root-user-action ignore\`, \`--loglevel verbose\`) are not reported, nor a gem's build flags
after \`--\`. A \`pip install\` with a requirements file (\`-r\`) reads its versions there; with a
constraints file (\`-c\`, \`--constraint\`) every package it names is pinned by that file. The
package word is the anchor.

## Why is this bad?
An unpinned install takes whatever the repository serves at build time. Rebuilding the same
Dockerfile produces a different image, a regression arrives with no change in the repository, and
a malicious release of a package is picked up by the next build without anyone deciding to. A
pinned version changes only when someone changes it, reviewed like any other change.

## Example
\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install requests flask
\`\`\`

## Use instead
\`\`\`dockerfile
FROM python:3.12-slim
RUN pip install requests==2.32.3 flask==3.0.3
\`\`\`
Or keep the versions in a lock file (\`requirements.txt\` with hashes, \`package-lock.json\`) and
install from it.

## Fix safety
No automatic fix: which version to pin is for the author to choose.
`,
});
