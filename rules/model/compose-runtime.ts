import { rewriteScalar, removeServiceKey, removeServiceListItem, setItemKey } from '../fixes/compose-fixes';
import type { TextEdit } from '../types';
import { environment, resolvedText, serviceEntry, type ComposeModel, type ComposeService, type MapEntry } from './compose';
import { deviceMappings, definedHere as itemDefinedHere, portMappings, tmpfsMounts, volumeMounts } from './compose-mounts';
import { booleanValue, definedHere, listItems } from './compose-values';
import type { ContainerRuntime, NamespaceKind, NamespaceSetting, RuntimeSetting } from './runtime';

/**
 * The Compose front door of the runtime model: each service as the container it starts, every
 * setting anchored where the service's findings have always been (the key, the list item, the
 * long syntax's `source` or `published`), with the Compose edits that change it.
 */

/** The keys that choose a namespace; Compose file format v1 spells network_mode `net`. */
const NAMESPACE_KEYS: Array<{ key: string; kind: NamespaceKind }> = [
  { key: 'pid', kind: 'pid' },
  { key: 'ipc', kind: 'ipc' },
  { key: 'network_mode', kind: 'network' },
  { key: 'net', kind: 'network' },
  { key: 'userns_mode', kind: 'userns' },
  { key: 'uts', kind: 'uts' },
  { key: 'cgroup', kind: 'cgroup' },
];

const LOOPBACK = '127.0.0.1';

const runtimesRead = new WeakMap<ComposeModel, ContainerRuntime[]>();

/** The container each service of a Compose file starts, in the order of the services. */
export function composeRuntimes(model: ComposeModel): ContainerRuntime[] {
  let runtimes = runtimesRead.get(model);
  if (!runtimes) runtimesRead.set(model, (runtimes = model.services.map((service) => serviceRuntime(model, service))));
  return runtimes;
}

/** An edit of the Compose fix builders as the runtime model's edits are: a list, or undefined when it cannot be made. */
function edits(edit: TextEdit | undefined): TextEdit[] | undefined {
  return edit && [edit];
}

function serviceRuntime(model: ComposeModel, service: ComposeService): ContainerRuntime {
  // A setting whose value a variable without a value hides is left out, and the container is incomplete.
  let incomplete = service.extendsUnknown === true;
  const entryOf = (key: string): MapEntry | undefined => {
    const entry = serviceEntry(model, service, key);
    return entry === 'unknown' ? undefined : entry;
  };
  const list = (key: string): RuntimeSetting<string>[] => {
    const settings: RuntimeSetting<string>[] = [];
    for (const { item, text } of listItems(model, entryOf(key)?.value)) {
      if (text === undefined) {
        incomplete = true;
        continue;
      }
      settings.push({
        value: text.trim(),
        range: item.range,
        written: text.trim(),
        related: definedHere(key, item.definedAt),
        edits: { remove: () => edits(removeServiceListItem(model, service, key, item)), removeTitle: `Remove ${text.trim()} from ${key}` },
      });
    }
    return settings;
  };
  const flag = (key: string): RuntimeSetting<boolean> | undefined => {
    const entry = entryOf(key);
    if (!entry?.value) return undefined;
    const value = booleanValue(model, entry.value);
    if (value === undefined) {
      incomplete = true;
      return undefined;
    }
    return {
      value,
      range: entry.keyRange,
      written: `${key}: ${value}`,
      related: definedHere(key, entry.definedAt, entry.value.definedAt),
      edits: { remove: () => edits(removeServiceKey(model, service, entry)) },
    };
  };

  const privileged = flag('privileged');
  const readOnlyRootFilesystem = flag('read_only');
  const capAdd = list('cap_add');
  const capDrop = list('cap_drop');
  const securityOpt = list('security_opt');
  const namespaces: RuntimeSetting<NamespaceSetting>[] = [];
  for (const { key, kind } of NAMESPACE_KEYS) {
    const entry = entryOf(key);
    if (!entry?.value) continue;
    const mode = resolvedText(model, entry.value)?.trim();
    if (mode === undefined) {
      incomplete = true;
      continue;
    }
    namespaces.push({
      value: { kind, mode, writtenAs: key },
      range: entry.keyRange,
      // Compose reads `host` in any case: messages name it as it means.
      written: `${key}: ${mode.toLowerCase() === 'host' ? 'host' : mode}`,
      related: definedHere(key, entry.definedAt, entry.value.definedAt),
      edits: { remove: () => edits(removeServiceKey(model, service, entry)), removeTitle: `Remove ${key}: ${mode}` },
    });
  }

  const userEntry = entryOf('user');
  let user: RuntimeSetting<string> | undefined;
  if (userEntry?.value) {
    const value = resolvedText(model, userEntry.value);
    const written = userEntry.value;
    if (value === undefined) incomplete = true;
    else {
      user = {
        value,
        range: written.range,
        related: written.definedAt ? [{ range: written.definedAt, message: 'user is defined here' }] : undefined,
        edits: { replace: (text) => (written.definedAt ? undefined : [{ range: written.range, newText: `"${text}"` }]) },
      };
    }
  }

  const imageEntry = entryOf('image');
  const imageText = imageEntry?.value ? resolvedText(model, imageEntry.value) : undefined;

  return {
    frontDoor: 'compose',
    label: `Service "${service.name}"`,
    anchor: service.keyRange,
    incomplete,
    image: imageEntry?.value && imageText !== undefined ? { value: imageText, range: imageEntry.value.range, related: definedHere('image', imageEntry.definedAt, imageEntry.value.definedAt) } : undefined,
    privileged: privileged ? [privileged] : [],
    capAdd,
    capDrop,
    securityOpt,
    namespaces,
    mounts: volumeMounts(model, service).map((mount) => ({
      value: mount,
      range: mount.range,
      related: itemDefinedHere(mount, 'The volume'),
      edits: {
        readOnly: () => edits(mount.syntax === 'long' ? setItemKey(model, service, 'volumes', mount, 'read_only', 'true') : rewriteScalar(model, mount, readOnlyVolume)),
      },
    })),
    tmpfs: tmpfsMounts(model, service).map((mount) => ({ value: mount, range: mount.range, related: itemDefinedHere(mount, 'The tmpfs mount') })),
    devices: deviceMappings(model, service).map((device) => ({ value: device, range: device.range, related: itemDefinedHere(device, 'The device') })),
    ports: portMappings(model, service).map((port) => ({
      value: port,
      range: port.range,
      related: itemDefinedHere(port, 'The port'),
      edits: {
        toLoopback: () => edits(port.syntax === 'long' ? setItemKey(model, service, 'ports', port, 'host_ip', LOOPBACK) : rewriteScalar(model, port, (text) => withLoopback(text, port.hostIp))),
      },
    })),
    user,
    environment: environment(model, service)
      // An inherited variable is the service's that writes it.
      .filter((variable) => !variable.inherited)
      .map((variable) => ({
        value: { name: variable.name, value: variable.value, valueOffsets: variable.valueOffsets },
        range: variable.range,
        related: variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined,
      })),
    readOnlyRootFilesystem,
  };
}

/** A short-syntax bind mount made read-only: `rw` becomes `ro`, or `ro` joins its options. */
function readOnlyVolume(text: string): string | undefined {
  const parts = text.split(':');
  if (parts.length < 2) return undefined;
  if (parts.length === 2) return `${text}:ro`;
  const options = parts.slice(2).join(':').split(',').filter((option) => option.trim() !== 'rw');
  return `${parts[0]}:${parts[1]}:${[...options.filter((option) => option.trim() !== ''), 'ro'].join(',')}`;
}

/** A short-syntax port bound to the loopback interface: its all-interfaces host IP replaced, or one put in front. */
function withLoopback(text: string, hostIp: string | undefined): string | undefined {
  if (hostIp === undefined) return /^\d+(?:-\d+)?(?:\/\w+)?$/.test(text) ? `${LOOPBACK}::${text}` : `${LOOPBACK}:${text}`;
  for (const written of [`[${hostIp}]:`, `${hostIp}:`]) if (text.startsWith(written)) return `${LOOPBACK}:${text.slice(written.length)}`;
  return undefined;
}
