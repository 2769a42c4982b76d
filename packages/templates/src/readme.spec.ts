import { readFileSync } from 'node:fs';
import path from 'node:path';

// Docs are code: every TypeScript block of the README is a file in type-tests/, compiled by
// `nx run templates:typecheck` (strict, noUncheckedIndexedAccess). This keeps the two identical.
test('every TypeScript block in README.md is compiled, verbatim, from type-tests/readme-N.ts', () => {
  const root = path.join(__dirname, '..');
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
  expect(blocks.length).toBeGreaterThan(0);
  blocks.forEach((block, index) => {
    const file = readFileSync(path.join(root, 'type-tests', `readme-${index + 1}.ts`), 'utf8');
    expect(file.split('// --- README block ---\n')[1]).toBe(block);
  });
});
