import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { makeTempDir, type TempDir } from '../src/index.js';

// A loopback-only network namespace: a guard that fails open dials nothing outside this machine.
const NETNS_AVAILABLE = spawnSync('unshare', ['-n', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' }).status === 0;
const FIXTURE = join(__dirname, 'fixtures', 'ssrf-default-guard.mjs');

interface Report {
  hits: number;
  results: Record<string, { code?: string; reason?: string; saved?: string; message?: string }>;
}

// Needs `unshare -n` (root or user namespaces); the unit suite covers the same inputs with a dialler that refuses non-loopback addresses.
(NETNS_AVAILABLE ? describe : describe.skip)('SSRF guard with default options, in a loopback-only network namespace', () => {
  let temp: TempDir;
  beforeAll(async () => {
    temp = await makeTempDir('ssrf-netns');
  });
  afterAll(async () => {
    await temp.remove();
  });

  test('every non-public literal (loopback, IPv6 forms embedding IPv4, site-local, documentation, metadata) is INVALID_INPUT blocked-address, nothing is dialled', () => {
    const run = spawnSync(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$1" "$2"', process.execPath, FIXTURE, temp.path],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as Report;
    for (const [url, result] of Object.entries(report.results)) {
      expect({ url, ...result }).toMatchObject({ url, code: 'INVALID_INPUT', reason: 'blocked-address' });
    }
    expect(Object.keys(report.results)).toHaveLength(17);
    expect(report.hits).toBe(0);
  });
});
