import { rewriteScalar, removeServiceKey, removeServiceListItem, setItemKey, setServiceKey } from '../fixes/compose-fixes';
import { addServiceKey } from '../fixes/edits';
import type { ReservedFiles } from '../fixes/secret-files';
import { composeVariableFixes } from '../fixes/secret-moves';
import type { TextEdit } from '../types';
import { composeLiteral, environment, keyAnchor, resolvedText, scalarText, serviceEntry, type ComposeModel, type ComposeService, type MapEntry } from './compose';
import { deviceMappings, definedHere as itemDefinedHere, portMappings, tmpfsMounts, volumeMounts } from './compose-mounts';
import { booleanValue, definedHere, listItems, subEntry } from './compose-values';
import { derived } from './derived';
import type { ContainerRuntime, HardeningSetting, NamespaceKind, NamespaceSetting, RuntimeSetting, SettingName } from './runtime';
import { meansNoLimit } from './runtime-findings';

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

/** The container each service of a Compose file starts, in the order of the services; read once per model. */
export function composeRuntimes(model: ComposeModel): ContainerRuntime[] {
  return derived(model, readRuntimes);
}

function readRuntimes(model: ComposeModel): ContainerRuntime[] {
  // Files chosen for the secret moves of this file, so that two fixes applied together do not clash.
  const reserved: ReservedFiles = new Map();
  return model.services.map((service) => serviceRuntime(model, service, reserved));
}

/** An edit of the Compose fix builders as the runtime model's edits are: a list, or undefined when it cannot be made. */
function edits(edit: TextEdit | undefined): TextEdit[] | undefined {
  return edit && [edit];
}

/** The keys each setting is read from: under an unreadable `extends`, a setting none of whose keys the service writes is unknown. */
const SETTING_KEYS: Record<SettingName, string[]> = {
  image: ['image'],
  privileged: ['privileged'],
  capAdd: ['cap_add'],
  capDrop: ['cap_drop'],
  securityOpt: ['security_opt'],
  namespaces: NAMESPACE_KEYS.map(({ key }) => key),
  mounts: ['volumes'],
  tmpfs: ['tmpfs'],
  devices: ['devices'],
  ports: ['ports'],
  user: ['user'],
  environment: ['environment'],
  readOnlyRootFilesystem: ['read_only'],
  memoryLimit: ['mem_limit', 'deploy'],
  cpuLimit: ['cpus', 'cpu_quota', 'deploy'],
  pidsLimit: ['pids_limit', 'deploy'],
};

/** The keys that set each resource limit, then its name under `deploy.resources.limits`. */
const LIMITS: Record<'memoryLimit' | 'cpuLimit' | 'pidsLimit', { keys: string[]; limitKey: string }> = {
  memoryLimit: { keys: ['mem_limit'], limitKey: 'memory' },
  cpuLimit: { keys: ['cpus', 'cpu_quota'], limitKey: 'cpus' },
  pidsLimit: { keys: ['pids_limit'], limitKey: 'pids' },
};

/** How each hardening setting is added to a service, and the keys whose place decides where a finding about its absence goes. */
const HARDENING: Record<HardeningSetting, { keys: string[]; add?: string }> = {
  capDrop: { keys: ['cap_drop'], add: 'cap_drop: [ALL]' },
  noNewPrivileges: { keys: ['security_opt'], add: 'security_opt: ["no-new-privileges:true"]' },
  readOnlyRootFilesystem: { keys: ['read_only'], add: 'read_only: true' },
  memoryLimit: { keys: ['mem_limit', 'deploy'] },
  cpuLimit: { keys: ['cpus', 'cpu_quota', 'deploy'] },
  pidsLimit: { keys: ['pids_limit', 'deploy'] },
};

function serviceRuntime(model: ComposeModel, service: ComposeService, reserved: ReservedFiles): ContainerRuntime {
  // A setting whose value a variable without a value hides is left out, and named unresolved.
  const unresolved = new Set<SettingName>();
  if (service.extendsUnknown) {
    for (const [name, keys] of Object.entries(SETTING_KEYS) as Array<[SettingName, string[]]>) {
      if (keys.some((key) => !service.entries.has(key))) unresolved.add(name);
    }
  }
  const entryOf = (key: string): MapEntry | undefined => {
    const entry = serviceEntry(model, service, key);
    return entry === 'unknown' ? undefined : entry;
  };
  const list = (key: string, name: SettingName): RuntimeSetting<string>[] => {
    const settings: RuntimeSetting<string>[] = [];
    for (const { item, text } of listItems(model, entryOf(key)?.value)) {
      if (text === undefined) {
        // A scalar a variable hides may be anything; an item that is no scalar is no setting at all.
        if (scalarText(item) !== undefined) unresolved.add(name);
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
  const flag = (key: string, name: SettingName): RuntimeSetting<boolean> | undefined => {
    const entry = entryOf(key);
    if (!entry?.value) return undefined;
    const value = booleanValue(model, entry.value);
    if (value === undefined) {
      unresolved.add(name);
      return undefined;
    }
    return {
      value,
      range: entry.keyRange,
      written: `${key}: ${value}`,
      related: definedHere(key, entry.definedAt, entry.value.definedAt),
      edits: { remove: () => edits(removeServiceKey(model, service, entry)), replace: (text) => edits(setServiceKey(model, service, entry, key, text)) },
    };
  };
  /** The value that decides a limit: the first key that sets one, else the last that means none. */
  const limit = (name: 'memoryLimit' | 'cpuLimit' | 'pidsLimit'): RuntimeSetting<string> | undefined => {
    const { keys, limitKey } = LIMITS[name];
    const limits = subEntry(subEntry(entryOf('deploy')?.value, 'resources')?.value, 'limits');
    let none: RuntimeSetting<string> | undefined;
    for (const entry of [...keys.map(entryOf), subEntry(limits?.value, limitKey)]) {
      if (!entry?.value) continue;
      const text = resolvedText(model, entry.value)?.trim();
      if (text === undefined) {
        unresolved.add(name);
        return undefined;
      }
      const setting = { value: text, range: entry.keyRange, related: definedHere(entry.key, entry.definedAt, entry.value.definedAt) };
      if (!meansNoLimit(name, text)) return setting;
      none = setting;
    }
    return none;
  };

  const privileged = flag('privileged', 'privileged');
  const readOnlyRootFilesystem = flag('read_only', 'readOnlyRootFilesystem');
  const capAdd = list('cap_add', 'capAdd');
  const capDrop = list('cap_drop', 'capDrop');
  const securityOpt = list('security_opt', 'securityOpt');
  const memoryLimit = limit('memoryLimit');
  const cpuLimit = limit('cpuLimit');
  const pidsLimit = limit('pidsLimit');
  const namespaces: RuntimeSetting<NamespaceSetting>[] = [];
  for (const { key, kind } of NAMESPACE_KEYS) {
    const entry = entryOf(key);
    if (!entry?.value) continue;
    const mode = resolvedText(model, entry.value)?.trim();
    if (mode === undefined) {
      unresolved.add('namespaces');
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
    if (value === undefined) unresolved.add('user');
    else {
      user = {
        value,
        range: written.range,
        written: `user: ${scalarText(written)}`,
        related: written.definedAt ? [{ range: written.definedAt, message: 'user is defined here' }] : undefined,
        edits: { replace: (text) => (written.definedAt ? undefined : [{ range: written.range, newText: `"${text}"` }]) },
      };
    }
  }

  // A service that builds runs the image it builds: `image` only names it.
  const imageEntry = serviceEntry(model, service, 'build') === undefined ? entryOf('image') : undefined;
  const imageText = imageEntry?.value ? resolvedText(model, imageEntry.value) : undefined;

  return {
    frontDoor: 'compose',
    label: `Service "${service.name}"`,
    anchor: service.keyRange,
    incomplete: unresolved.size > 0,
    unresolved: [...unresolved],
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
    tmpfs: tmpfsMounts(model, service).map((mount) => ({
      value: mount,
      range: mount.range,
      related: itemDefinedHere(mount, 'The tmpfs mount'),
      edits: { rewrite: (change) => edits(rewriteScalar(model, mount, change)) },
    })),
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
      // An inherited variable is judged in the service that writes it.
      .filter((variable) => !variable.inherited)
      .map((variable) => {
        const literal = variable.value === undefined ? undefined : composeLiteral(variable.value);
        return {
          value: { name: variable.name, value: variable.value, valueOffsets: variable.valueOffsets, ...(literal === undefined ? {} : { literal }) },
          range: variable.range,
          related: variable.definedAt ? [{ range: variable.definedAt, message: `${variable.name} is defined here` }] : undefined,
          edits: { secretMoves: () => composeVariableFixes(model, model.project.uri, model.project.workspace, service, variable, reserved) },
        };
      }),
    readOnlyRootFilesystem,
    memoryLimit,
    cpuLimit,
    pidsLimit,
    lacking(setting) {
      const { keys, add } = HARDENING[setting];
      const { range, note } = keyAnchor(service, ...keys);
      const entry = entryOf(keys[0]);
      return {
        range,
        note,
        related: entry && definedHere(keys[0], entry.definedAt, entry.value?.definedAt),
        // A key the service has is changed through its setting, not added again.
        add: add === undefined || entry ? undefined : () => edits(addServiceKey(model, service, add)),
      };
    },
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
export function withLoopback(text: string, hostIp: string | undefined): string | undefined {
  if (hostIp === undefined) return /^\d+(?:-\d+)?(?:\/\w+)?$/.test(text) ? `${LOOPBACK}::${text}` : `${LOOPBACK}:${text}`;
  for (const written of [`[${hostIp}]:`, `${hostIp}:`]) if (text.startsWith(written)) return `${LOOPBACK}:${text.slice(written.length)}`;
  return undefined;
}
