#!/usr/bin/env node
/**
 * Sums the Jest summaries (`Tests:` and `Test Suites:` lines, cache replays included) found in
 * logs of `nx run-many` runs.
 *
 *   node tools/ci/summarize-tests.mjs [--label <text>] <log>...   (no log: stdin)
 *
 * Prints `Jest projects reported: N`; one `✕ <project> <suite file>` line per failed suite, each
 * followed by the first lines of Jest's report of every failed test in it (`  ● <describe › test> —
 * <message>`, or `  ● Test suite failed to run — <why>`), so that a failure seen once can be read
 * from the tail of CI's output; then, as the last line, `N passed, N failed, N skipped` (prefixed
 * with `<label>: ` when given). Exits 1 when no Jest project reported at all (an empty run never
 * looks green) or when a suite failed, even one that failed before any test ran.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

/** Totals of every Jest summary in `log`. */
export function summarize(log) {
  const totals = { passed: 0, failed: 0, skipped: 0, failedSuites: 0, projects: 0, failures: [] };
  // Only the end of CI's output is kept where it is read: the names of what failed are repeated
  // there, not left hundreds of lines above. Jest's `●` reports (printed in verbose and plain mode
  // alike, indented two spaces under their `FAIL` line) name each failed test; Jest's own "Summary
  // of all failing tests" repeats them, and lines outside a failed suite (console output, a
  // summary printed earlier by this script) are never taken for one.
  let suite; // the failed suite being read, until the next suite or summary
  let repeating = false; // inside Jest's "Summary of all failing tests"
  let report; // the `●` block being read: its title and first message lines
  const closeReport = () => {
    if (report) totals.failures.push(`  ● ${report.title} — ${report.lines.join(' / ').slice(0, 400)}`);
    report = undefined;
  };
  const closeSuite = () => {
    closeReport();
    suite = undefined;
  };
  for (const raw of stripVTControlCharacters(log).split('\n')) {
    const line = raw.trim();
    if (line === 'Summary of all failing tests') {
      closeSuite();
      repeating = true;
      continue;
    }
    if (/^(FAIL|PASS)\s|^Test Suites:|^Tests:/.test(line)) closeSuite();
    if (/^Test Suites:/.test(line)) repeating = false;
    const fail = repeating ? null : /^FAIL\s+(.*?)(?:\s+\(\d+(?:\.\d+)?\s*m?s\))?$/.exec(line);
    if (fail) {
      suite = fail[1].replace(/\s+/g, ' ');
      totals.failures.push(`✕ ${suite}`);
      continue;
    }
    const reportTitle = suite !== undefined ? /^ {2}● (.*)$/.exec(raw.trimEnd()) : null;
    if (reportTitle && reportTitle[1] !== 'Console') {
      closeReport();
      report = { title: reportTitle[1], lines: [] };
      continue;
    }
    if (report && line !== '') {
      if (report.lines.length < 3) report.lines.push(line);
      else closeReport();
    }
    const tests = /^Tests:\s+(.*)$/.exec(line);
    if (tests) {
      totals.projects += 1;
      for (const part of tests[1].split(',')) {
        const [, count, kind] = /(\d+)\s+(\w+)/.exec(part) ?? [];
        if (kind === 'passed' || kind === 'failed' || kind === 'skipped') totals[kind] += Number(count);
        if (kind === 'todo') totals.skipped += Number(count);
      }
    }
    const suites = /^Test Suites:\s+(\d+) failed/.exec(line);
    if (suites) totals.failedSuites += Number(suites[1]);
  }
  closeSuite();
  return totals;
}

/** The closing line: `N passed, N failed, N skipped`. */
export const closingLine = ({ passed, failed, skipped }) => `${passed} passed, ${failed} failed, ${skipped} skipped`;

/** Whether the totals describe a green run: something ran, nothing failed. */
export const isGreen = (totals) => totals.projects > 0 && totals.failed === 0 && totals.failedSuites === 0;

function main(argv) {
  let label;
  const files = [];
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--label') label = argv[++i];
    else files.push(argv[i]);
  }
  const logs = files.length > 0 ? files.map((file) => readFileSync(file, 'utf8')) : [readFileSync(0, 'utf8')];
  const totals = summarize(logs.join('\n'));
  console.log(`Jest projects reported: ${totals.projects}`);
  if (totals.failedSuites > 0) console.log(`Test suites failed: ${totals.failedSuites}`);
  for (const failure of totals.failures) console.log(failure);
  console.log(label ? `${label}: ${closingLine(totals)}` : closingLine(totals));
  if (!isGreen(totals)) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main(process.argv.slice(2));
