#!/usr/bin/env node
/**
 * `npm test`: every check of the workspace through Nx, then one closing line summed over every
 * Jest project of the run (cache replays included): `N passed, N failed, N skipped`.
 *
 *   node tools/ci/run-tests.mjs [--affected] [extra nx arguments, e.g. -p errors]
 *
 * `--affected` runs `nx affected` instead of `nx run-many` (base from NX_BASE or main). Output
 * streams through as Nx prints it. Exits non-zero when Nx failed, when a test or suite failed, or
 * (full runs only: an affected run may rightly have nothing to test) when no Jest project reported.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closingLine, isGreen, summarize } from './summarize-tests.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TARGETS = 'lint,typecheck,build,test,e2e,package-check';

const affected = process.argv[2] === '--affected';
const extra = process.argv.slice(affected ? 3 : 2);
const args = [affected ? 'affected' : 'run-many', '-t', TARGETS, '--outputStyle=static', ...extra];
const child = spawn(process.execPath, [join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
  cwd: root,
  stdio: ['inherit', 'pipe', 'pipe'],
  env: { NX_DAEMON: 'false', NX_TUI: 'false', ...process.env },
});
const chunks = [];
child.stdout.on('data', (chunk) => {
  chunks.push(chunk);
  process.stdout.write(chunk);
});
child.stderr.on('data', (chunk) => {
  chunks.push(chunk);
  process.stderr.write(chunk);
});
const stop = (signal) => child.kill(signal);
process.on('SIGINT', stop).on('SIGTERM', stop);

child.on('close', (code, signal) => {
  const totals = summarize(Buffer.concat(chunks).toString('utf8'));
  console.log(`\nJest projects reported: ${totals.projects}`);
  if (totals.failedSuites > 0) console.log(`Test suites failed: ${totals.failedSuites}`);
  for (const failure of totals.failures) console.log(failure);
  console.log(closingLine(totals));
  const green = isGreen(totals) || (affected && totals.projects === 0);
  process.exitCode = code === 0 && signal === null && green ? 0 : code || 1;
});
