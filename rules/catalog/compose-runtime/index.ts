import type { Rule } from '../../rule';
import dangerousCapAdd from './dangerous-cap-add';
import noNewPrivilegesMissing from './no-new-privileges-missing';
import privileged from './privileged';
import securityProfileDisabled from './security-profile-disabled';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [privileged, dangerousCapAdd, noNewPrivilegesMissing, securityProfileDisabled];
