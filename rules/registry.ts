import addInsteadOfCopy from './catalog/add-instead-of-copy';
import addRemoteUrl from './catalog/add-remote-url';
import capDropMissing from './catalog/cap-drop-missing';
import contentTrustDisabled from './catalog/content-trust-disabled';
import healthcheckMissing from './catalog/healthcheck-missing';
import imageLatestTag from './catalog/image-latest-tag';
import imageLookupFailed from './catalog/image-lookup-failed';
import imageNotPinnedByDigest from './catalog/image-not-pinned-by-digest';
import imageUnsigned from './catalog/image-unsigned';
import imageUntagged from './catalog/image-untagged';
import imageUntrustedRegistry from './catalog/image-untrusted-registry';
import pipeToShell from './catalog/pipe-to-shell';
import pipefailMissing from './catalog/pipefail-missing';
import pkgExtraPackages from './catalog/pkg-extra-packages';
import pkgUpdateAlone from './catalog/pkg-update-alone';
import pkgVersionUnpinned from './catalog/pkg-version-unpinned';
import rootUser from './catalog/root-user';
import secretFileCopied from './catalog/secret-file-copied';
import secretInArg from './catalog/secret-in-arg';
import secretInBuildContext from './catalog/secret-in-build-context';
import secretInEnv from './catalog/secret-in-env';
import secretInRun from './catalog/secret-in-run';
import secretPersistsInLayer from './catalog/secret-persists-in-layer';
import sudoInRun from './catalog/sudo-in-run';
import tlsVerificationDisabled from './catalog/tls-verification-disabled';
import worldWritablePermissions from './catalog/world-writable-permissions';
import { RULES as COMPOSE_MOUNT_RULES } from './catalog/compose-mounts';
import { RULES as COMPOSE_RUNTIME_RULES } from './catalog/compose-runtime';
import { RULES as DAEMON_RULES } from './catalog/daemon';
import type { Rule } from './rule';
import { FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION, PARSE_ERROR } from './syntax-rules';

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
  ...COMPOSE_RUNTIME_RULES,
  ...COMPOSE_MOUNT_RULES,
  ...DAEMON_RULES,
  healthcheckMissing,
  addInsteadOfCopy,
  pkgVersionUnpinned,
  pipefailMissing,
  pkgUpdateAlone,
  pkgExtraPackages,
];

/** Everything that can appear as a finding's rule id: the rules and the engine's own diagnostics. */
export const allRules: readonly Rule[] = [...rules, PARSE_ERROR, FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION];

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
