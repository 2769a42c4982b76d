import path from 'node:path';
import { runProcess } from '../run-process.js';
import type { TlsFiles } from './start-nginx.js';

/**
 * A throw-away self-signed certificate for `localhost` (P-256, one day) and its key, written into
 * `dir` by the system `openssl`; or why there is none (openssl missing or failing). The bench's
 * HTTPS rows trust it explicitly (`NODE_EXTRA_CA_CERTS`, `curl --cacert`), never system-wide.
 */
export async function createSelfSignedCert(dir: string): Promise<TlsFiles | { skipped: string }> {
  const cert = path.join(dir, 'localhost-cert.pem');
  const key = path.join(dir, 'localhost-key.pem');
  try {
    await runProcess('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost',
    ]);
    return { cert, key };
  } catch (error) {
    return { skipped: `skipped: no certificate for the HTTPS rows (openssl: ${(error as Error).message.split('\n')[0]})` };
  }
}
