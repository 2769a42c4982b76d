import { Command, CommanderError } from 'commander';
import { ValidationError } from '@ad-pipeline/errors';
import { getAvailableStyles } from '@ad-pipeline/templates';

/** The parsed flags. */
export interface CliOptions {
  readonly style: string;
  readonly product: string;
  readonly cta: string;
  readonly keep: boolean;
  readonly json: boolean;
  readonly baseDir?: string;
}

/** What to do after parsing: run the demo, or exit (after `--help`, `--version` or a usage error). */
export type CliParse =
  | { readonly run: CliOptions }
  | {
      readonly exitCode: number;
      /** The usage error (`INVALID_INPUT`, commander's message); absent after `--help`/`--version`. */
      readonly error?: ValidationError;
    };

/** Where commander writes help and usage errors. */
export interface CliOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

/** Exit code of bad input: usage errors and invalid flag values (as `sysexits`-style tools and shells do). */
export const EXIT_BAD_INPUT = 2;

/** The commander program of the demo (flags, defaults, help). */
export function createProgram(output: CliOutput): Command {
  return new Command('demo')
    .description(
      'Ad Pipeline Core, end to end and offline: templates, cost, a local media server, downloads, failures, cleanup.',
    )
    .option('--style <style>', `template style: ${getAvailableStyles().join(', ')}`, 'luxury')
    .option('--product <name>', 'product name (1-80 characters)', 'Premium Watch')
    .option('--cta <text>', 'call to action (2-30 characters)', 'Shop Now')
    .option('--keep', 'keep the job directory instead of removing it', false)
    .option('--json', 'print one JSON document of every step (no colour, no progress)', false)
    .option('--base-dir <dir>', 'directory for job directories (default: <tmp>/video_jobs)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  npx nx run demo',
        '  npx nx run demo -- --style bold --product "Trail Shoes" --cta "Run Now"',
        '  node apps/demo/dist/main.js --json > report.json',
      ].join('\n'),
    )
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError('(run with --help for usage)')
    .allowExcessArguments(false)
    .configureOutput({
      writeOut: (text) => output.writeOut(text),
      writeErr: (text) => output.writeErr(text),
    })
    .exitOverride();
}

/** Parses `args` (no `node` and script): the options to run with, or the exit code after help or a usage error. */
export function parseCli(args: readonly string[], output: CliOutput): CliParse {
  const program = createProgram(output);
  try {
    program.parse([...args], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return { exitCode: 0 };
      return {
        exitCode: EXIT_BAD_INPUT,
        error: new ValidationError(error.message.replace(/^error: /u, ''), 'argv', {
          commanderCode: error.code,
        }),
      };
    }
    throw error;
  }
  const options = program.opts<{
    style: string;
    product: string;
    cta: string;
    keep: boolean;
    json: boolean;
    baseDir?: string;
  }>();
  return {
    run: {
      style: options.style,
      product: options.product,
      cta: options.cta,
      keep: options.keep,
      json: options.json,
      ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }),
    },
  };
}

/**
 * Whether `args` ask for `--json` (before any `--`), read without commander: a usage error must still be
 * reported as JSON when JSON was asked for, even though parsing failed.
 */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
