import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { benchError } from '../bench-error.js';
import type { FileServer } from './start-server.js';

/** Where distributions install nginx when `sbin` is not on `PATH` (it often is not for non-root users). */
const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', '/opt/homebrew/bin'];

/** The nginx binary on `PATH` or in a usual `sbin`, or `undefined` when nginx is not installed. */
export function findNginx(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  return dirs.map((dir) => path.join(dir, 'nginx')).find((candidate) => existsSync(candidate));
}

/** A free TCP port on 127.0.0.1 (nginx has no "port 0": ask the kernel for one, then hand it over). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address !== 'object') throw benchError('no free port for nginx');
  return address.port;
}

/** A certificate and key (PEM files) for an HTTPS listener on `localhost`. */
export interface TlsFiles {
  cert: string;
  key: string;
}

/**
 * A minimal static-file configuration: one worker, sendfile, no logs but errors, everything under
 * `prefix`; with `tls`, the same files over HTTPS on `securePort` too.
 */
function nginxConfig(root: string, prefix: string, port: number, tls?: TlsFiles & { securePort: number }): string {
  const temp = (name: string) => path.join(prefix, name);
  // Under root, nginx's workers would run as `nobody` and may not read a private temp dir.
  const user = process.getuid?.() === 0 ? 'user root root;\n' : '';
  return `${user}worker_processes 1;
daemon off;
pid ${temp('nginx.pid')};
error_log ${temp('error.log')} error;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  types { }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:${port};
    root ${root};
  }
${
  tls
    ? `  server {
    listen 127.0.0.1:${tls.securePort} ssl;
    ssl_certificate ${tls.cert};
    ssl_certificate_key ${tls.key};
    root ${root};
  }
`
    : ''
}}
`;
}

/**
 * Start the system nginx serving `root` on a free 127.0.0.1 port (and, with `tls`, over HTTPS on a
 * second one: `secureOrigin`), with its configuration, pid and
 * temp files under `prefix` (a fresh directory); `stop()` ends it (SIGQUIT, then SIGKILL) and waits.
 */
export async function startNginx(binary: string, root: string, prefix: string, tls?: TlsFiles): Promise<FileServer> {
  await mkdir(prefix, { recursive: true });
  const port = await freePort();
  const securePort = tls ? await freePort() : undefined;
  const configFile = path.join(prefix, 'nginx.conf');
  await writeFile(configFile, nginxConfig(path.resolve(root), prefix, port, tls && securePort ? { ...tls, securePort } : undefined));
  const child = spawn(binary, ['-p', prefix, '-c', configFile, '-e', path.join(prefix, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const secureOrigin = securePort === undefined ? undefined : `https://localhost:${securePort}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGQUIT');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  // Ready when it answers; fail if it exits first or never does.
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw benchError(`nginx exited with ${child.exitCode}: ${stderr.trim()}`);
    const ok = await fetch(`${origin}/`, { method: 'HEAD' }).then(
      () => true,
      () => false,
    );
    if (ok) return { origin, ...(secureOrigin ? { secureOrigin } : {}), stop };
    await delay(50);
  }
  await stop();
  throw benchError(`nginx did not answer on ${origin}: ${stderr.trim()}`);
}
