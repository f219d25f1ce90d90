import { parseArgs } from 'node:util';
import type { Severity } from '../rules';

export type OutputFormat = 'text' | 'json' | 'sarif';
export type FailLevel = Severity | 'never';

const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'sarif'];
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
  return {
    command: 'scan',
    paths: positionals.length > 0 ? positionals : ['.'],
    format: oneOf('--format', values.format ?? 'text', OUTPUT_FORMATS),
    output: values.output,
    failOn: oneOf('--fail-on', values['fail-on'] ?? 'error', FAIL_LEVELS),
    fix: values.fix || values.diff ? { unsafe: values['unsafe-fixes'] === true, write: !values.diff } : undefined,
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
