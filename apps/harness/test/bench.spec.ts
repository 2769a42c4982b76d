import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { makeTempDir, runNode, walkFiles, type TempDir } from '../src/index.js';

/**
 * The bench, as `nx run harness:bench --quick` runs it: the built `bench/main.js` in a child
 * process. This checks the shape of what it writes, never whether a target was met (timings are
 * the bench's business, not a test's).
 */

const harnessRoot = join(__dirname, '..');
// The harness's own build, as `nx run harness:bench` runs it. `e2e` depends on `build`, so under Nx
// this is up to date and the `tsc --build` below only checks that; run by hand (plain `npx jest`, or a
// stale `dist/`) it builds, type errors included, so the test never runs an old bench.
const benchMain = join(harnessRoot, 'dist', 'bench', 'main.js');

const SERVER_FIGURE_IDS = [
  'single_download_vs_curl',
  'single_download_vs_c_client',
  'single_download_sha256_vs_curl',
  'single_download_sha256_vs_c_client',
  'single_download_vs_fetch',
  'single_download_vs_got',
  'single_download_rss_growth',
  'single_download_vs_minimal_node',
  'minimal_node_vs_c_client',
  'minimal_node_vs_c_nonblocking',
  'fan_out_vs_curl_parallel',
  'fan_out_vs_minimal_node',
];
const LOOP_FIGURE_IDS = ['template_fills_per_second', 'pipeline_error_json_per_second'];

interface FigureJson {
  id: string;
  figure: string;
  unit: string;
  ours: unknown;
  peerName: unknown;
  peer: unknown;
  ratio: unknown;
  target: unknown;
  pass: unknown;
  samples: { ours: unknown[]; peer: unknown[] };
  note?: unknown;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

let temp: TempDir;
let run: Awaited<ReturnType<typeof runNode>>;
let results: { schemaVersion: unknown; quick: unknown; method: unknown; machine: Record<string, unknown>; figures: FigureJson[] };
const onPath = (binary: string, extraDirs: string[] = []) =>
  [...(process.env['PATH'] ?? '').split(':'), ...extraDirs].some((dir) => dir && existsSync(join(dir, binary)));
const curlInstalled = onPath('curl');
// The bench looks for nginx in the usual sbin directories too (see `findNginx`).
const nginxInstalled = onPath('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin', '/opt/homebrew/bin']);
const cc = process.env['CC'] || 'cc';
const ccInstalled = cc.includes('/') ? existsSync(cc) : onPath(cc);
// The hashing C client needs OpenSSL's headers and libcrypto: asked of the compiler as the bench asks it.
const libcryptoBuilds =
  ccInstalled &&
  spawnSync(cc, ['-x', 'c', '-o', '/dev/null', '-', '-lcrypto'], {
    input: '#include <openssl/evp.h>\nint main(void) { return EVP_sha256() == 0; }\n',
    stdio: ['pipe', 'ignore', 'ignore'],
  }).status === 0;
// nginx also serves HTTPS when openssl can make its certificate.
const opensslInstalled = onPath('openssl');
const FIGURE_IDS = [
  ...SERVER_FIGURE_IDS,
  ...(nginxInstalled ? SERVER_FIGURE_IDS.map((id) => `nginx_${id}`) : []),
  ...(nginxInstalled && opensslInstalled ? ['nginx_https_download_vs_curl'] : []),
  ...LOOP_FIGURE_IDS,
];
/** Rows whose peer cannot run on this machine: reported with a `skipped` note and no peer value. */
const isSkipped = (id: string) =>
  (!curlInstalled && id.includes('curl')) ||
  (!ccInstalled && id.includes('c_client')) ||
  // The non-blocking C client waits with epoll: Linux only.
  ((!ccInstalled || process.platform !== 'linux') && id.includes('c_nonblocking')) ||
  (!libcryptoBuilds && id.includes('sha256_vs_c_client'));

beforeAll(async () => {
  const build = await runNode([require.resolve('typescript/bin/tsc'), '--build', join(harnessRoot, 'tsconfig.app.json')], {
    timeoutMs: 120_000,
  });
  expect(build.stdout + build.stderr).toBe('');
  temp = await makeTempDir('bench');
  // The bench's cache and scratch directories go into `temp`, so the test can see what it leaves.
  run = await runNode([benchMain, '--quick', '--tmp-dir', temp.path, '--out', join(temp.path, 'results.json')], {
    cwd: harnessRoot,
    timeoutMs: 120_000,
  });
  if (run.code === 0) results = JSON.parse(await readFile(join(temp.path, 'results.json'), 'utf8'));
}, 240_000);

afterAll(async () => {
  await temp?.remove();
});

describe('harness:bench --quick', () => {
  test('exits 0 and prints the table on stdout', () => {
    if (run.code !== 0) throw new Error(`the bench exited with ${String(run.code ?? run.signal)}:\n${run.stderr}`);
    expect(run.stdout).toMatch(/^figure\s+ours\s+peer\s+ratio\s+target\s+result/);
    for (const figure of results.figures) expect(run.stdout).toContain(figure.figure);
  });

  test('writes a quick results file describing the machine and the method', () => {
    expect(results.schemaVersion).toBe(1);
    expect(results.quick).toBe(true);
    expect(typeof results.method).toBe('string');
    expect(results.machine).toMatchObject({ cpus: expect.any(Number), node: process.version });
  });

  test('has every figure, each with numeric values', () => {
    expect(results.figures.map((figure) => figure.id)).toEqual(FIGURE_IDS);
    for (const figure of results.figures) {
      expect(isNumber(figure.ours)).toBe(true);
      expect(figure.samples.ours.length).toBeGreaterThan(0);
      expect(figure.samples.ours.every(isNumber)).toBe(true);
      expect(typeof figure.peerName).toBe('string');
      const skipped = isSkipped(figure.id);
      if (skipped) {
        expect(figure.peer).toBeNull();
        expect(figure.note).toMatch(/skipped/);
      } else {
        expect(isNumber(figure.peer)).toBe(true);
        // A peer value of 0 (fetch's RSS growth on a 32 MiB quick run, seen on Node 24) has no ratio.
        if (figure.peer === 0) expect(figure.ratio).toBeNull();
        else expect(figure.ratio).toBeCloseTo((figure.ours as number) / (figure.peer as number), 6);
        expect(figure.samples.peer.every(isNumber)).toBe(true);
      }
      // A verdict is reported for every target that could be measured, but its value is not a test's business.
      if (figure.target === null) expect(figure.pass).toBeNull();
      else if (!skipped) expect(typeof figure.pass).toBe('boolean');
    }
  });

  test('times are positive and throughputs are operations per second', () => {
    for (const figure of results.figures) {
      if (figure.unit === 's' || figure.unit === 'ops/s') expect(figure.ours as number).toBeGreaterThan(0);
    }
  });

  test('leaves only its cache and the results file behind', async () => {
    const left = (await readdir(temp.path)).sort();
    expect(left).toEqual(['ad-pipeline-bench', 'results.json']);
    const cached = (await walkFiles(join(temp.path, 'ad-pipeline-bench'))).map((file) => relative(temp.path, file));
    expect(cached.every((file) => file.endsWith('.bin') || file.endsWith('manifest.json'))).toBe(true);
  });
});
