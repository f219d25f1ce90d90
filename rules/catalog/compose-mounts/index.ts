import type { Rule } from '../../rule';
import dockerSocketMount from './docker-socket-mount';
import portBoundToAllInterfaces from './port-bound-to-all-interfaces';
import sensitiveHostMount from './sensitive-host-mount';
import sshPortExposed from './ssh-port-exposed';

/** The rules of this folder, in catalog order. */
export const RULES: readonly Rule[] = [dockerSocketMount, sensitiveHostMount, portBoundToAllInterfaces, sshPortExposed];
