import type { Fix, Severity } from '../types';
import type { ContainerRuntime, RuntimeSetting } from './runtime';

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

/** The milder of two severities. */
export function atMost(severity: Severity, cap: Severity): Severity {
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
      advice: `The dev container feature ${setting.grantedBy} grants it: remove the feature unless the container needs what it does, or use one that does without it.`,
    };
  }
  if (privilege && container.knownPurpose !== undefined) {
    found = { severity: 'info', advice: `${found.advice} (Expected for its known purpose, ${container.knownPurpose}: run it for that alone.)` };
  }
  return found;
}

/**
 * The severity of a finding about a setting the container lacks: the rule's in Compose, at most
 * `info` elsewhere; undefined (no finding) when the container could not be read whole, since the
 * setting may be among what is unknown.
 */
export function missingSettingSeverity(container: ContainerRuntime, severity: Severity): Severity | undefined {
  if (container.frontDoor === 'compose') return severity;
  return container.incomplete ? undefined : atMost(severity, 'info');
}

/**
 * The fix that removes a setting, when its front door can: titled as the front door names it, else
 * after the setting as written, else `title`.
 */
export function removeFix(setting: RuntimeSetting<unknown>, title: string, safe = false): Fix[] | undefined {
  const edits = setting.edits?.remove?.();
  return edits && [{ title: setting.edits?.removeTitle ?? (setting.written === undefined ? title : `Remove ${setting.written}`), safe, edits }];
}
