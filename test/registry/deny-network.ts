/**
 * Loaded with `node --require` into a Bulwark process: every socket connection it tries is
 * written to the file named by BULWARK_NETWORK_LOG (the test reads it), and refused.
 */
import { appendFileSync } from 'node:fs';
import { Socket } from 'node:net';

const connect = Socket.prototype.connect;
Socket.prototype.connect = function (this: Socket, ...args: unknown[]) {
  appendFileSync(process.env.BULWARK_NETWORK_LOG as string, `${JSON.stringify(args[0])}\n`);
  return (connect as (...a: unknown[]) => Socket).apply(this, args);
} as typeof Socket.prototype.connect;
