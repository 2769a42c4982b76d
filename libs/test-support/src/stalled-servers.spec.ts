import net from 'node:net';
import tls from 'node:tls';
import {
  LOCALHOST_CERT,
  LOCALHOST_TLS,
  startBacklogFullListener,
  startRawServer,
  startSilentServer,
} from './index.js';

/** Connects to `port` and resolves with what happened first: `connect` or a timeout after `ms`. */
function dial(
  port: number,
  ms: number,
): Promise<{ outcome: 'connected' | 'timeout'; socket: net.Socket }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const timer = setTimeout(() => resolve({ outcome: 'timeout', socket }), ms);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve({ outcome: 'connected', socket });
    });
  });
}

test('a raw server hands each socket to the caller, and close() destroys the open ones', async () => {
  const raw = await startRawServer((socket) => socket.write('HTTP/1.1 204 No Content\r\n\r\n'));
  const { socket } = await dial(raw.port, 2000);
  const first = await new Promise<string>((resolve) =>
    socket.once('data', (data: Buffer) => resolve(data.toString('latin1'))),
  );
  expect(first).toBe('HTTP/1.1 204 No Content\r\n\r\n');
  const ended = new Promise((resolve) => socket.once('close', resolve));
  await raw.close();
  await ended;
});

test('with `tls`, the raw server speaks TLS and hands over the decrypted socket', async () => {
  const raw = await startRawServer((socket) => socket.end('HTTP/1.1 204 No Content\r\n\r\n'), {
    tls: LOCALHOST_TLS,
  });
  try {
    const socket = tls.connect({
      port: raw.port,
      host: '127.0.0.1',
      servername: 'localhost',
      ca: LOCALHOST_CERT,
    });
    let text = '';
    socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
    await new Promise((resolve, reject) => socket.once('end', resolve).once('error', reject));
    expect(socket.authorized).toBe(true);
    expect(text).toBe('HTTP/1.1 204 No Content\r\n\r\n');
    socket.destroy();
  } finally {
    await raw.close();
  }
});

test('the silent server accepts and never answers; dropConnections ends the waiting client', async () => {
  const silent = await startSilentServer();
  try {
    const { outcome, socket } = await dial(silent.port, 2000);
    expect(outcome).toBe('connected');
    let received = 0;
    socket.on('data', (data: Buffer) => (received += data.length));
    socket.write('\x16\x03\x01 a TLS hello, say');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received).toBe(0);
    const ended = new Promise((resolve) => socket.once('close', resolve));
    silent.dropConnections();
    await ended;
  } finally {
    await silent.close();
  }
});

test('the backlog-full listener never completes a new connection', async () => {
  const stalled = await startBacklogFullListener();
  try {
    const { outcome, socket } = await dial(stalled.port, 500);
    socket.destroy();
    expect(outcome).toBe('timeout');
  } finally {
    await stalled.close();
  }
});
