import fc from 'fast-check';

/** Every Unicode general category (the 30 two-letter values of `General_Category`). */
export const GENERAL_CATEGORIES = [
  'Lu',
  'Ll',
  'Lt',
  'Lm',
  'Lo',
  'Mn',
  'Mc',
  'Me',
  'Nd',
  'Nl',
  'No',
  'Pc',
  'Pd',
  'Ps',
  'Pe',
  'Pi',
  'Pf',
  'Po',
  'Sm',
  'Sc',
  'Sk',
  'So',
  'Zs',
  'Zl',
  'Zp',
  'Cc',
  'Cf',
  'Cs',
  'Co',
  'Cn',
] as const;

type Category = (typeof GENERAL_CATEGORIES)[number];

let table: Record<Category, number[]> | undefined;

/**
 * Code points of each category, found by scanning planes 0–3 and 14 (where all assigned
 * characters are), plus samples of the private-use planes and of unassigned planes 4–13. Cs
 * holds the surrogate code units, which the generator emits alone (lone surrogates).
 */
export function codePointsByCategory(): Record<Category, number[]> {
  if (table) return table;
  const result = Object.fromEntries(GENERAL_CATEGORIES.map((c) => [c, [] as number[]])) as Record<
    Category,
    number[]
  >;
  // Most frequent first: the scan stops at the first match.
  const order: Category[] = ['Cn', 'Lo', 'So', 'Co', 'Ll', 'Mn', 'Lu', 'Sm', 'No', 'Nd', 'Po'];
  const tests = [
    ...order,
    ...GENERAL_CATEGORIES.filter((c) => c !== 'Cs' && !order.includes(c)),
  ].map((c) => [c, new RegExp(`^\\p{gc=${c}}$`, 'u')] as const);
  const scan = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) {
        result.Cs.push(cp);
        continue;
      }
      const char = String.fromCodePoint(cp);
      for (const [category, pattern] of tests) {
        if (pattern.test(char)) {
          result[category].push(cp);
          break;
        }
      }
    }
  };
  scan(0, 0x3ffff);
  scan(0xe0000, 0xeffff);
  for (const cp of [0x50000, 0x8ffff, 0xdfffe, 0xf0000, 0xffffd, 0x100000, 0x10fffd, 0x10ffff]) {
    scan(cp, cp);
  }
  table = result;
  return result;
}

/** One code unit or code point of a random category (lone surrogates included), as a string. */
export function anyCategoryCharacter(): fc.Arbitrary<string> {
  const byCategory = codePointsByCategory();
  return fc.constantFrom(...GENERAL_CATEGORIES).chain((category) => {
    const points = byCategory[category];
    return fc
      .integer({ min: 0, max: points.length - 1 })
      .map((index) => String.fromCodePoint(points[index] as number));
  });
}
