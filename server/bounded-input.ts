import { Transform, type TransformCallback } from 'node:stream';

/** The largest LSP message accepted: a 4 MB document, JSON-escaped, is well under it. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A message's header is a line or two (`Content-Length`, `Content-Type`). */
const MAX_HEADER_BYTES = 8 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

/**
 * The client's byte stream, passed through unchanged while every message's `Content-Length` stays
 * within MAX_MESSAGE_BYTES (and its header within a few KB). The LSP reader buffers a message whole
 * before parsing it: a header announcing gigabytes would make it hold whatever follows. Past the
 * bound the stream fails, and the server ends, rather than buffer.
 */
export function boundedMessages(): Transform {
  let header = Buffer.alloc(0);
  let bodyLeft = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      let rest = chunk;
      while (rest.length > 0) {
        if (bodyLeft > 0) {
          const taken = Math.min(bodyLeft, rest.length);
          bodyLeft -= taken;
          rest = rest.subarray(taken);
          continue;
        }
        header = Buffer.concat([header, rest]);
        const end = header.indexOf(HEADER_END);
        if (end < 0) {
          if (header.length > MAX_HEADER_BYTES) return done(new Error(`a message header is longer than ${MAX_HEADER_BYTES} bytes`));
          rest = Buffer.alloc(0);
          continue;
        }
        const length = /^content-length:\s*(\d+)\s*$/im.exec(header.subarray(0, end).toString('ascii'))?.[1];
        if (length !== undefined && Number(length) > MAX_MESSAGE_BYTES) return done(new Error(`a message of ${length} bytes is over the ${MAX_MESSAGE_BYTES} bytes the server accepts`));
        bodyLeft = Number(length ?? 0);
        rest = header.subarray(end + HEADER_END.length);
        header = Buffer.alloc(0);
      }
      done(null, chunk);
    },
  });
}
