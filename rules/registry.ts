import capDropMissing from './catalog/cap-drop-missing';
import contentTrustDisabled from './catalog/content-trust-disabled';
import imageLatestTag from './catalog/image-latest-tag';
import imageUntagged from './catalog/image-untagged';
import pipeToShell from './catalog/pipe-to-shell';
import pipefailMissing from './catalog/pipefail-missing';
import pkgExtraPackages from './catalog/pkg-extra-packages';
import pkgUpdateAlone from './catalog/pkg-update-alone';
import pkgVersionUnpinned from './catalog/pkg-version-unpinned';
import rootUser from './catalog/root-user';
import secretInArg from './catalog/secret-in-arg';
import secretInEnv from './catalog/secret-in-env';
import secretInRun from './catalog/secret-in-run';
import sudoInRun from './catalog/sudo-in-run';
import tlsVerificationDisabled from './catalog/tls-verification-disabled';
import worldWritablePermissions from './catalog/world-writable-permissions';
import { RULES as COMPOSE_MOUNT_RULES } from './catalog/compose-mounts';
import { RULES as COMPOSE_RUNTIME_RULES } from './catalog/compose-runtime';
import type { Rule } from './rule';
import { FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION, PARSE_ERROR } from './syntax-rules';

/** The rules the engine runs, in catalog order. */
export const rules: readonly Rule[] = [secretInEnv, secretInArg, secretInRun, rootUser, sudoInRun, capDropMissing, imageUntagged, imageLatestTag, contentTrustDisabled, pipeToShell, tlsVerificationDisabled, worldWritablePermissions, ...COMPOSE_RUNTIME_RULES, pkgVersionUnpinned, ...COMPOSE_MOUNT_RULES, pipefailMissing, pkgUpdateAlone, pkgExtraPackages];

/** Everything that can appear as a finding's rule id: the rules and the engine's own diagnostics. */
export const allRules: readonly Rule[] = [...rules, PARSE_ERROR, FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION];

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
