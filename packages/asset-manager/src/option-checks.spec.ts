import { readdir } from 'node:fs/promises';
import { ErrorCode } from '@ad-pipeline/errors';
import { makeTempDir, rejectsWith, removeDir } from '../test/helpers.js';
import { AssetManager } from './asset-manager.js';

let baseDir: string;
let manager: AssetManager;

beforeEach(async () => {
  baseDir = await makeTempDir();
  manager = new AssetManager('job-1', { baseDir, blockPrivateNetworks: false });
});
afterEach(async () => {
  await removeDir(baseDir);
});

const url = 'http://127.0.0.1:9/never-dialled.bin';

// One validator for every method: the same field breaks the same rule with the same message,
// whichever method received it, and nothing is created on disk.
const cases: Array<[string, string, (job: AssetManager) => Promise<unknown>]> = [
  [
    'maxBytes',
    'must be an integer >= 0',
    (job) => job.saveFile('x', 'a.txt', undefined, { maxBytes: -1 }),
  ],
  [
    'maxBytes',
    'must be an integer >= 0',
    (job) => job.downloadFile(url, 'a.bin', undefined, { maxBytes: -1 }),
  ],
  [
    'maxBytes',
    'must be an integer >= 0',
    (job) => job.downloadWithRetry(url, 'a.bin', undefined, { maxBytes: 1.5 }),
  ],
  [
    'minSize',
    'must be an integer >= 0',
    (job) => job.validateFile('a.bin', undefined, { minSize: -1 }),
  ],
  [
    'kind',
    "must be 'video', 'audio' or 'image'",
    (job) => job.saveFile('x', 'a.txt', undefined, { kind: 'text' as never }),
  ],
  [
    'kind',
    "must be 'video', 'audio' or 'image'",
    (job) => job.downloadFile(url, 'a.bin', undefined, { kind: 'text' as never }),
  ],
  [
    'kind',
    "must be 'video', 'audio' or 'image'",
    (job) => job.validateFile('a.bin', undefined, { kind: 'text' as never }),
  ],
  ['options', 'must be an object', (job) => job.saveFile('x', 'a.txt', undefined, null as never)],
  [
    'options',
    'must be an object',
    (job) => job.downloadFile(url, 'a.bin', undefined, null as never),
  ],
  [
    'timeoutMs',
    'must be an integer from 1 to 2147483647',
    (job) => job.downloadFile(url, 'a.bin', undefined, { timeoutMs: 0 }),
  ],
  [
    'retries',
    'must be an integer from 0 to 100',
    (job) => job.downloadWithRetry(url, 'a.bin', undefined, { retries: -1 }),
  ],
  [
    'concurrency',
    'must be an integer from 1 to 10000',
    (job) => job.downloadMany([], { concurrency: 0 }),
  ],
  ['retry', 'must be a boolean', (job) => job.downloadMany([], { retry: 'yes' as never })],
  [
    'sha256',
    'must be 64 hexadecimal characters',
    (job) => job.downloadFile(url, 'a.bin', undefined, { sha256: 'abc' }),
  ],
];

describe('option validation: one validator, one message per rule', () => {
  it.each(cases)('%s %s', async (field, rule, call) => {
    const error = await rejectsWith(call(manager), ErrorCode.INVALID_INPUT);
    expect(error.message).toBe(`Invalid option ${field}: ${rule}`);
    expect(error.details).toMatchObject({ field });
    expect(await readdir(baseDir)).toEqual([]);
  });
});
