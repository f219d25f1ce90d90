import type { LineIndex } from '../text';
import type { FileKind, Fix, Range, RelatedLocation, TextEdit } from '../types';
import type { SyntaxProblem } from './compose';
import type { DeviceMapping, PortMapping, TmpfsMount, VolumeMount } from './compose-mounts';

/**
 * What a container is started with, whatever file declares it: a Compose service, a dev container
 * (devcontainer.json, its features and `runArgs`), or a `docker run` / `podman run` command line
 * (a shell script, a Makefile recipe, a CI step). The runtime rules judge this model, so each of
 * them is written once and reports in every kind, anchored where each setting is written.
 *
 * A front door puts in a setting only when it knows its value: a variable it cannot resolve
 * (`--network=$NET`) leaves the setting out and marks the container `incomplete`, never guessed.
 */

/** The kinds of file that declare containers, whose lint runs the rules' runtime checks. */
export const RUNTIME_KINDS: readonly FileKind[] = ['compose', 'devcontainer', 'shell', 'ci'];

/** Where a container is declared. */
export type RuntimeFrontDoor = 'compose' | 'devcontainer' | 'run';

/** Edits that change one setting in its own file, when the front door knows how. */
export interface SettingEdits {
  /** Removes the setting (the key, the array item, the flag with its value). */
  remove?(): TextEdit[] | undefined;
  /** Makes a mount read-only. */
  readOnly?(): TextEdit[] | undefined;
  /**
   * Takes a literal value out of the file and reads it from the environment of whoever starts the
   * container instead: `${localEnv:NAME}` in a dev container, `-e NAME` on a run line.
   */
  fromHostEnvironment?(): TextEdit[] | undefined;
  /** Replaces the setting's value (a user) with another, quoted as the file needs. */
  replace?(value: string): TextEdit[] | undefined;
  /** Rewrites a one-line value as written (a tmpfs mount's `PATH:OPTIONS`): `change` maps its text to the new one. */
  rewrite?(change: (text: string) => string | undefined): TextEdit[] | undefined;
  /** Binds a published port to the loopback interface only. */
  toLoopback?(): TextEdit[] | undefined;
  /** What the `remove` fix is called when the front door names the setting its own way (`Remove SYS_ADMIN from cap_add`). */
  removeTitle?: string;
  /**
   * The front door's own fixes that move a literal secret out of the file (Compose: into a Compose
   * secret or a Git-ignored env file), offered instead of `fromHostEnvironment`.
   */
  secretMoves?(): Fix[] | undefined;
}

/** One setting of a container, where it is written. */
export interface RuntimeSetting<T> {
  value: T;
  /** Where a finding about it is anchored: the key, the item, the flag, the feature's key. */
  range: Range;
  /** The setting as the file writes it, for advice in messages (`privileged: true`, `--privileged`); absent when it is not written in the file. */
  written?: string;
  /** Where it is defined when that is elsewhere (an alias, `extends`, a feature's published metadata). */
  related?: RelatedLocation[];
  /**
   * Set when something other than the container's own text grants it: a dev container feature
   * (`ghcr.io/devcontainers/features/docker-in-docker:2`). Messages name it.
   */
  grantedBy?: string;
  /** With `grantedBy`: what to use instead of what grants it, when that is known, for messages. */
  grantedInstead?: string;
  edits?: SettingEdits;
}

/** A Linux namespace a container may share with the host or another container. */
export type NamespaceKind = 'pid' | 'ipc' | 'network' | 'userns' | 'uts' | 'cgroup';

export interface NamespaceSetting {
  kind: NamespaceKind;
  /** As written: `host`, `container:<name>`, `service:<name>`, `private`, a network name, ... */
  mode: string;
  /** The key or flag it is written as (`network_mode`, `--net`, `--network`), for messages. */
  writtenAs: string;
}

export interface EnvironmentSetting {
  name: string;
  /** Undefined when only the name is given (`-e NAME`, `- NAME`): the value comes from the host. */
  value: string | undefined;
  /** Offsets of the value in the linted text, when it is written there literally. */
  valueOffsets?: [number, number];
  /**
   * The value the container gets, when the front door unescapes what is written (Compose's `$$` is
   * a `$`) and it refers to no variable; absent otherwise, the value then judged as written.
   */
  literal?: string;
}

/** A hardening setting rules report when a container lacks it. */
export type HardeningSetting = 'capDrop' | 'noNewPrivileges' | 'readOnlyRootFilesystem' | 'memoryLimit' | 'cpuLimit' | 'pidsLimit';

/** What a front door knows about a hardening setting a container lacks: where the finding goes, and how to add it. */
export interface LackingSetting {
  /** Where a finding about it is anchored, when not at the container's anchor (Compose: the other file of an override pair that removes it). */
  range?: Range;
  /** Words the message ends with about that place (`(the !reset here removes ...)`). */
  note?: string;
  related?: RelatedLocation[];
  /** Adds the setting with its hardened value (`cap_drop: [ALL]`, `--cap-drop=ALL`); absent or undefined when it cannot be added there. */
  add?(): TextEdit[] | undefined;
}

/** The settings of a container, by name, as `unresolved` lists them. */
export type SettingName = 'image' | 'privileged' | 'capAdd' | 'capDrop' | 'securityOpt' | 'namespaces' | 'mounts' | 'tmpfs' | 'devices' | 'ports' | 'user' | 'environment' | 'readOnlyRootFilesystem' | 'memoryLimit' | 'cpuLimit' | 'pidsLimit';

export interface ContainerRuntime {
  frontDoor: RuntimeFrontDoor;
  /** How messages name it, capitalised to start a sentence: `Service "web"`, `The dev container`, `This docker run`. */
  label: string;
  /** Where findings about the container as a whole are anchored (the service key, the `run` word). */
  anchor: Range;
  /**
   * A known reason the container needs its privileges (`tonistiigi/binfmt` or
   * `multiarch/qemu-user-static` registering binfmt handlers): findings about privileges report at
   * most `info` and name it.
   */
  knownPurpose?: string;
  /** Some settings could not be read (an unresolved variable, an unknown feature): rules about what is missing stay silent. */
  incomplete: boolean;
  /**
   * When the container is incomplete only for values that could not be read and the front door
   * knows whose they are: those settings. A rule about a missing setting then stays silent only
   * when it depends on one of them.
   */
  unresolved?: SettingName[];
  /** As written; its tag may hold a variable (`docker:${VERSION}-dind`): the name is known, the tag is not (`unresolved` lists `image`). */
  image?: RuntimeSetting<string>;
  privileged: RuntimeSetting<boolean>[];
  capAdd: RuntimeSetting<string>[];
  capDrop: RuntimeSetting<string>[];
  /** `seccomp=unconfined`, `apparmor=unconfined`, `label=disable`, `no-new-privileges:true`, ... as written. */
  securityOpt: RuntimeSetting<string>[];
  namespaces: RuntimeSetting<NamespaceSetting>[];
  mounts: RuntimeSetting<VolumeMount>[];
  tmpfs: RuntimeSetting<TmpfsMount>[];
  devices: RuntimeSetting<DeviceMapping>[];
  ports: RuntimeSetting<PortMapping>[];
  user?: RuntimeSetting<string>;
  environment: RuntimeSetting<EnvironmentSetting>[];
  readOnlyRootFilesystem?: RuntimeSetting<boolean>;
  /** Resource limits as written (`512m`, `1.5`, `100`), a limit that means none (`0`, `-1`) included: the rules judge it. */
  memoryLimit?: RuntimeSetting<string>;
  cpuLimit?: RuntimeSetting<string>;
  pidsLimit?: RuntimeSetting<string>;
  /** What the front door knows about a hardening setting the container lacks; absent: findings at `anchor`, no fix. */
  lacking?(setting: HardeningSetting): LackingSetting;
}

/** The model of a file whose only checked content is the containers it declares (a dev container, a script, a CI file). */
export interface RuntimeFileModel {
  kind: 'devcontainer' | 'shell' | 'ci';
  text: string;
  lines: LineIndex;
  containers: ContainerRuntime[];
  syntaxProblems: SyntaxProblem[];
  /**
   * The last line of the statement that starts at a line (a command with its continuation lines, a
   * property with its value), which a suppression comment above it covers; the line itself when absent.
   */
  statementEnd?(line: number): number;
  /**
   * The first line of the statement that holds a line: a suppression comment for a finding is
   * inserted above it, never inside a command's continuation lines; the line itself when absent.
   */
  statementStart?(line: number): number;
}

/** A container with none of the settings yet, for a front door to fill in. */
export function emptyContainer(frontDoor: RuntimeFrontDoor, label: string, anchor: Range, incomplete = false): ContainerRuntime {
  return {
    frontDoor,
    label,
    anchor,
    incomplete,
    privileged: [],
    capAdd: [],
    capDrop: [],
    securityOpt: [],
    namespaces: [],
    mounts: [],
    tmpfs: [],
    devices: [],
    ports: [],
    environment: [],
  };
}

/**
 * Whether a user (`name[:group]`) is root: `root`, or uid 0 however it is written (`0`, `000`). Names
 * are case-sensitive: `ROOT` is not root (and would fail to start for lack of such a user).
 */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0].trim();
  return name === 'root' || /^0+$/.test(name);
}
