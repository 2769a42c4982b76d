import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

/** s3rver's fixed credentials. */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** A real S3-protocol server (s3rver) on 127.0.0.1, port 0, with one empty bucket. */
export interface S3Server {
  /** `http://127.0.0.1:<port>`: use it path-style (`forcePathStyle: true`). */
  readonly endpoint: string;
  readonly bucket: string;
  /** Stops the server and removes its data directory. */
  close(): Promise<void>;
}

/** Starts s3rver with `bucket` configured, storing objects in a fresh temp directory. */
export async function startS3Server(bucket = 'harness-jobs'): Promise<S3Server> {
  const directory = await mkdtemp(join(tmpdir(), 'harness-s3-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
