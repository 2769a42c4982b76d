#!/usr/bin/env node
/**
 * Checks that the release `nx release` would cut is the one the changelogs describe: for every
 * publishable package, the version `nx release --dry-run` plans (from the version plans in
 * .nx/version-plans and the last release tag, or package.json before the first release) must be
 * the newest `## x.y.z` heading of its CHANGELOG.md. Prints one row per package; exits 1 on a
 * mismatch, so a release cannot ship a version its changelog does not describe (or a changelog
 * section no release delivers). Nothing is written: it is a dry run.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGES = ['errors', 'templates', 'asset-manager'];

let output;
try {
  output = execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'release', '--dry-run', '--skip-publish'],
    {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0', NX_NO_CLOUD: 'true' },
    },
  );
} catch (error) {
  console.error('✖ nx release --dry-run failed');
  console.error(String(error.stdout ?? ''), String(error.stderr ?? ''));
  process.exit(1);
}
const lines = stripVTControlCharacters(output).split('\n');

/** The version a project is at now and the one the dry run plans (the last "New version" line wins). */
function plannedVersion(project) {
  let current;
  let planned;
  for (const line of lines) {
    if (!line.startsWith(`${project} `)) continue;
    const now =
      /Resolved the current version as (\S+) from git tag/.exec(line) ??
      /Falling back to the version (\S+) in manifest/.exec(line);
    if (now) current = now[1];
    const next = /New version (\S+) written to manifest/.exec(line);
    if (next) planned = next[1];
  }
  return { current, planned: planned ?? current };
}

function changelogVersion(name) {
  const text = readFileSync(join(root, 'packages', name, 'CHANGELOG.md'), 'utf8');
  return /^##\s+(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)/m.exec(text)?.[1];
}

let mismatches = 0;
for (const name of PACKAGES) {
  const { current, planned } = plannedVersion(name);
  const documented = changelogVersion(name);
  const ok = planned !== undefined && planned === documented;
  if (!ok) mismatches += 1;
  console.log(
    `${ok ? '✔' : '✖'} ${name}: now ${current ?? '?'}, nx release plans ${planned ?? '?'}, CHANGELOG.md describes ${documented ?? 'no version'}`,
  );
}
if (mismatches > 0) {
  console.error(
    `release plan: ${mismatches} package(s) would be released with a version their CHANGELOG.md does not describe ` +
      '(add a version plan with `npx nx release plan`, or the missing "## x.y.z" section)',
  );
  process.exit(1);
}
console.log('release plan: every planned version matches its CHANGELOG.md');
