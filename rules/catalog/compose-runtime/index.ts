import type { Rule } from '../../rule';
import cpuLimitMissing from './cpu-limit-missing';
import dangerousCapAdd from './dangerous-cap-add';
import hostNamespace from './host-namespace';
import loggingDisabled from './logging-disabled';
import memoryLimitMissing from './memory-limit-missing';
import noNewPrivilegesMissing from './no-new-privileges-missing';
import pidsLimitMissing from './pids-limit-missing';
import privileged from './privileged';
import securityProfileDisabled from './security-profile-disabled';
import writableRootFilesystem from './writable-root-filesystem';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [
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
];
