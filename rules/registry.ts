import daemonFlagConflict from './catalog/daemon/daemon-flag-conflict';
import daemonIccEnabled from './catalog/daemon/daemon-icc-enabled';
import daemonInsecureRegistry from './catalog/daemon/daemon-insecure-registry';
import daemonNoNewPrivilegesMissing from './catalog/daemon/daemon-no-new-privileges-missing';
import daemonUnknownKey from './catalog/daemon/daemon-unknown-key';
import daemonUsernsRemapMissing from './catalog/daemon/daemon-userns-remap-missing';
import dockerDaemonTcpUnencrypted from './catalog/daemon/docker-daemon-tcp-unencrypted';
import dockerSocketMount from './catalog/daemon/docker-socket-mount';
import addInsteadOfCopy from './catalog/hygiene/add-instead-of-copy';
import composeUnknownKey from './catalog/hygiene/compose-unknown-key';
import cpuLimitMissing from './catalog/hygiene/cpu-limit-missing';
import healthcheckMissing from './catalog/hygiene/healthcheck-missing';
import loggingDisabled from './catalog/hygiene/logging-disabled';
import memoryLimitMissing from './catalog/hygiene/memory-limit-missing';
import pidsLimitMissing from './catalog/hygiene/pids-limit-missing';
import pipefailMissing from './catalog/hygiene/pipefail-missing';
import pkgExtraPackages from './catalog/hygiene/pkg-extra-packages';
import pkgUpdateAlone from './catalog/hygiene/pkg-update-alone';
import pkgVersionUnpinned from './catalog/hygiene/pkg-version-unpinned';
import tmpfsExec from './catalog/hygiene/tmpfs-exec';
import addRemoteUrl from './catalog/images/add-remote-url';
import contentTrustDisabled from './catalog/images/content-trust-disabled';
import imageLatestTag from './catalog/images/image-latest-tag';
import imageLookupFailed from './catalog/images/image-lookup-failed';
import imageNotPinnedByDigest from './catalog/images/image-not-pinned-by-digest';
import imageUnsigned from './catalog/images/image-unsigned';
import imageUntagged from './catalog/images/image-untagged';
import imageUntrustedRegistry from './catalog/images/image-untrusted-registry';
import pipeToShell from './catalog/images/pipe-to-shell';
import tlsVerificationDisabled from './catalog/images/tls-verification-disabled';
import portBoundToAllInterfaces from './catalog/network/port-bound-to-all-interfaces';
import sshPortExposed from './catalog/network/ssh-port-exposed';
import capDropMissing from './catalog/privileges/cap-drop-missing';
import dangerousCapAdd from './catalog/privileges/dangerous-cap-add';
import hostDeviceMapped from './catalog/privileges/host-device-mapped';
import hostNamespace from './catalog/privileges/host-namespace';
import mountPropagationShared from './catalog/privileges/mount-propagation-shared';
import noNewPrivilegesMissing from './catalog/privileges/no-new-privileges-missing';
import privileged from './catalog/privileges/privileged';
import rootUser from './catalog/privileges/root-user';
import securityProfileDisabled from './catalog/privileges/security-profile-disabled';
import sensitiveHostMount from './catalog/privileges/sensitive-host-mount';
import sudoInRun from './catalog/privileges/sudo-in-run';
import worldWritablePermissions from './catalog/privileges/world-writable-permissions';
import writableRootFilesystem from './catalog/privileges/writable-root-filesystem';
import secretFileCopied from './catalog/secrets/secret-file-copied';
import secretInArg from './catalog/secrets/secret-in-arg';
import secretInBuildContext from './catalog/secrets/secret-in-build-context';
import secretInEnv from './catalog/secrets/secret-in-env';
import secretInRun from './catalog/secrets/secret-in-run';
import secretPersistsInLayer from './catalog/secrets/secret-persists-in-layer';
import type { Rule } from './rule';
import { FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION, PARSE_ERROR, TOO_MANY_FINDINGS } from './syntax-rules';

/** The rules the engine runs, in catalog order. */
export const rules: readonly Rule[] = [
  secretInEnv,
  secretInArg,
  secretInRun,
  secretFileCopied,
  secretPersistsInLayer,
  secretInBuildContext,
  rootUser,
  sudoInRun,
  capDropMissing,
  imageUntagged,
  imageLatestTag,
  imageNotPinnedByDigest,
  imageUnsigned,
  imageLookupFailed,
  imageUntrustedRegistry,
  contentTrustDisabled,
  addRemoteUrl,
  pipeToShell,
  tlsVerificationDisabled,
  worldWritablePermissions,
  privileged,
  dangerousCapAdd,
  noNewPrivilegesMissing,
  securityProfileDisabled,
  hostNamespace,
  writableRootFilesystem,
  memoryLimitMissing,
  pidsLimitMissing,
  cpuLimitMissing,
  loggingDisabled,
  dockerSocketMount,
  sensitiveHostMount,
  portBoundToAllInterfaces,
  sshPortExposed,
  dockerDaemonTcpUnencrypted,
  hostDeviceMapped,
  mountPropagationShared,
  tmpfsExec,
  composeUnknownKey,
  daemonInsecureRegistry,
  daemonIccEnabled,
  daemonUsernsRemapMissing,
  daemonNoNewPrivilegesMissing,
  daemonUnknownKey,
  daemonFlagConflict,
  healthcheckMissing,
  addInsteadOfCopy,
  pkgVersionUnpinned,
  pipefailMissing,
  pkgUpdateAlone,
  pkgExtraPackages,
];

/** Everything that can appear as a finding's rule id: the rules and the engine's own diagnostics. */
export const allRules: readonly Rule[] = [...rules, PARSE_ERROR, FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION, TOO_MANY_FINDINGS];

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
