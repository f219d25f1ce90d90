import type { Rule } from '../../rule';
import dockerDaemonTcpUnencrypted from './docker-daemon-tcp-unencrypted';
import dockerSocketMount from './docker-socket-mount';
import hostDeviceMapped from './host-device-mapped';
import mountPropagationShared from './mount-propagation-shared';
import portBoundToAllInterfaces from './port-bound-to-all-interfaces';
import sensitiveHostMount from './sensitive-host-mount';
import sshPortExposed from './ssh-port-exposed';
import tmpfsExec from './tmpfs-exec';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [
  dockerSocketMount,
  sensitiveHostMount,
  portBoundToAllInterfaces,
  sshPortExposed,
  dockerDaemonTcpUnencrypted,
  hostDeviceMapped,
  mountPropagationShared,
  tmpfsExec,
];
