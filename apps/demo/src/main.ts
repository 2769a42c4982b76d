#!/usr/bin/env node
/** `npx nx run demo`: the Ad Pipeline Core foundation, end to end, offline. */
import { parseCli, wantsJson } from './cli.js';
import { EXIT_FAILURE, describeFailure } from './failure.js';
import { closableOutput } from './output/closable-output.js';
import { createHumanReporter } from './output/human-reporter.js';
import { createJsonReporter } from './output/json-reporter.js';
import { createColors, shouldUseColor } from './render/colors.js';
import { supportsCursorControl } from './render/progress.js';
import { findReportProblems } from './verify-report.js';

const controller = new AbortController();
// `demo | head`: once the reader is gone, stop the run (the job is still cleaned up) and end quietly.
const stdout = closableOutput(process.stdout, () => controller.abort());
const stderr = closableOutput(process.stderr, () => undefined);
const args = process.argv.slice(2);

const parsed = parseCli(args, {
  writeOut: (text) => stdout.write(text),
  writeErr: (text) => stderr.write(text),
});

if ('exitCode' in parsed) {
  // --json promises one JSON document on stdout, usage errors included.
  if (parsed.error !== undefined && wantsJson(args)) {
    stdout.write(`${JSON.stringify({ ok: false, error: parsed.error.toJSON() }, null, 2)}\n`);
  }
  process.exitCode = parsed.exitCode;
} else {
  const { json, ...options } = parsed.run;
  const colors = createColors(!json && shouldUseColor(process.stdout));
  const progressBars = !json && supportsCursorControl(process.stdout);
  const reporter = json ? createJsonReporter() : createHumanReporter(stdout, { colors, progressBars });
  // Loaded only for a run: `--help` and unknown options do not pay for the packages' start-up. Outside
  // the `try`: a package that fails to load is Node's own error (ERR_MODULE_NOT_FOUND and its path),
  // not a pipeline failure.
  const { runDemo } = await import('./run-demo.js');
  process.once('SIGINT', () => controller.abort());
  const started = performance.now();
  try {
    // Live bars get a slower server so they visibly move; logs and --json get the files at once.
    const report = await runDemo(
      { ...options, signal: controller.signal, chunkDelayMs: progressBars ? 20 : 1 },
      reporter,
    );
    const problems = findReportProblems(report);
    if (json) {
      stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems, ...report }, null, 2)}\n`);
    } else if (problems.length === 0) {
      stdout.write(
        `\n${colors.green('✔')} Done in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    } else {
      stdout.write(
        `\n${colors.red('✖')} Finished with problems:\n${problems.map((problem) => `  - ${problem}\n`).join('')}`,
      );
    }
    process.exitCode = problems.length === 0 || stdout.closed ? 0 : EXIT_FAILURE;
  } catch (thrown) {
    if (stdout.closed) {
      // The reader closed the pipe: the run was stopped on purpose and cleaned up; nothing to report.
      process.exitCode = 0;
    } else {
      const { error, exitCode, lines } = describeFailure(thrown);
      if (json) stdout.write(`${JSON.stringify({ ok: false, error: error.toJSON() }, null, 2)}\n`);
      stderr.write(`${lines.join('\n')}\n`);
      process.exitCode = exitCode;
    }
  }
}
