import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import fc from 'fast-check';
import { parseHttpDate } from './http-date.js';
import { retryAfterMs } from './index.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('parseHttpDate (RFC 9110 §5.6.7)', () => {
  it.each([
    ['Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['Wed Jan 15 12:00:30 2025', Date.UTC(2025, 0, 15, 12, 0, 30)],
    ['Thu, 29 Feb 2024 00:00:00 GMT', Date.UTC(2024, 1, 29)],
    ['Wednesday, 15-Jan-25 12:00:30 GMT', Date.UTC(2025, 0, 15, 12, 0, 30)],
    // Two-digit years more than 50 years ahead belong to the past century.
    ['Friday, 01-Jan-99 00:00:00 GMT', Date.UTC(1999, 0, 1)],
  ])('%p', (value, expected) => {
    expect(parseHttpDate(value, NOW)).toBe(expected);
  });

  it.each([
    'Sat, 31 Feb 2025 00:00:00 GMT', // no 31 February
    'Fri, 29 Feb 2025 00:00:00 GMT', // not a leap year
    'Wed, 15 Jan 2025 24:00:00 GMT',
    'Wed, 15 Jan 2025 12:60:00 GMT',
    'Thu, 15 Jan 2025 12:00:30 GMT', // wrong weekday
    'Wed, 15 Jan 2025 12:00:30 PST', // other zones are invalid
    'Wed, 15 Jan 2025 12:00:30 +0000',
    'Wed, 15 Jan 2025 12:00:30',
    'Wed Jan 15 12:00:30 2025 GMT',
    'wed, 15 jan 2025 12:00:30 gmt',
    'Wed, 15 Foo 2025 12:00:30 GMT',
    '2025-01-15T12:00:30Z',
    'Wed, 5 Jan 2025 12:00:30 GMT',
    'Wed Jan 15 12:00:30 25',
    '',
    'soon',
  ])('%p → undefined', (value) => {
    expect(parseHttpDate(value, NOW)).toBeUndefined();
  });

  it('reads every IMF-fixdate Date#toUTCString prints back to the same instant (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const whole = ms - (ms % 1000);
        expect(parseHttpDate(new Date(whole).toUTCString(), NOW)).toBe(whole);
      }),
    );
  });

  it('agrees across the three formats for every instant (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2070, 0, 1) }), (ms) => {
        const date = new Date(ms - (ms % 1000));
        const [weekday, day, month, year, time] = date
          .toUTCString()
          .replace(',', '')
          .split(' ') as string[];
        const long = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][
          date.getUTCDay()
        ];
        const rfc850 = `${long}, ${day}-${month}-${(year as string).slice(2)} ${time} GMT`;
        const asctime = `${weekday} ${month} ${String(Number(day)).padStart(2, ' ')} ${time} ${year}`;
        const now = date.getTime();
        expect(parseHttpDate(asctime, now)).toBe(date.getTime());
        expect(parseHttpDate(rfc850, now)).toBe(date.getTime());
      }),
    );
  });

  it('refuses every calendar date that does not exist (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 0, max: 11 }),
        fc.integer({ min: 29, max: 31 }),
        (year, month, day) => {
          const valid = new Date(Date.UTC(year, month, day)).getUTCMonth() === month;
          const months = [
            'Jan',
            'Feb',
            'Mar',
            'Apr',
            'May',
            'Jun',
            'Jul',
            'Aug',
            'Sep',
            'Oct',
            'Nov',
            'Dec',
          ];
          // Try every weekday name so only the calendar decides.
          const parsed = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].map((weekday) =>
            parseHttpDate(`${weekday}, ${day} ${months[month]} ${year} 00:00:00 GMT`, NOW),
          );
          expect(parsed.some((value) => value !== undefined)).toBe(valid);
        },
      ),
    );
  });
});

describe('HTTP dates are UTC whatever TZ is', () => {
  // Jest's process.env does not reach V8's time zone, so the parser runs in child processes with TZ
  // set, from its own source transpiled on the fly (it imports nothing).
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'http-date-'));
    const source = await readFile(path.join(__dirname, 'http-date.ts'), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
    });
    await writeFile(path.join(dir, 'http-date.mjs'), outputText);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['Asia/Tokyo', -540],
    ['America/New_York', 300],
    ['Pacific/Kiritimati', -840],
    ['UTC', 0],
  ])('under TZ=%s', (zone, offset) => {
    const script = `
      import { parseHttpDate } from ${JSON.stringify(path.join(dir, 'http-date.mjs'))};
      const now = ${NOW};
      const values = ['Wed Jan 15 12:00:30 2025', 'Wed, 15 Jan 2025 12:00:30 GMT', 'Wednesday, 15-Jan-25 12:00:30 GMT'];
      console.log(JSON.stringify({
        offset: new Date(2025, 0, 15).getTimezoneOffset(),
        waits: values.map((value) => parseHttpDate(value, now) - now),
      }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, TZ: zone },
      encoding: 'utf8',
    });
    const result = JSON.parse(output) as { offset: number; waits: number[] };
    // The zone really applied in the child, so the test cannot pass vacuously.
    expect(result.offset).toBe(offset);
    expect(result.waits).toEqual([30_000, 30_000, 30_000]);
  });

  it("retryAfterMs reads an asctime date as UTC (the issue's example)", () => {
    expect(retryAfterMs('Wed Jan 15 12:00:30 2025', NOW)).toBe(30_000);
    expect(retryAfterMs('Sat, 31 Feb 2025 00:00:00 GMT', NOW)).toBeUndefined();
    expect(retryAfterMs('Wed, 15 Jan 2025 12:00:30 PST', NOW)).toBeUndefined();
  });
});
