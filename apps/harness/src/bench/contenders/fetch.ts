import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import { benchError } from '../bench-error.js';
import type { Contender } from './contender.js';

/** The peer a developer writes first: the global `fetch` with `stream.pipeline` into a file. */
export const fetchContender: Contender = {
  async prepare(dir) {
    return async ({ url, filename }) => {
      const file = path.join(dir, filename);
      const response = await fetch(url);
      if (!response.ok || !response.body) throw benchError(`fetch ${url}: HTTP ${response.status}`);
      await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), createWriteStream(file));
      return file;
    };
  },
};
