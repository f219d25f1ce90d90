import { isMap, isScalar, isSeq } from 'yaml';
import type { Range } from '../types';
import { documentsOf, entriesOf, resolvedText, scalarText, sequenceItems, serviceEntry, trace, type ComposeModel, type ComposeService, type MapEntry, type Traced } from './compose';
import { trimEndOf } from '../text';

/**
 * A service's mounts, ports, devices and tmpfs mounts, read per the Compose Specification. Every item
 * carries its anchor (`range`): a short-syntax item at the item, a long-syntax volume at its `source`
 * value (its `target`, else the item, when it has none), a long-syntax port at its `published` value
 * (its `target` when there is none). Items that come through an alias, a merge key or `extends` are
 * anchored where the service uses them, their definition kept as `definedAt`.
 */

export type MountType = 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';

export interface VolumeMount {
  syntax: 'short' | 'long';
  /** Undefined when it cannot be known (an unresolved variable in the source, an unknown `type`). */
  type: MountType | undefined;
  /** The source as written after interpolation with the file's defaults (raw when a variable is unknown); undefined for an anonymous volume. */
  source?: string;
  target?: string;
  readOnly: boolean;
  /** `shared`, `rshared`, `slave`, `rslave`, `private`, `rprivate`, when set. */
  propagation?: string;
  /** The short syntax's comma-separated mode options (`ro`, `z`, `nocopy`, ...). */
  options: string[];
  range: Range;
  definedAt?: Range;
}

export interface PortMapping {
  syntax: 'short' | 'long';
  /** The host IP, without brackets for IPv6; undefined when none is given (all interfaces). */
  hostIp?: string;
  /** The published (host) port or range as written; undefined when Docker picks one. */
  published?: string;
  target: string;
  protocol: string;
  /** The container ports, `[first, last]`; undefined when `target` is not a port or range. */
  targetPorts?: [number, number];
  /** The published ports, `[first, last]`, when a port or range is published. */
  publishedPorts?: [number, number];
  range: Range;
  definedAt?: Range;
}

export interface DeviceMapping {
  /** The host device path, or a CDI name (`vendor.com/class=name`). */
  host: string;
  container?: string;
  permissions?: string;
  range: Range;
  definedAt?: Range;
}

export interface TmpfsMount {
  target: string;
  options: string[];
  range: Range;
  definedAt?: Range;
}

const PROPAGATIONS = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const MOUNT_TYPES = new Set<string>(['bind', 'volume', 'tmpfs', 'npipe', 'cluster', 'image']);

/** The text of a scalar after interpolation; the raw text when a variable is unknown. */
function textOf(model: ComposeModel, value: Traced | undefined): string | undefined {
  return resolvedText(model, value) ?? scalarText(value);
}

/** The items of a service key: a list, or a single scalar where the specification allows one. */
function keyItems(model: ComposeModel, service: ComposeService, key: string, scalarAllowed = false): Traced[] {
  const entry: MapEntry | 'unknown' | undefined = serviceEntry(model, service, key);
  if (entry === undefined || entry === 'unknown' || !entry.value) return [];
  if (isSeq(entry.value.node)) return sequenceItems(model, entry.value);
  if (scalarAllowed && isScalar(entry.value.node)) return [entry.value];
  return [];
}

function related(item: Traced, value: Traced | undefined): { range: Range; definedAt?: Range } {
  if (value) return { range: value.range, definedAt: value.definedAt ?? item.definedAt };
  return { range: item.range, definedAt: item.definedAt };
}

/** Whether a short-syntax source names a host path (a bind mount) rather than a named volume. */
function isHostPath(source: string): boolean {
  return source.startsWith('/') || source.startsWith('.') || source.startsWith('~');
}

/**
 * A host path as the kernel resolves it: `//` and `/./` collapse, `..` removes the folder before it
 * (above `/` it stays at `/`), a trailing slash goes; `~/` paths keep their `~`. A relative path only
 * collapses its slashes: what it is relative to is not known here.
 */
export function normalizePath(path: string): string {
  const home = path === '~' || path.startsWith('~/');
  if (!path.startsWith('/') && !home) {
    const collapsed = path.replace(/\/+/g, '/');
    return collapsed.length > 1 ? trimEndOf(collapsed, '/') : collapsed;
  }
  const parts: string[] = [];
  for (const part of (home ? path.slice(1) : path).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `${home ? '~' : ''}${home && parts.length === 0 ? '' : '/'}${parts.join('/')}`;
}

/** A host path as messages name it: as written, followed by what it resolves to when `..`, `.` or doubled slashes change it. */
export function describePath(path: string): string {
  const resolved = normalizePath(path);
  const written = path.length > 1 ? trimEndOf(path, '/') || '/' : path;
  return written === resolved ? path : `${path} (that is ${resolved})`;
}

function isTrue(model: ComposeModel, value: Traced | undefined): boolean {
  const text = textOf(model, value)?.trim().toLowerCase();
  return text === 'true' || text === 'yes' || text === 'on';
}

/** The mounts and ports read in this lint, per service: several rules read each. */
const mountsRead = new WeakMap<ComposeService, readonly VolumeMount[]>();
const portsRead = new WeakMap<ComposeService, readonly PortMapping[]>();

/** The service's `volumes`, short and long syntax. */
export function volumeMounts(model: ComposeModel, service: ComposeService): readonly VolumeMount[] {
  let mounts = mountsRead.get(service);
  if (!mounts) mountsRead.set(service, (mounts = readVolumeMounts(model, service)));
  return mounts;
}

/** The service's `ports`, short and long syntax. */
export function portMappings(model: ComposeModel, service: ComposeService): readonly PortMapping[] {
  let ports = portsRead.get(service);
  if (!ports) portsRead.set(service, (ports = readPortMappings(model, service)));
  return ports;
}

function readVolumeMounts(model: ComposeModel, service: ComposeService): VolumeMount[] {
  const mounts: VolumeMount[] = [];
  for (const item of keyItems(model, service, 'volumes')) {
    if (isMap(item.node)) {
      const entries = entriesOf(item);
      const typeText = textOf(model, entries.get('type')?.value)?.trim();
      const source = textOf(model, entries.get('source')?.value)?.trim();
      const target = textOf(model, entries.get('target')?.value)?.trim();
      const bind = entries.get('bind')?.value;
      let propagation: string | undefined;
      if (bind && isMap(bind.node)) {
        propagation = textOf(model, entriesOf(bind).get('propagation')?.value)?.trim();
      }
      const anchor = entries.get('source')?.value ?? entries.get('target')?.value;
      mounts.push(
        throughBoundVolume(model, {
          syntax: 'long',
          type: typeText === undefined ? (source !== undefined && isHostPath(source) ? 'bind' : 'volume') : mountType(typeText),
          source: source === '' ? undefined : source,
          target,
          readOnly: isTrue(model, entries.get('read_only')?.value),
          propagation,
          options: [],
          ...related(item, anchor),
        }),
      );
      continue;
    }
    const text = textOf(model, item)?.trim();
    if (text === undefined || text === '') continue;
    mounts.push(throughBoundVolume(model, { ...parseShortVolume(text), range: item.range, definedAt: item.definedAt }));
  }
  return mounts;
}

/**
 * Reads a short-syntax volume, `[SOURCE:]TARGET[:MODE,...]`, as Compose's `volumes` and `docker run -v`
 * write it: a source that is a path is a bind mount, any other a named volume, none an anonymous one.
 */
export function parseShortVolume(text: string): Omit<VolumeMount, 'range' | 'definedAt'> {
  const parts = text.split(':');
  let source: string | undefined;
  let target: string;
  let options: string[] = [];
  if (parts.length === 1) target = parts[0];
  else {
    source = parts[0];
    target = parts[1];
    options = parts.slice(2).join(':').split(',').map((o) => o.trim()).filter((o) => o !== '');
  }
  const type: MountType | undefined = source === undefined || source === '' ? 'volume' : isHostPath(source) ? 'bind' : source.startsWith('$') ? undefined : 'volume';
  return {
    syntax: 'short',
    type,
    source: source === '' ? undefined : source,
    target,
    readOnly: options.includes('ro'),
    propagation: options.find((o) => PROPAGATIONS.has(o)),
    options,
  };
}

/** Whether a bind propagation mode is one the kernel knows (`shared`, `rslave`, ...). */
export function isPropagation(mode: string): boolean {
  return PROPAGATIONS.has(mode);
}

/** The mount types Compose and `--mount` name; undefined for any other. */
export function mountType(text: string): MountType | undefined {
  return MOUNT_TYPES.has(text) ? (text as MountType) : undefined;
}

const declaredVolumes = new WeakMap<ComposeModel, Map<string, MapEntry>>();

/** The top-level `volumes` of a file, read once per model: a lookup per mount made large files quadratic. */
function topLevelVolumes(model: ComposeModel): Map<string, MapEntry> {
  let volumes = declaredVolumes.get(model);
  if (!volumes) {
    // A later document of a `---` stream merges its volumes over the earlier ones'.
    volumes = new Map<string, MapEntry>();
    for (const document of documentsOf(model.source)) for (const [name, entry] of childEntries(trace(document, document.doc.contents), 'volumes')) volumes.set(name, entry);
    declaredVolumes.set(model, volumes);
  }
  return volumes;
}

function childEntries(value: Traced | undefined, key: string): Map<string, MapEntry> {
  const found = value && isMap(value.node) ? entriesOf(value).get(key)?.value : undefined;
  return found && isMap(found.node) ? entriesOf(found) : new Map();
}

/**
 * A named volume of the local driver with `driver_opts: {o: bind, device: <path>}` is a bind mount of
 * that host path: the mount is returned as one, its source the device, defined where the device is.
 */
function throughBoundVolume(model: ComposeModel, mount: VolumeMount): VolumeMount {
  if (mount.type !== 'volume' || mount.source === undefined) return mount;
  const volume = topLevelVolumes(model).get(mount.source)?.value;
  const child = (value: Traced | undefined, key: string) => (value && isMap(value.node) ? entriesOf(value).get(key)?.value : undefined);
  const driver = resolvedText(model, child(volume, 'driver'))?.trim();
  if (driver !== undefined && driver !== 'local') return mount;
  const driverOptions = child(volume, 'driver_opts');
  const bindOptions = resolvedText(model, child(driverOptions, 'o'))?.split(',').map((o) => o.trim());
  const device = child(driverOptions, 'device');
  const devicePath = resolvedText(model, device)?.trim();
  if (!device || !devicePath || !bindOptions?.some((o) => o === 'bind' || o === 'rbind')) return mount;
  return { ...mount, type: 'bind', source: devicePath, readOnly: mount.readOnly || bindOptions.includes('ro'), definedAt: mount.definedAt ?? device.range };
}

/** A port (`80`) or range (`8000-8010`), or undefined when the text is neither. */
export function portRange(text: string | undefined): [number, number] | undefined {
  const match = text?.trim().match(/^(\d{1,5})(?:-(\d{1,5}))?$/);
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  return last >= first ? [first, last] : undefined;
}

/** Parses a short-syntax port: `[HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]`; undefined when it is not one. */
export function parseShortPort(text: string): Omit<PortMapping, 'range' | 'definedAt' | 'syntax'> | undefined {
  let rest = text.trim();
  let protocol = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1).toLowerCase();
    rest = rest.slice(0, slash);
  }
  let hostIp: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    hostIp = rest.slice(1, close);
    rest = rest.slice(close + 2);
  }
  const parts = rest.split(':');
  let published: string | undefined;
  let target: string;
  if (parts.length === 1) target = parts[0];
  else if (parts.length === 2) [published, target] = parts;
  else {
    if (hostIp !== undefined) return undefined;
    // An IPv6 host IP may be written without brackets: everything before the last two parts.
    hostIp = parts.slice(0, -2).join(':');
    [published, target] = parts.slice(-2);
  }
  if (published === '') published = undefined;
  if (hostIp === '') hostIp = undefined;
  const targetPorts = portRange(target);
  // A port from a variable without a value is unknown, but the mapping still publishes it (or not) on every interface.
  if (!targetPorts && !target.includes('$')) return undefined;
  return { hostIp, published, target, protocol, targetPorts, publishedPorts: portRange(published) };
}

function readPortMappings(model: ComposeModel, service: ComposeService): PortMapping[] {
  const ports: PortMapping[] = [];
  for (const item of keyItems(model, service, 'ports')) {
    if (isMap(item.node)) {
      const entries = entriesOf(item);
      const target = textOf(model, entries.get('target')?.value)?.trim();
      if (target === undefined) continue;
      const publishedText = textOf(model, entries.get('published')?.value)?.trim();
      const published = publishedText === '' ? undefined : publishedText;
      const hostIp = textOf(model, entries.get('host_ip')?.value)?.trim().replace(/^\[(.*)\]$/, '$1');
      ports.push({
        syntax: 'long',
        hostIp: hostIp === '' ? undefined : hostIp,
        published,
        target,
        protocol: textOf(model, entries.get('protocol')?.value)?.trim().toLowerCase() || 'tcp',
        targetPorts: portRange(target),
        publishedPorts: portRange(published),
        ...related(item, entries.get('published')?.value ?? entries.get('target')?.value),
      });
      continue;
    }
    const text = textOf(model, item);
    if (text === undefined) continue;
    const parsed = parseShortPort(text);
    if (parsed) ports.push({ syntax: 'short', ...parsed, range: item.range, definedAt: item.definedAt });
  }
  return ports;
}

/** The service's `devices`: `HOST_PATH[:CONTAINER_PATH[:CGROUP_PERMISSIONS]]`, a CDI device name, or the long syntax (`source`, `target`, `permissions`). */
export function deviceMappings(model: ComposeModel, service: ComposeService): DeviceMapping[] {
  const devices: DeviceMapping[] = [];
  for (const item of keyItems(model, service, 'devices')) {
    if (isMap(item.node)) {
      // The long syntax: `{source, target, permissions}`.
      const entries = entriesOf(item);
      const host = textOf(model, entries.get('source')?.value)?.trim();
      if (!host) continue;
      const field = (key: string) => textOf(model, entries.get(key)?.value)?.trim() || undefined;
      devices.push({ host, container: field('target'), permissions: field('permissions'), ...related(item, entries.get('source')?.value) });
      continue;
    }
    const text = textOf(model, item)?.trim();
    if (!text) continue;
    devices.push({ ...parseShortDevice(text), range: item.range, definedAt: item.definedAt });
  }
  return devices;
}

/** Reads `HOST_PATH[:CONTAINER_PATH[:CGROUP_PERMISSIONS]]` or a CDI device name (`vendor.com/class=name`), as `devices` and `--device` write it. */
export function parseShortDevice(text: string): Omit<DeviceMapping, 'range' | 'definedAt'> {
  if (!text.startsWith('/') && text.includes('=')) return { host: text };
  const [host, container, permissions] = text.split(':');
  return { host, container: container || undefined, permissions: permissions || undefined };
}

/** The service's `tmpfs` mounts (a string or a list): `PATH[:OPTIONS]`. */
export function tmpfsMounts(model: ComposeModel, service: ComposeService): TmpfsMount[] {
  const mounts: TmpfsMount[] = [];
  for (const item of keyItems(model, service, 'tmpfs', true)) {
    const text = textOf(model, item)?.trim();
    if (!text) continue;
    mounts.push({ ...parseShortTmpfs(text), range: item.range, definedAt: item.definedAt });
  }
  return mounts;
}

/** Reads `PATH[:OPTIONS]`, as `tmpfs` and `--tmpfs` write it. */
export function parseShortTmpfs(text: string): Omit<TmpfsMount, 'range' | 'definedAt'> {
  const colon = text.indexOf(':');
  const target = colon < 0 ? text : text.slice(0, colon);
  const options = colon < 0 ? [] : text.slice(colon + 1).split(',').map((o) => o.trim()).filter((o) => o !== '');
  return { target, options };
}

/** The related information of an item that is defined elsewhere. */
export function definedHere(item: { definedAt?: Range }, what: string): Array<{ range: Range; message: string }> | undefined {
  return item.definedAt ? [{ range: item.definedAt, message: `${what} is defined here` }] : undefined;
}
