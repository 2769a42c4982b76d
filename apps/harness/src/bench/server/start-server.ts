import { fork } from 'node:child_process';
import { once } from 'node:events';

/** A running bench file server (a separate process). */
export interface FileServer {
  /** `http://127.0.0.1:<port>` with no trailing slash. */
  origin: string;
  /** `https://localhost:<port>` serving the same files, when the server was started with a certificate. */
  secureOrigin?: string;
  /** Stop the server process and wait for it to exit. */
  stop(): Promise<void>;
}

/** Start the file server in its own process, serving `root`, and wait until it listens. */
export async function startFileServer(root: string): Promise<FileServer> {
  const child = fork(new URL('./server-main.js', import.meta.url), [root], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit');
  const [message] = (await Promise.race([
    once(child, 'message'),
    exited.then(([code]) => {
      throw new Error(`bench file server exited early with code ${String(code)}`);
    }),
  ])) as [{ port: number }];
  return {
    origin: `http://127.0.0.1:${message.port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      await exited;
    },
  };
}
