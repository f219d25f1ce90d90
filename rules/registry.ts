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
import rootUser from './catalog/root-user';
import secretInArg from './catalog/secret-in-arg';
import secretFileCopied from './catalog/secret-file-copied';
import secretInEnv from './catalog/secret-in-env';
import { RULES as COMPOSE_MOUNT_RULES } from './catalog/compose-mounts';
import { RULES as COMPOSE_RUNTIME_RULES } from './catalog/compose-runtime';
import type { Rule } from './rule';
import { FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION, PARSE_ERROR } from './syntax-rules';

/** The rules the engine runs, in catalog order. */
export const rules: readonly Rule[] = [secretInEnv, secretInArg, secretFileCopied, rootUser, capDropMissing, imageUntagged, imageLatestTag, imageNotPinnedByDigest, imageUnsigned, imageLookupFailed, contentTrustDisabled, addRemoteUrl, ...COMPOSE_RUNTIME_RULES, ...COMPOSE_MOUNT_RULES, healthcheckMissing, addInsteadOfCopy];

/** Everything that can appear as a finding's rule id: the rules and the engine's own diagnostics. */
export const allRules: readonly Rule[] = [...rules, PARSE_ERROR, FILE_TOO_LARGE, INTERNAL_ERROR, INVALID_SUPPRESSION];

const byId = new Map(allRules.map((rule) => [rule.id, rule]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
