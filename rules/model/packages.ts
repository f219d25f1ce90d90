import { effectiveInvocation, type ShellCommand, type ShellWord } from './shell';
import { derived } from './derived';

/**
 * System package manager commands in a RUN, read from the shell model: which manager, which action
 * (update the index, install), which words are packages. Options that take a value are skipped with
 * their value, so `apk add -t .build-deps gcc` installs `gcc`, not `.build-deps`.
 */

export type PackageManager = 'apt' | 'apk' | 'yum' | 'zypper' | 'pacman';

export interface PackageCommand {
  manager: PackageManager;
  /** The program as written: `apt-get`, `apt`, `dnf`, … */
  program: string;
  /** The program's word, to anchor on. */
  word: ShellWord;
  /** The words that are options, in order. */
  options: ShellWord[];
  /** `update` refreshes the package index; `install` installs packages (and refreshes the index first when asked: `apk add --update`). */
  action: 'update' | 'install' | 'other';
  /** The action's word (`install`, `add`, `update`, `-Sy`). */
  actionWord?: ShellWord;
  /** The package arguments of an install. */
  packages: ShellWord[];
  /** The install also refreshes the index (`apk add --update`, `pacman -Syu pkg`). */
  refreshes: boolean;
  /** `dnf module install name[:stream]`: the packages are modules, pinned by their stream. */
  modules: boolean;
}

const MANAGERS = new Map<string, PackageManager>(Object.entries({
  'apt-get': 'apt', apt: 'apt', aptitude: 'apt',
  apk: 'apk',
  yum: 'yum', dnf: 'yum', microdnf: 'yum', tdnf: 'yum',
  zypper: 'zypper',
  pacman: 'pacman',
} as Record<string, PackageManager>));

/** Options that take the next word as their value, per manager. */
const VALUE_OPTIONS: Record<PackageManager, RegExp> = {
  apt: /^(-[octa]|--option|--config-file|--target-release|--host-architecture)$/,
  apk: /^(-[Xpt]|--repository|--root|--virtual|--arch|--cache-dir|--keys-dir|--repositories-file)$/,
  yum: /^(-[cxR]|--config|--exclude|--installroot|--releasever|--setopt|--enablerepo|--disablerepo|--repo|--repoid)$/,
  zypper: /^(-[rRcDp]|--repo|--root|--config|--reposd-dir|--cache-dir|--from|--type|-t)$/,
  pacman: /^(-[rb]|--root|--dbpath|--config|--cachedir|--arch)$/,
};

/** The actions that refresh the index and those that install, per manager (pacman's are options: see pacman()). */
const UPDATE_ACTIONS: Record<PackageManager, ReadonlySet<string>> = {
  apt: new Set(['update']),
  apk: new Set(['update']),
  yum: new Set(['update', 'makecache', 'upgrade']),
  zypper: new Set(['refresh', 'ref', 'update', 'up']),
  pacman: new Set(),
};

const INSTALL_ACTIONS: Record<PackageManager, ReadonlySet<string>> = {
  apt: new Set(['install']),
  apk: new Set(['add']),
  yum: new Set(['install', 'groupinstall', 'reinstall']),
  zypper: new Set(['install', 'in']),
  pacman: new Set(),
};

/** The package manager command a simple command runs (through sudo, env, …), if it is one. */
export function packageCommand(command: ShellCommand): PackageCommand | undefined {
  return derived(command, parse);
}

function parse(command: ShellCommand): PackageCommand | undefined {
  const invocation = effectiveInvocation(command);
  const manager = invocation && MANAGERS.get(invocation.program);
  if (!invocation || !manager) return undefined;
  const result: PackageCommand = { manager, program: invocation.program, word: invocation.word, options: [], action: 'other', packages: [], refreshes: false, modules: false };
  const operands: ShellWord[] = [];
  const args = invocation.args;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.value.startsWith('-') && word.value !== '-') {
      result.options.push(word);
      if (VALUE_OPTIONS[manager].test(word.value)) i++;
    } else operands.push(word);
  }
  if (manager === 'pacman') return pacman(result, operands);
  const action = operands[0];
  if (!action) return result;
  result.actionWord = action;
  if (manager === 'yum' && action.value === 'module') {
    if (operands[1]?.value === 'install') Object.assign(result, { action: 'install', actionWord: operands[1], packages: operands.slice(2), modules: true });
    return result;
  }
  // `yum update pkg` upgrades those packages; only a bare update is about the index.
  if (UPDATE_ACTIONS[manager].has(action.value) && (operands.length === 1 || manager === 'apt' || manager === 'apk')) result.action = 'update';
  else if (INSTALL_ACTIONS[manager].has(action.value)) {
    result.action = 'install';
    result.packages = operands.slice(1);
    result.refreshes = manager === 'apk' && result.options.some((o) => /^(-[a-zA-TV-Z]*U[a-zA-Z]*|--update|--update-cache)$/.test(o.value));
  }
  return result;
}

/** pacman's actions are options: `-Sy` refreshes, `-S pkg` installs, `-Syu pkg` does both. */
function pacman(result: PackageCommand, operands: ShellWord[]): PackageCommand {
  const sync = result.options.find((o) => /^-[a-zA-Z]*S/.test(o.value) && !o.value.startsWith('--'));
  if (!sync) return result;
  result.actionWord = sync;
  const refreshes = /^-[a-zA-Z]*y/.test(sync.value);
  if (operands.length > 0) {
    result.action = 'install';
    result.packages = operands;
    result.refreshes = refreshes;
  } else if (refreshes) result.action = 'update';
  return result;
}
