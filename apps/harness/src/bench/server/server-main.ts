/**
 * The bench file server process: `node server-main.js <root>` serves `<root>` on 127.0.0.1
 * (port 0) and sends `{ port }` to its parent over IPC. It exits when the parent disconnects.
 */
import { createServer } from 'node:http';
import { createFileHandler } from './file-handler.js';

const root = process.argv[2];
if (!root || !process.send) {
  console.error('usage: node server-main.js <root> (spawned with an IPC channel)');
  process.exit(2);
}

const server = createServer(createFileHandler(root));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') process.send?.({ port: address.port });
});

process.on('disconnect', () => {
  server.close();
  server.closeAllConnections();
});
