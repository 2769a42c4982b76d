import type { Socket } from 'node:net';

// `HTTP/1.1 100 Continue` and its blank line; other 1xx (102, 103) undici already skips itself.
const CONTINUE_HEAD = /^HTTP\/1\.[01] 100[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/;
const CONTINUE_PREFIXES = ['HTTP/1.1 100', 'HTTP/1.0 100'] as const;

/**
 * Drops unsolicited `100 Continue` interim responses from a client socket before undici's parser
 * reads them. RFC 9110 §15.2: a client must parse and ignore a 1xx it did not expect; undici 7
 * instead destroys the socket on any 100 (`UND_ERR_SOCKET` "bad response", every attempt). Only
 * the start of a response is inspected (after each request write, until the first byte that is
 * not a 100), so bodies pass through untouched.
 */
export function skipUnsolicitedContinue(socket: Socket): void {
  const read = socket.read.bind(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  let atResponseStart = false;
  let held: Buffer | undefined;

  socket.write = ((...args: unknown[]) => {
    // With one request in flight per connection (undici's default), a write starts a new exchange.
    atResponseStart = true;
    return write(...args);
  }) as typeof socket.write;

  socket.read = ((size?: number) => {
    if (size === 0) return read(0);
    if (!atResponseStart) {
      if (held === undefined) return read(size);
      const out = held;
      held = undefined;
      return out;
    }
    for (;;) {
      const chunk = read() as Buffer | null;
      if (chunk === null && held === undefined) return null;
      if (chunk !== null) held = held === undefined ? chunk : Buffer.concat([held, chunk]);
      const text = (held as Buffer).toString(
        'latin1',
        0,
        Math.min((held as Buffer).length, 16 * 1024),
      );
      const head = CONTINUE_HEAD.exec(text);
      if (head) {
        const rest = (held as Buffer).subarray(head[0].length);
        held = rest.length === 0 ? undefined : rest;
        continue;
      }
      if (mayStillBeContinue(text) && chunk !== null) continue;
      if (mayStillBeContinue(text)) return null;
      atResponseStart = false;
      const out = held as Buffer;
      held = undefined;
      return out;
    }
  }) as typeof socket.read;
}

/** Whether `text` could still turn out to be a 100 head once more bytes arrive. */
function mayStillBeContinue(text: string): boolean {
  if (text.length < CONTINUE_PREFIXES[0].length)
    return CONTINUE_PREFIXES.some((prefix) => prefix.startsWith(text));
  return CONTINUE_PREFIXES.some((prefix) => text.startsWith(prefix)) && !text.includes('\r\n\r\n');
}
