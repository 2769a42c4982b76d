import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, runNode, type TempDir } from '../src/index.js';

// What a process pays for `import '@ad-pipeline/asset-manager'`: the container parsers load on the
// first `probeMedia` only (with them the import took ~0.1 s longer on 2 cores, measured).
const PARSERS = ['file-type', 'mp4box', 'music-metadata', 'image-size', 'strtok3'];
const IMPORTED = 'IMPORTED';
const harnessDir = join(__dirname, '..');

let temp: TempDir;
beforeEach(async () => {
  temp = await makeTempDir('startup-imports');
});
afterEach(() => temp.remove());

/** The packages under `node_modules` among loaded module URLs. */
function packagesIn(urls: string[]): Set<string> {
  const names = urls.map((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1]);
  return new Set(names.filter((name): name is string => name !== undefined));
}

test('importing asset-manager loads no container parser; the first probe loads them', async () => {
  const loads = join(temp.path, 'loads.txt');
  const script = [
    "import { appendFileSync } from 'node:fs';",
    "const { probeMedia } = await import('@ad-pipeline/asset-manager');",
    `appendFileSync(process.env.LOADS_FILE, '${IMPORTED}\\n');`,
    'await probeMedia(process.env.PROBE_FILE);',
  ].join('\n');
  const run = await runNode(['--import', join(__dirname, 'fixtures', 'record-loads-hook.mjs'), '--input-type=module', '-e', script], {
    cwd: harnessDir,
    env: { LOADS_FILE: loads, PROBE_FILE: join(__dirname, 'fixtures', 'consumer.mjs') },
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const lines = (await readFile(loads, 'utf8')).trim().split('\n');
  const marker = lines.indexOf(IMPORTED);
  expect(marker).toBeGreaterThan(0);
  const atImport = packagesIn(lines.slice(0, marker));
  const atProbe = packagesIn(lines.slice(marker + 1));
  // The hook sees packages: undici is loaded at import (every download needs it).
  expect(atImport).toContain('undici');
  for (const parser of PARSERS) {
    expect({ parser, loadedAtImport: atImport.has(parser) }).toEqual({ parser, loadedAtImport: false });
    expect({ parser, loadedAtProbe: atProbe.has(parser) }).toEqual({ parser, loadedAtProbe: true });
  }
});
