import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ERROR_CATALOG } from './index.js';

// The README restates the catalog for readers; this keeps the copy honest.
describe('README code table', () => {
  const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
  const rows = readme
    .split('\n')
    .filter((line) => /^\|\s*`[A-Z_]+`\s*\|\s*\d{3}\s*\|/.test(line))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );

  it('lists every code once', () => {
    expect(rows.map(([code]) => code?.replaceAll('`', '')).sort()).toEqual(
      Object.keys(ERROR_CATALOG).sort(),
    );
  });

  it.each(Object.values(ERROR_CATALOG))('matches the catalog for $code', (info) => {
    const row = rows.find(([code]) => code === `\`${info.code}\``);
    expect(row).toEqual([
      `\`${info.code}\``,
      String(info.httpStatus),
      info.retryable ? 'yes' : 'no',
      info.category,
      info.logLevel,
      info.title,
    ]);
  });
});
