/** The demo on a real pseudo-terminal and into closed pipes, as a person meets it. */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEMO_MAIN, ansiSequences, tempBaseDir, STACK_FRAME } from './support/run-cli.js';
import { hasScript, runOnTerminal } from './support/run-tty.js';
import { replayScreen } from './support/screen.js';
import { displayWidth } from '../src/render/text-width.js';

const onTerminal = hasScript() ? describe : describe.skip;
const CURSOR_CONTROL = /^\[\d*[ABCDGHJK]$/;
const FILES = ['scene_1.mp4', 'scene_2.mp4', 'scene_3.mp4', 'scene_4.png'];

jest.setTimeout(60_000);

onTerminal('on a terminal (pseudo-terminal through util-linux script)', () => {
  test.each([40, 50, 80, 120])(
    'at %i columns every bar line fits and the final screen holds each download once, with no leftovers',
    async (columns) => {
      const base = await tempBaseDir();
      try {
        const run = await runOnTerminal(['--base-dir', base.path], { columns });
        expect(run.code).toBe(0);
        const screen = replayScreen(run.stdout, columns);
        for (const file of FILES) {
          const rows = screen.filter((row) => row.trimStart().startsWith(file.slice(0, 8)) && /[✔✖]/u.test(row));
          expect(rows).toHaveLength(1);
          // One status per bar: no stale tail of an earlier, longer frame ("✔ 256.1 KiB 256.1 KiB").
          expect(rows[0]?.match(/KiB/gu)?.length ?? 0).toBeLessThanOrEqual(1);
        }
        // No bar line ever reached the last column (a wrap would break the redraw).
        const frames = run.stdout.split(/\r?\n/u).flatMap((line) => line.split('\r'));
        for (const frame of frames) {
          // eslint-disable-next-line no-control-regex -- strips the ANSI sequences the demo writes.
          const plain = frame.replace(/\u001B\[[0-9;?]*[A-Za-z]/gu, '');
          if (/[█░]|[✔✖] \d/u.test(plain)) expect(displayWidth(plain)).toBeLessThan(columns);
        }
      } finally {
        await base.remove();
      }
    },
  );

  test('TERM=dumb gets plain lines: no cursor movement, no colour', async () => {
    const base = await tempBaseDir();
    try {
      const run = await runOnTerminal(['--base-dir', base.path], { columns: 80, env: { TERM: 'dumb' } });
      expect(run.code).toBe(0);
      expect(ansiSequences(run.stdout).filter((sequence) => CURSOR_CONTROL.test(sequence))).toEqual([]);
      expect(ansiSequences(run.stdout)).toEqual([]);
      expect(run.stdout).toContain('[1/4] scene_1.mp4 ok');
    } finally {
      await base.remove();
    }
  });

  test('tables measure ™, ® and © as one column, as terminals do', async () => {
    const base = await tempBaseDir();
    try {
      const run = await runOnTerminal(
        ['--base-dir', base.path, '--product', 'Acme™ Watch®', '--cta', 'Shop ©2025'],
        { columns: 200 },
      );
      expect(run.code).toBe(0);
      const screen = replayScreen(run.stdout, 200);
      // Scene 1's overlay holds the product: its voiceover column starts where the header says.
      const header = screen.find((row) => /scene\s+seconds\s+type\s+overlay\s+voiceover/u.test(row));
      const headerAt = header?.indexOf('voiceover') ?? -1;
      const rows = screen.filter((row) => row.includes('Acme™ Watch®') && /^\s+1\s+8\s+video/u.test(row));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const cells = row.slice(headerAt);
        expect(row.slice(headerAt - 2, headerAt)).toBe('  ');
        expect(cells.startsWith(' ')).toBe(false);
      }
    } finally {
      await base.remove();
    }
  });
});

/** Runs the demo with stdout piped into a reader that stops after `lines` lines (`| head -n lines`). */
function runIntoHead(args: readonly string[], lines: number): Promise<{ code: number | null; stderr: string; read: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO_MAIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let read = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      read += chunk;
      if (read.split('\n').length > lines) child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr, read }));
  });
}

describe('output into a pipe that closes early (| head)', () => {
  test.each([1, 5, 30, 45])('after %i lines: exit 0, nothing on stderr, no job or jobs directory left', async (lines) => {
    const base = await tempBaseDir();
    try {
      const jobs = join(base.path, 'jobs');
      const run = await runIntoHead(['--base-dir', jobs], lines);
      expect(run.stderr).not.toMatch(STACK_FRAME);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(await readdir(base.path)).toEqual([]);
    } finally {
      await base.remove();
    }
  });
});
