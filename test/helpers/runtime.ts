import { ruleById, type Fix, type Range, type RelatedLocation, type Severity, type WorkspaceView } from '../../rules';
import { parseShortPort, type PortMapping, type VolumeMount } from '../../rules/model/compose-mounts';
import { emptyContainer, type ContainerRuntime, type RuntimeFrontDoor, type RuntimeSetting } from '../../rules/model/runtime';

/**
 * Hand-made containers for the rules' runtime checks: what a front door would produce, without the
 * file it would produce it from, so that a rule's judgement is tested apart from each front door's
 * reading (those have text-level tests of their own).
 */

/** A one-line range on a 0-based line, as a setting or a container is anchored. */
export function lineRange(line: number, length = 10): Range {
  return { start: { line, character: 0 }, end: { line, character: length } };
}

/** A setting written on a line (0-based), with what else the case needs (`grantedBy`, `written`, edits...). */
export function setting<T>(value: T, line = 1, more: Partial<RuntimeSetting<T>> = {}): RuntimeSetting<T> {
  return { value, range: lineRange(line), ...more };
}

/** A writable short-syntax bind mount of a host path (to the same path in the container), with what the case changes. */
export function bindMount(source: string, more: Partial<VolumeMount> = {}): VolumeMount {
  return { syntax: 'short', type: 'bind', source, target: source, readOnly: false, options: [], range: lineRange(0), ...more };
}

/** A port published as the short syntax writes it (`[HOST_IP:][HOST_PORT:]CONTAINER_PORT`), with what the case changes. */
export function publishedPort(text: string, more: Partial<PortMapping> = {}): PortMapping {
  const parsed = parseShortPort(text);
  if (!parsed) throw new Error(`not a port: ${text}`);
  return { syntax: 'short', ...parsed, range: lineRange(0), ...more };
}

const LABELS: Record<RuntimeFrontDoor, string> = { compose: 'Service "web"', devcontainer: 'The dev container', run: 'This docker run' };

/** A container with no setting but those given, anchored on line 0. */
export function container(frontDoor: RuntimeFrontDoor, more: Partial<ContainerRuntime> = {}): ContainerRuntime {
  return {
    ...emptyContainer(frontDoor, LABELS[frontDoor], lineRange(0)),
    ...more,
  };
}

export interface RuntimeFinding {
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
}

/** What a rule's runtime check reports about these containers, at the severity the engine gives each finding. */
export function runtimeFindings(ruleId: string, containers: ContainerRuntime[], workspace?: WorkspaceView): RuntimeFinding[] {
  const rule = ruleById(ruleId);
  if (!rule?.check.runtime) throw new Error(`rule ${ruleId} has no runtime check`);
  const found: RuntimeFinding[] = [];
  rule.check.runtime({
    model: containers,
    documentUri: 'file:///project/run.sh',
    workspace,
    dockerfiles: new Map(),
    daemonFiles: new Map(),
    trustedRegistries: [],
    report: (report) => {
      const fixes = typeof report.fixes === 'function' ? report.fixes() : report.fixes;
      found.push({ severity: report.severity ?? rule.severity, message: report.message, range: report.range, related: report.related, fixes });
    },
  });
  return found;
}
