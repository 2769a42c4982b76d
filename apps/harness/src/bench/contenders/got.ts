import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import got from 'got';
import type { Contender } from './contender.js';

/** The peer from a popular HTTP client: `got.stream` piped into a file. */
export const gotContender: Contender = {
  async prepare(dir) {
    return async ({ url, filename }) => {
      const file = path.join(dir, filename);
      await pipeline(got.stream(url), createWriteStream(file));
      return file;
    };
  },
};
