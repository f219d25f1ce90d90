import { parseArgs } from 'node:util';
import { PROFILES, registryMapProblem, type Profile, type Severity } from '../rules';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'gitlab' | 'junit' | 'checkstyle';
export type FailLevel = Severity | 'never';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif', 'github', 'gitlab', 'junit', 'checkstyle'];
const FAIL_LEVELS: readonly FailLevel[] = ['error', 'warning', 'info', 'never'];

export interface ScanCommand {
  command: 'scan';
  /** Files and folders as given, relative to the current directory or absolute. */
  paths: string[];
  format: OutputFormat;
  /** Where to write the report; stdout when absent. */
  output?: string;
  failOn: FailLevel;
  /** --fix (safe fixes) and --unsafe-fixes (those that change behaviour too); --diff shows them instead of writing them. */
  fix?: { unsafe: boolean; write: boolean };
  /** --profile: the rule set to run, over the configuration's `profile`. */
  profile?: Profile;
  /** --config: the project configuration file, instead of `.bulwark.yaml` in the current folder. */
  config?: string;
  /** --online: ask the registries about the images (digests, signatures) before linting. */
  online: boolean;
  /** --registry-map HOST=URL, repeatable: send a registry's requests to another endpoint. */
  registryMap: Record<string, string>;
  /** --trusted-registry, repeatable: the registries images may come from. */
  trustedRegistries: string[];
  /** --baseline FILE: report (and fail on) only the findings not recorded in it. */
  baseline?: string;
  /** --write-baseline FILE: record today's findings in it. */
  writeBaseline?: string;
  /** --disallow-suppressions: suppression comments hide nothing. */
  disallowSuppressions: boolean;
}

export type Command = ScanCommand | { command: 'help'; topic: 'bulwark' | 'scan' } | { command: 'version' };

/** A command line Bulwark cannot run; its message names the problem. Exit code 2. */
export class UsageError extends Error {}

const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const SCAN_OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  fix: { type: 'boolean' },
  'unsafe-fixes': { type: 'boolean' },
  diff: { type: 'boolean' },
  config: { type: 'string', short: 'c' },
  profile: { type: 'string' },
  online: { type: 'boolean' },
  'registry-map': { type: 'string', multiple: true },
  'trusted-registry': { type: 'string', multiple: true },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'disallow-suppressions': { type: 'boolean' },
} as const;

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === 'scan') return parseScan(rest);
  if (first !== undefined && !first.startsWith('-')) throw new UsageError(`unknown command '${first}' (the only command is 'scan')`);
  const { values } = reportingUsageErrors(() => parseArgs({ args: [...argv], options: COMMON_OPTIONS, strict: true }));
  if (values.help) return { command: 'help', topic: 'bulwark' };
  if (values.version) return { command: 'version' };
  throw new UsageError("no command given (try 'bulwark scan')");
}

function parseScan(argv: readonly string[]): Command {
  const { values, positionals } = reportingUsageErrors(() => parseArgs({ args: [...argv], options: SCAN_OPTIONS, allowPositionals: true, strict: true }));
  if (values.help) return { command: 'help', topic: 'scan' };
  if (values.version) return { command: 'version' };
  if (values.output === '') throw new UsageError('--output needs a file name');
  if (values['unsafe-fixes'] && !values.fix && !values.diff) throw new UsageError('--unsafe-fixes goes with --fix or --diff');
  if (values.config === '') throw new UsageError('--config needs a file name');
  if (values.baseline === '') throw new UsageError('--baseline needs a file name');
  if (values['write-baseline'] === '') throw new UsageError('--write-baseline needs a file name');
  if (values['write-baseline'] !== undefined && (values.fix || values.diff)) throw new UsageError('--write-baseline records findings as they are: it does not go with --fix or --diff');
  const registryMap: Record<string, string> = {};
  for (const mapping of values['registry-map'] ?? []) {
    const [host, url] = [mapping.slice(0, mapping.indexOf('=')), mapping.slice(mapping.indexOf('=') + 1)];
    const problem = mapping.includes('=') ? registryMapProblem(host, url) : `"${mapping}" is not HOST=URL`;
    if (problem) throw new UsageError(`--registry-map: ${problem}`);
    registryMap[host] = url;
  }
  if (Object.keys(registryMap).length > 0 && !values.online) throw new UsageError('--registry-map goes with --online');
  const trustedRegistries = values['trusted-registry'] ?? [];
  if (trustedRegistries.some((registry) => !/^[^\s/][^\s]*$/.test(registry))) throw new UsageError('--trusted-registry needs a registry host, optionally with a path prefix (e.g. ghcr.io/myorg)');
  return {
    command: 'scan',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('--format', values.format ?? 'text', OUTPUT_FORMATS),
    output: values.output,
    failOn: oneOf('--fail-on', values['fail-on'] ?? 'error', FAIL_LEVELS),
    fix: values.fix || values.diff ? { unsafe: values['unsafe-fixes'] === true, write: !values.diff } : undefined,
    profile: values.profile === undefined ? undefined : oneOf('--profile', values.profile, PROFILES),
    config: values.config,
    online: values.online === true,
    registryMap,
    trustedRegistries,
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    disallowSuppressions: values['disallow-suppressions'] === true,
  };
}

function reportingUsageErrors<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    // parseArgs's messages already name the option ("Unknown option '--foo'"); it only lacks the exit code.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`invalid value '${value}' for ${option}: expected ${allowed.slice(0, -1).join(', ')} or ${allowed[allowed.length - 1]}`);
}
