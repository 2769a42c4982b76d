import fc from 'fast-check';
import { countGraphemes } from './graphemes.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const reference = (text: string) => [...segmenter.segment(text)].length;

test.each([
  ['', 0],
  ['Acme', 4],
  ['👨‍👩‍👧‍👦', 1],
  ['🇫🇷🇯🇵', 2],
  ['e\u0301te\u0301', 3],
  ['\u1112\u1161\u11ab', 1],
  ['東京', 2],
  ['\r\n', 1],
])('%j has %i user-perceived characters', (text, expected) => {
  expect(countGraphemes(text)).toBe(expected);
});

test('stops counting at the limit', () => {
  expect(countGraphemes('abcdef', 3)).toBe(3);
  expect(countGraphemes('ééééé', 2)).toBe(2);
  expect(countGraphemes('👍🏽👍🏽👍🏽', 2)).toBe(2);
});

test('agrees with Intl.Segmenter on any text (fast paths included)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({ unit: 'grapheme-composite', maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({
      unit: fc.integer({ min: 0, max: 0x10ffff }).map((cp) => String.fromCodePoint(cp)),
      maxLength: 8,
    }),
  );
  fc.assert(
    fc.property(text, (value) => {
      expect(countGraphemes(value)).toBe(reference(value));
    }),
    { numRuns: 3000 },
  );
});
