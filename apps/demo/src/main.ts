#!/usr/bin/env node
/** `npx nx run demo`: the Ad Pipeline Core foundation, end to end, offline. */
import { parseCli } from './cli.js';
import { EXIT_FAILURE, describeFailure } from './failure.js';
import { createHumanReporter } from './output/human-reporter.js';
import { createJsonReporter } from './output/json-reporter.js';
import { createColors, shouldUseColor } from './render/colors.js';
import { runDemo } from './run-demo.js';
import { findReportProblems } from './verify-report.js';

const parsed = parseCli(process.argv.slice(2), {
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
});

if ('exitCode' in parsed) {
  process.exitCode = parsed.exitCode;
} else {
  const { json, ...options } = parsed.run;
  const colors = createColors(!json && shouldUseColor(process.stdout));
  const progressBars = !json && process.stdout.isTTY === true;
  const reporter = json
    ? createJsonReporter()
    : createHumanReporter(process.stdout, { colors, progressBars });
  const controller = new AbortController();
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
      process.stdout.write(
        `${JSON.stringify({ ok: problems.length === 0, problems, ...report }, null, 2)}\n`,
      );
    } else if (problems.length === 0) {
      process.stdout.write(
        `\n${colors.green('✔')} Done in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    } else {
      process.stdout.write(
        `\n${colors.red('✖')} Finished with problems:\n${problems.map((problem) => `  - ${problem}\n`).join('')}`,
      );
    }
    process.exitCode = problems.length === 0 ? 0 : EXIT_FAILURE;
  } catch (thrown) {
    const { error, exitCode, lines } = describeFailure(thrown);
    if (json)
      process.stdout.write(`${JSON.stringify({ ok: false, error: error.toJSON() }, null, 2)}\n`);
    process.stderr.write(`${lines.join('\n')}\n`);
    process.exitCode = exitCode;
  }
}
