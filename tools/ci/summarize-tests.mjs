#!/usr/bin/env node
/**
 * Reads the log of `npm test` and prints one closing line for the whole run,
 * `N passed, N failed, N skipped`, from every Jest project's `Tests:` summary (cache replays included).
 * Exits 1 when no test ran at all, so an empty run can never look green.
 */
import { readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';

const log = stripVTControlCharacters(readFileSync(process.argv[2] ?? 0, 'utf8'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let projects = 0;
for (const line of log.split('\n')) {
  const match = /^Tests:\s+(.*)$/.exec(line.trim());
  if (!match) continue;
  projects += 1;
  for (const part of match[1].split(',')) {
    const [, count, kind] = /(\d+)\s+(\w+)/.exec(part) ?? [];
    if (kind === 'passed' || kind === 'failed' || kind === 'skipped') totals[kind] += Number(count);
    if (kind === 'todo') totals.skipped += Number(count);
  }
}
console.log(`Jest projects reported: ${projects}`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (projects === 0) process.exitCode = 1;
