import type { Fix, Range, Severity } from '../types';
import type { ContainerRuntime, HardeningSetting, LackingSetting, RuntimeFrontDoor, RuntimeSetting, SettingName } from './runtime';

/**
 * How the runtime rules word and weigh a finding, the same way in every front door: a setting the
 * file writes keeps the rule's severity; one a dev container feature grants is at most a warning
 * and names the feature; a container with a known purpose for its privileges gets at most `info`
 * about them; a setting that is missing is at most `info` outside Compose, and not judged at all
 * when the container could not be read whole.
 */

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** What a message calls the container after its label: Compose speaks of services. */
export function containerNoun(container: ContainerRuntime): string {
  return container.frontDoor === 'compose' ? 'service' : 'container';
}

/** A container's label inside a sentence that names something of it first: `service "web"`, `the dev container`. */
export function inSentence(label: string): string {
  return label.charAt(0).toLowerCase() + label.slice(1);
}

/** The milder of two severities. */
function atMost(severity: Severity, cap: Severity): Severity {
  return RANK[severity] <= RANK[cap] ? severity : cap;
}

/**
 * The severity of a finding about a risky setting, and the advice its message ends with: the
 * rule's own `advice` for a setting the file writes, the feature's alternative for one a feature
 * grants. `privilege`: the setting grants privileges, which a container's known purpose explains.
 */
export function settingFinding(
  container: ContainerRuntime,
  setting: RuntimeSetting<unknown>,
  severity: Severity,
  advice: string,
  { privilege = true }: { privilege?: boolean } = {},
): { severity: Severity; advice: string } {
  let found = { severity, advice };
  if (setting.grantedBy !== undefined) {
    found = {
      severity: atMost(severity, 'warning'),
      advice:
        setting.grantedInstead === undefined
          ? `The dev container feature ${setting.grantedBy} grants it: remove the feature unless the container needs what it does, or use one that does without it.`
          : `The dev container feature ${setting.grantedBy} grants it: use ${setting.grantedInstead} instead, or remove the feature unless the container needs what it does.`,
    };
  }
  if (privilege && container.knownPurpose !== undefined) {
    found = { severity: 'info', advice: `${found.advice} (Expected for its known purpose, ${container.knownPurpose}: run it for that alone.)` };
  }
  return found;
}

/**
 * The severity of a finding about a setting the container lacks: the rule's in Compose, at most
 * `info` elsewhere; undefined (no finding) when the container could not be read whole and the
 * settings the rule judges (`dependsOn`) may be among what is unknown.
 */
export function missingSettingSeverity(container: ContainerRuntime, severity: Severity, dependsOn: SettingName[]): Severity | undefined {
  if (container.incomplete && (!container.unresolved || container.unresolved.some((name) => dependsOn.includes(name)))) return undefined;
  return container.frontDoor === 'compose' ? severity : atMost(severity, 'info');
}

/** A zero in any spelling Compose and Docker read for a limit: `0`, `0.0`, `.0`, `0b`, `0m`, `0g`, `0KiB`, ... */
const ZERO = /^[+-]?(?:0+(?:\.0*)?|\.0+)\s*(?:[bkmgtp]i?b?)?$/;

/** Whether a resource limit's value means no limit: zero in any spelling, or `-1` for CPUs and pids. */
export function meansNoLimit(limit: 'memoryLimit' | 'cpuLimit' | 'pidsLimit', value: string): boolean {
  const written = value.trim().toLowerCase();
  return ZERO.test(written) || (limit !== 'memoryLimit' && written === '-1');
}

/**
 * The fix that removes a setting, when its front door can: titled as the front door names it, else
 * after the setting as written, else `title`.
 */
export function removeFix(setting: RuntimeSetting<unknown>, title: string, safe = false): Fix[] | undefined {
  const edits = setting.edits?.remove?.();
  return edits && [{ title: setting.edits?.removeTitle ?? (setting.written === undefined ? title : `Remove ${setting.written}`), safe, edits }];
}

/** How each front door writes the hardening settings, for advice and fix titles. */
interface HardeningWords {
  dropAll: string;
  capAdd: string;
  noNewPrivileges: string;
  readOnlyKey: string;
  readOnly: string;
  memory: string;
  cpus: string;
  pids: string;
}

export const HARDENING_WORDS: Record<RuntimeFrontDoor, HardeningWords> = {
  compose: {
    dropAll: 'cap_drop: [ALL]',
    capAdd: 'cap_add',
    noNewPrivileges: 'security_opt: ["no-new-privileges:true"]',
    readOnlyKey: 'read_only',
    readOnly: 'read_only: true',
    memory: 'mem_limit or deploy.resources.limits.memory',
    cpus: 'cpus or deploy.resources.limits.cpus',
    pids: 'pids_limit or deploy.resources.limits.pids',
  },
  devcontainer: {
    dropAll: '"--cap-drop=ALL" in runArgs',
    capAdd: 'capAdd',
    noNewPrivileges: '"securityOpt": ["no-new-privileges"]',
    readOnlyKey: '--read-only',
    readOnly: '"--read-only" in runArgs',
    memory: '"--memory" in runArgs',
    cpus: '"--cpus" in runArgs',
    pids: '"--pids-limit" in runArgs',
  },
  run: {
    dropAll: '--cap-drop=ALL',
    capAdd: '--cap-add',
    noNewPrivileges: '--security-opt=no-new-privileges',
    readOnlyKey: '--read-only',
    readOnly: '--read-only',
    memory: '--memory',
    cpus: '--cpus',
    pids: '--pids-limit',
  },
};

/** Where a finding about a hardening setting the container lacks goes, and the words its message ends with. */
export function lackingAt(container: ContainerRuntime, setting: HardeningSetting): LackingSetting & { range: Range; note: string } {
  const lacking = container.lacking?.(setting) ?? {};
  return { ...lacking, range: lacking.range ?? container.anchor, note: lacking.note ?? '' };
}

/**
 * Whether a container has every capability already, through privileged or an added ALL: then the
 * findings about keeping default capabilities or gaining privileges are moot, the one about that
 * setting says it all.
 */
export function hasEveryCapability(container: ContainerRuntime): boolean {
  return container.privileged.some((setting) => setting.value) || container.capAdd.some((setting) => setting.value.toUpperCase() === 'ALL');
}

/**
 * What a container's resource limit calls for: undefined when it sets one (or may, unread);
 * otherwise whether it is missing or set to a value that means none, where to report it and how.
 */
export function lackingLimit(container: ContainerRuntime, limit: 'memoryLimit' | 'cpuLimit' | 'pidsLimit'): { state: 'missing' | 'unlimited'; severity: Severity; range: Range; note: string } | undefined {
  const setting = container[limit];
  if (setting && !meansNoLimit(limit, setting.value)) return undefined;
  const severity = missingSettingSeverity(container, 'info', [limit]);
  if (!severity) return undefined;
  const { range, note } = lackingAt(container, limit);
  return { state: setting ? 'unlimited' : 'missing', severity, range, note };
}
