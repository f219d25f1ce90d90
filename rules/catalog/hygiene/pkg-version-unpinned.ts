import { packageCommand, type PackageManager } from '../../model/packages';
import { effectiveInvocation, rangeOf, runCommands, type Invocation, type ShellCommand, type ShellWord } from '../../model/shell';
import { defineRule } from '../../rule';

/** A file, a URL, a path or a variable: a fixed artifact or something only the build knows, not a name to pin. */
const NOT_A_NAME = /^(\.|\/|~|[a-z+]+:\/\/|git\+|file:)|\.(deb|apk|rpm|whl|tar\.gz|tgz|zip)$|\$|^-$/i;

const SYSTEM_VERSIONED: Record<PackageManager, RegExp> = {
  apt: /=/,
  apk: /[=<>~]/,
  // yum, dnf: `name-1.2.3` or `name-1.2.3-1.el9`; `name = 1.2` is rare.
  yum: /-\d|[=<>]/,
  zypper: /-\d|[=<>]/,
  pacman: /[=<>]/,
};

/** Options of pip, npm and gem that take the next word as their value. */
const PIP_VALUE_OPTIONS = /^(-[rceitfC]|--(requirement|constraint|editable|index-url|extra-index-url|find-links|target|prefix|root|trusted-host|src|upgrade-strategy|platform|python-version|implementation|abi|no-binary|only-binary|progress-bar|cache-dir|log|proxy|retries|timeout|exists-action|cert|client-cert|global-option|config-settings|report))$/;
const NPM_VALUE_OPTIONS = /^(--(prefix|registry|tag|cache|userconfig|globalconfig|workspace|omit|include|install-strategy)|-w)$/;
const GEM_VALUE_OPTIONS = /^(-[vinsP]|--(version|install-dir|bindir|source|trust-policy|platform|document))$/;

/** The package words of an invocation, skipping its options and their values. */
function operands(args: ShellWord[], valueOptions: RegExp): ShellWord[] {
  const found: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].value.startsWith('-')) {
      if (valueOptions.test(args[i].value)) i++;
    } else found.push(args[i]);
  }
  return found;
}

/** The unpinned packages of a pip, npm or gem install, with how the installer is named. */
function languagePackages(invocation: Invocation): { installer: string; packages: ShellWord[] } | undefined {
  const { program, args } = invocation;
  const pipAt = /^python[0-9.]*$/.test(program) ? args.findIndex((w, i) => w.value === 'pip' && args[i - 1]?.value === '-m') : -1;
  if (/^pip[0-9.]*$/.test(program) || pipAt >= 0) {
    const rest = pipAt >= 0 ? args.slice(pipAt + 1) : args;
    const [action, ...packages] = operands(rest, PIP_VALUE_OPTIONS);
    if (action?.value !== 'install') return undefined;
    return { installer: 'pip install', packages: packages.filter((w) => !/[=<>~!@]/.test(w.value)) };
  }
  if (program === 'npm') {
    const [action, ...packages] = operands(args, NPM_VALUE_OPTIONS);
    if (!action || !/^(install|i|add)$/.test(action.value)) return undefined;
    // `name@1.2.3`, `@scope/name@^1`: the version follows an `@` after the first character; `@latest` names no version.
    return { installer: `npm ${action.value}`, packages: packages.filter((w) => w.value.indexOf('@', 1) < 0 || /@(latest|next)$/.test(w.value)) };
  }
  if (program === 'gem') {
    const [action, ...gems] = operands(args, GEM_VALUE_OPTIONS);
    if (action?.value !== 'install') return undefined;
    const versionOption = args.some((w) => /^(-v|--version)(=|$)/.test(w.value));
    if (versionOption && gems.length === 1) return undefined;
    return { installer: 'gem install', packages: gems.filter((w) => !w.value.includes(':')) };
  }
  return undefined;
}

function unpinned(command: ShellCommand): { installer: string; packages: ShellWord[] } | undefined {
  const system = packageCommand(command);
  if (system) {
    if (system.action !== 'install') return undefined;
    return { installer: `${system.program} ${system.actionWord?.value ?? ''}`, packages: system.packages.filter((w) => !SYSTEM_VERSIONED[system.manager].test(w.value)) };
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
            message: `${found!.installer} ${word.value} takes whatever version is current at build time: two builds of this Dockerfile can differ, and a compromised or broken release is picked up silently. Pin the version (e.g. ${word.value}=<version>, or name@<version>, name==<version> as the installer writes it).`,
          });
        }
      }
    },
  },
  docs: `## What it does
Reports each package named without a version in an install command of a \`RUN\`:
\`apt-get\`/\`apt install\` (\`name=version\`), \`apk add\` (\`name=version\`, \`name~=1.2\`),
\`yum\`/\`dnf\`/\`microdnf\`/\`tdnf install\` and \`zypper install\` (\`name-1.2.3\`, \`name=1.2\`),
\`pacman -S\`, \`pip install\` (any specifier: \`==\`, \`>=\`, \`~=\`, \`@ url\`), \`npm install\`/\`add\`
(\`name@version\`; \`@latest\` names no version) and \`gem install\` (\`name:version\`, or \`-v\` for a
single gem). Files, URLs, paths (\`./pkg.deb\`, \`git+https://…\`), requirement files (\`-r\`) and
names held in variables are not reported. The package word is the anchor.

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
