import type { Socket } from 'node:net';

// An interim (1xx) response head and its blank line; 101 is left alone (a protocol switch is never
// ours to skip). 102/103 undici would survive, but dropping them keeps one rule for every 1xx.
const INTERIM_HEAD = /^HTTP\/1\.[01] 1(?!01)\d\d[^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n/;
const INTERIM_STATUS = /^HTTP\/1\.[01] 1(?!01)\d\d/;
// What an interim status line looks like, character class by character class, to judge a prefix.
const INTERIM_TEMPLATE = [
  'H',
  'T',
  'T',
  'P',
  '/',
  '1',
  '.',
  '01',
  ' ',
  '1',
  '0123456789',
  '0123456789',
];

/**
 * Drops unsolicited interim (1xx, but 101) responses from a client socket before undici's parser
 * reads them. RFC 9110 §15.2: a client must parse and ignore a 1xx it did not expect; undici 7
 * instead destroys the socket on any `100 Continue` (`UND_ERR_SOCKET` "bad response", every
 * attempt). Only the start of a response is inspected (after each request write, until the first
 * bytes that are not an interim head), so bodies pass through untouched.
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
      const head = INTERIM_HEAD.exec(text);
      if (head) {
        const rest = (held as Buffer).subarray(head[0].length);
        held = rest.length === 0 ? undefined : rest;
        continue;
      }
      if (mayStillBeInterim(text) && chunk !== null) continue;
      if (mayStillBeInterim(text)) return null;
      atResponseStart = false;
      const out = held as Buffer;
      held = undefined;
      return out;
    }
  }) as typeof socket.read;
}

/** Whether `text` could still turn out to be an interim head once more bytes arrive. */
function mayStillBeInterim(text: string): boolean {
  if (text.length < INTERIM_TEMPLATE.length) {
    return [...text].every((char, index) => (INTERIM_TEMPLATE[index] as string).includes(char));
  }
  return INTERIM_STATUS.test(text) && !text.includes('\r\n\r\n');
}
