import { createColors, shouldUseColor } from '../src/render/colors.js';
import { formatBytes, formatUsd } from '../src/render/format.js';
import { createBarProgress, createLineProgress } from '../src/render/progress.js';
import { renderTable } from '../src/render/table.js';
import { displayWidth, truncate } from '../src/render/text-width.js';

/** A stream that records what is written. */
function recorder(): { write(chunk: string): boolean; text: () => string } {
  const chunks: string[] = [];
  return { write: (chunk) => chunks.push(chunk) > 0, text: () => chunks.join('') };
}

describe('shouldUseColor', () => {
  test.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: true }, { NO_COLOR: '' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '' }, true],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, false],
    [{ isTTY: true }, { FORCE_COLOR: 'false' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }, false],
    [{ isTTY: true }, { TERM: 'dumb' }, false],
  ])('%j with %j → %s', (stream, env, expected) => {
    expect(shouldUseColor(stream, env)).toBe(expected);
  });

  test('colours are the identity when off', () => {
    expect(createColors(false).red('x')).toBe('x');
    expect(createColors(true).red('x')).toBe('\u001B[31mx\u001B[39m');
  });
});

describe('text width', () => {
  test('counts CJK and emoji as two columns and combining marks as none', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('時計')).toBe(4);
    expect(displayWidth('⌚️ ok')).toBe(5);
    expect(displayWidth('e\u0301')).toBe(1);
  });

  test('truncate never splits a grapheme and marks the cut', () => {
    expect(truncate('short', 10)).toBe('short');
    expect(truncate('abcdefghij', 5)).toBe('abcd…');
    expect(truncate('👍🏽👍🏽👍🏽', 5)).toBe('👍🏽👍🏽…');
  });
});

describe('renderTable', () => {
  test('sizes columns to the widest cell, aligns, truncates and folds whitespace', () => {
    const table = renderTable(
      [{ header: 'id', align: 'right' }, { header: 'name', maxWidth: 6 }, { header: 'note' }],
      [
        ['1', 'Watch', 'a\nb'],
        ['10', 'Premium Watch', '時計'],
      ],
      { indent: 0 },
    );
    expect(table.split('\n')).toEqual([
      'id  name    note',
      '──  ──────  ────',
      ' 1  Watch   a b',
      '10  Premi…  時計',
    ]);
  });
});

describe('progress', () => {
  test('bars redraw in place: cursor up by the number of bars, then each line erased and rewritten', () => {
    const stream = recorder();
    const progress = createBarProgress(stream, ['a.mp4', 'b.png'], createColors(false), {
      barWidth: 10,
      intervalMs: 0,
    });
    progress.update(0, 50, 100);
    progress.complete(1, false, 'ASSET_DOWNLOAD_FAILED');
    progress.complete(0, true, '100 B');
    progress.close();
    const frames = stream.text().split('\u001B[2A');
    expect(frames.length).toBe(5);
    const last = (frames.at(-1) as string).split('\n');
    expect(last[0]).toBe('\r\u001B[2K  a.mp4              ██████████ 100%  ✔ 100 B');
    expect(last[1]).toBe(
      '\r\u001B[2K  b.png              ░░░░░░░░░░   0%  ✖ ASSET_DOWNLOAD_FAILED',
    );
    expect(frames[1]).toContain('█████░░░░░  50%  50 B / 100 B');
  });

  test('plain lines: one per finished transfer, in the batch order, without escapes', () => {
    const stream = recorder();
    const progress = createLineProgress(stream, ['a.mp4', 'b.png']);
    progress.update(0, 10, 100);
    progress.complete(1, true, '1.0 KiB');
    progress.complete(0, false, 'API_TIMEOUT');
    progress.close();
    expect(stream.text()).toBe('  [1/2] a.mp4 failed API_TIMEOUT\n  [2/2] b.png ok 1.0 KiB\n');
  });
});

describe('formatters', () => {
  test('bytes in binary units', () => {
    expect([
      formatBytes(0),
      formatBytes(1023),
      formatBytes(1024),
      formatBytes(262_296),
      formatBytes(3 * 1024 ** 3),
    ]).toEqual(['0 B', '1023 B', '1.0 KiB', '256.1 KiB', '3.0 GiB']);
  });

  test('dollars, with more decimals below a cent', () => {
    expect([formatUsd(1.31), formatUsd(0.01), formatUsd(0.005), formatUsd(0)]).toEqual([
      '$1.31',
      '$0.01',
      '$0.0050',
      '$0.00',
    ]);
  });
});
