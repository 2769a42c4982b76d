import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { S3Client, CreateBucketCommand, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { makeTempDir, removeDir } from '../helpers.js';

// The SDK's Node-version notice (the first name for older SDK releases, the second for 3.11xx) would otherwise land in every test's output.
process.env['AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE'] = '1';
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** What the proxy does to a request a fault rule matched. */
export type FaultAction =
  /** Answer `503 SlowDown` (S3's throttling answer) without forwarding. */
  | { kind: 'slow-down' }
  /** Answer `403 AccessDenied` without forwarding. */
  | { kind: 'access-denied' }
  /** Read `afterBytes` of the request body, then reset the connection. */
  | { kind: 'reset'; afterBytes: number }
  /** Run `before` (e.g. change a file mid-upload), then forward the request as usual. */
  | { kind: 'hook'; before: () => Promise<void> };

/** A fault applied to the next `times` requests that `match`. */
export interface FaultRule {
  match: (request: { method: string; path: string; query: URLSearchParams }) => boolean;
  action: FaultAction;
  times: number;
}

/** One request the proxy saw. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The fault applied, if any. */
  fault?: FaultAction['kind'];
}

/** A real s3rver on 127.0.0.1 port 0 and a fault-injecting proxy in front of it. */
export interface S3TestServer {
  /** The s3rver endpoint (no faults). */
  directEndpoint: string;
  /** The proxy endpoint (faults applied). */
  endpoint: string;
  bucket: string;
  /** Requests the proxy saw, in order. */
  seen: SeenRequest[];
  /** Most PUT requests in flight at once since the last `reset()`. */
  readonly maxPutsInFlight: number;
  /** Adds a fault rule (first matching rule with `times` left wins). */
  inject(rule: FaultRule): void;
  /** Removes every rule and forgets the seen requests. */
  reset(): void;
  /** A path-style client for the proxy (default) or the server itself, with `config` on top. */
  client(config?: S3ClientConfig & { direct?: boolean }): S3Client;
  close(): Promise<void>;
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/xml', connection: 'close' });
  response.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`);
}

/** Starts s3rver in a temp directory, creates `bucket`, and a proxy in front of it. */
export async function startS3Server(bucket = 'jobs-bucket'): Promise<S3TestServer> {
  const dir = await makeTempDir();
  const s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await s3rver.run();
  const directEndpoint = `http://127.0.0.1:${port}`;
  const rules: FaultRule[] = [];
  const seen: SeenRequest[] = [];
  const clients: S3Client[] = [];
  let putsInFlight = 0;
  let maxPutsInFlight = 0;

  const proxy = http.createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://proxy');
    const entry: SeenRequest = { method: request.method ?? 'GET', path: url.pathname, query: url.searchParams };
    seen.push(entry);
    if (entry.method === 'PUT') {
      putsInFlight += 1;
      maxPutsInFlight = Math.max(maxPutsInFlight, putsInFlight);
      response.once('close', () => (putsInFlight -= 1));
    }
    const rule = rules.find((candidate) => candidate.times > 0 && candidate.match(entry));
    if (rule !== undefined && rule.action.kind === 'hook') {
      rule.times -= 1;
      entry.fault = 'hook';
      request.pause();
      void rule.action.before().then(() => forward(request, response));
      return;
    }
    if (rule !== undefined) {
      rule.times -= 1;
      entry.fault = rule.action.kind;
      const { action } = rule;
      if (action.kind === 'slow-down') {
        request.resume();
        s3Error(response, 503, 'SlowDown', 'Please reduce your request rate.');
      } else if (action.kind === 'access-denied') {
        request.resume();
        s3Error(response, 403, 'AccessDenied', 'Access Denied');
      } else if (action.kind === 'reset') {
        let received = 0;
        request.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received >= action.afterBytes) request.socket.resetAndDestroy();
        });
        request.on('end', () => request.socket.resetAndDestroy());
      }
      return;
    }
    forward(request, response);
  });
  function forward(request: IncomingMessage, response: ServerResponse): void {
    const upstream = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers: request.headers },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const client = ({ direct = false, ...config }: S3ClientConfig & { direct?: boolean } = {}): S3Client => {
    const made = new S3Client({
      endpoint: direct ? directEndpoint : endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
      ...config,
    });
    clients.push(made);
    return made;
  };
  await client({ direct: true }).send(new CreateBucketCommand({ Bucket: bucket }));

  return {
    directEndpoint,
    endpoint,
    bucket,
    seen,
    get maxPutsInFlight() {
      return maxPutsInFlight;
    },
    inject: (rule) => rules.push(rule),
    reset: () => {
      rules.length = 0;
      seen.length = 0;
      maxPutsInFlight = 0;
    },
    client,
    close: async () => {
      for (const made of clients) made.destroy();
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await s3rver.close();
      await removeDir(dir);
    },
  };
}
