#!/usr/bin/env node
/**
 * Packs every publishable package and checks it the way a consumer would meet it:
 *   1. `npm pack`: the tarball holds built output, README, CHANGELOG, LICENSE and package.json only
 *      (README, CHANGELOG and LICENSE required);
 *   2. `publint --strict` and `attw --profile esm-only` on the tarball;
 *   3. `npm publish --dry-run`;
 *   4. a fresh temporary consumer project that already depends on the OLDEST versions our caret
 *      ranges allow (undici, p-retry, zod: the floor of each range) installs the three tarballs;
 *      `npm query` must find one copy of each, at that version (our ranges dedupe with an app's
 *      older patch instead of nesting a second copy); then it `require()`s each package (Node >=
 *      20.19 require(esm)), `import`s each and runs a retried loopback download and a template
 *      fill on those floor versions, and type-checks a strict `module: nodenext` TypeScript
 *      consumer that uses the main API of all three.
 * Exits non-zero on the first failure. Used by the `package-check` target inside `npm test`.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const PACKAGES = ['errors', 'templates', 'asset-manager'];
/** What a tarball may contain: everything else (sources, tests, configs) is a packaging bug. */
const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/.+\.(js|d\.ts)$/];
const FORBIDDEN = [/\.spec\./, /\.test\./, /(^|\/)test\//, /\.tsbuildinfo$/, /\.map$/];

const work = mkdtempSync(join(tmpdir(), 'ad-pipeline-package-check-'));
const run = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const step = (msg) => console.log(`• ${msg}`);

function fail(message, error) {
  console.error(`✖ ${message}`);
  if (error?.stdout) console.error(String(error.stdout));
  if (error?.stderr) console.error(String(error.stderr));
  process.exitCode = 1;
  throw new Error(message);
}

function pack(name) {
  const dir = join(root, 'packages', name);
  const [info] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], { cwd: dir }));
  const files = info.files.map((f) => f.path);
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)) || FORBIDDEN.some((re) => re.test(f)));
  if (stray.length > 0) fail(`${info.name}: unexpected files in the tarball: ${stray.join(', ')}`);
  if (!files.includes('dist/index.js') || !files.includes('dist/index.d.ts')) {
    fail(`${info.name}: the tarball has no dist/index.js + dist/index.d.ts (was it built?)`);
  }
  const missing = ['README.md', 'CHANGELOG.md', 'LICENSE'].filter((file) => !files.includes(file));
  if (missing.length > 0) fail(`${info.name}: the tarball lacks ${missing.join(', ')}`);
  step(`${info.name}@${info.version}: ${files.length} files, ${(info.size / 1024).toFixed(1)} kB packed`);
  return { name: info.name, dir, tarball: join(work, info.filename) };
}

function lint({ name, dir, tarball }) {
  try {
    run(bin('publint'), ['run', tarball, '--strict']);
    step(`${name}: publint --strict clean`);
  } catch (error) {
    fail(`${name}: publint reported problems`, error);
  }
  try {
    run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii', '--no-color']);
    step(`${name}: are-the-types-wrong (esm-only profile) clean`);
  } catch (error) {
    fail(`${name}: are-the-types-wrong reported problems`, error);
  }
  try {
    run('npm', ['publish', '--dry-run', '--ignore-scripts', '--tag', 'dry-run'], { cwd: dir });
    step(`${name}: npm publish --dry-run ok`);
  } catch (error) {
    fail(`${name}: npm publish --dry-run failed`, error);
  }
}

/** The lowest version each third-party runtime dependency range of our packages allows (`^x.y.z` → x.y.z). */
function dependencyFloors(packed) {
  const floors = {};
  for (const { dir } of packed) {
    const { dependencies = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const [name, range] of Object.entries(dependencies)) {
      if (name.startsWith('@ad-pipeline/')) continue;
      const floor = /^\^(\d+\.\d+\.\d+)$/.exec(range)?.[1];
      if (!floor) fail(`${dir}: dependency ${name}@${range} is not a caret range`);
      floors[name] = floor;
    }
  }
  return floors;
}

/** Fails unless the consumer holds exactly one copy of each floored dependency, at its floor. */
function assertDeduped(consumer, floors) {
  let found;
  try {
    found = JSON.parse(run('npm', ['query', Object.keys(floors).map((name) => `[name="${name}"]`).join(', ')], { cwd: consumer }));
  } catch (error) {
    fail('consumer: npm query failed', error);
  }
  for (const [name, floor] of Object.entries(floors)) {
    const copies = found.filter((node) => node.name === name);
    const where = copies.map((node) => `${node.location}@${node.version}`).join(', ');
    if (copies.length !== 1 || copies[0].version !== floor) {
      fail(`consumer: expected one ${name}@${floor} (the app's own), found ${copies.length}: ${where || 'none'}`);
    }
  }
  step(`consumer: one copy each, the app's older versions: ${Object.entries(floors).map(([n, v]) => `${n}@${v}`).join(', ')}`);
}

function consume(packed) {
  const consumer = join(work, 'consumer');
  cpSync(join(here, 'consumer'), consumer, { recursive: true });
  const floors = dependencyFloors(packed);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'ad-pipeline-consumer', private: true, version: '0.0.0', dependencies: floors }, null, 2),
  );
  try {
    // Dependencies come from the npm cache that `npm ci` filled; the registry only when missing.
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packed.map((p) => p.tarball)], {
      cwd: consumer,
    });
  } catch (error) {
    fail('consumer: npm install of the tarballs failed', error);
  }
  step(`consumer: installed ${packed.map((p) => relative(work, p.tarball)).join(', ')}`);
  assertDeduped(consumer, floors);
  for (const file of ['require.cjs', 'import.mjs']) {
    try {
      const out = run(process.execPath, [file], { cwd: consumer });
      step(`consumer: node ${file} → ${out.trim().split('\n').join(' | ')}`);
    } catch (error) {
      fail(`consumer: node ${file} failed`, error);
    }
  }
  const tsconfig = JSON.parse(readFileSync(join(consumer, 'tsconfig.json'), 'utf8'));
  tsconfig.compilerOptions.typeRoots = [join(root, 'node_modules', '@types')];
  writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  try {
    run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: consumer });
    step('consumer: strict nodenext TypeScript consumer type-checks');
  } catch (error) {
    fail('consumer: TypeScript consumer failed to type-check', error);
  }
}

try {
  const packed = PACKAGES.map(pack);
  packed.forEach(lint);
  consume(packed);
  console.log(`package-check: ${packed.length} packages packed, linted and consumed`);
} catch (error) {
  if (!process.exitCode) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
