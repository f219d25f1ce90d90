import type { Rule } from '../../rule';
import daemonFlagConflict from './daemon-flag-conflict';
import daemonIccEnabled from './daemon-icc-enabled';
import daemonInsecureRegistry from './daemon-insecure-registry';
import daemonNoNewPrivilegesMissing from './daemon-no-new-privileges-missing';
import daemonUnknownKey from './daemon-unknown-key';
import daemonUsernsRemapMissing from './daemon-userns-remap-missing';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [daemonInsecureRegistry, daemonIccEnabled, daemonUsernsRemapMissing, daemonNoNewPrivilegesMissing, daemonUnknownKey, daemonFlagConflict];
