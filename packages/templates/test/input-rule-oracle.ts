/**
 * The input rule of README "The input rule", written a second time for the tests, differently
 * from src/text-rule.ts: code point by code point, with explicit ranges where the source uses
 * Unicode property escapes, so a slip in either shows up as a disagreement.
 */
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

const BIDI_CONTROLS = [
  0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069,
];

function isForbidden(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    BIDI_CONTROLS.includes(cp) ||
    (cp >= 0x206a && cp <= 0x206f) ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}

const isTag = (cp: number): boolean => cp >= 0xe0000 && cp <= 0xe007f;

/** Code points of `text`, lone surrogates included as themselves. */
function codePoints(text: string): number[] {
  return Array.from(text, (unit) => unit.codePointAt(0) as number);
}

/** Whether every tag character of `cps` sits in a U+1F3F4 emoji tag sequence ending in U+E007F. */
function tagsInSequences(cps: number[]): boolean {
  for (let i = 0; i < cps.length; i++) {
    if (!isTag(cps[i] as number)) continue;
    if (cps[i - 1] !== 0x1f3f4) return false;
    let j = i;
    while (j < cps.length && (cps[j] as number) >= 0xe0020 && (cps[j] as number) <= 0xe007e) j++;
    if (j === i || j - i > 30 || cps[j] !== 0xe007f) return false;
    i = j;
  }
  return true;
}

const LETTER_ETC = /^[\p{L}\p{N}\p{P}\p{S}\p{Co}]$/u;
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/** Default-ignorable code points refused inside visible text (ZWNJ, ZWJ, selectors and tags excepted). */
function isHiddenInText(cp: number): boolean {
  const allowed =
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0x180b && cp <= 0x180d) ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0000 && cp <= 0xe007f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef);
  return !allowed && IGNORABLE.test(String.fromCodePoint(cp));
}

/** Whether a person sees anything in `text`. */
export function oracleVisible(text: string): boolean {
  return Array.from(text).some(
    (char) => LETTER_ETC.test(char) && !IGNORABLE.test(char) && char !== '\u2800',
  );
}

/** What the rule says of one already-trimmed text. */
export type Verdict = 'ok' | 'empty' | 'invalid';

/**
 * The verdict for `raw` under `min`–`max` characters and `maxUnits` code units; user input is
 * trimmed first, template text (`trim: false`) is judged as written.
 */
export function oracleVerdict(
  raw: string,
  { min, max, maxUnits }: { min: number; max: number; maxUnits: number },
  { trim = true }: { trim?: boolean } = {},
): Verdict {
  const text = trim ? raw.trim() : raw;
  if (text === '') return min > 0 ? 'empty' : 'ok';
  if (text.length > maxUnits) return 'invalid';
  const cps = codePoints(text);
  if (cps.some(isForbidden) || !tagsInSequences(cps)) return 'invalid';
  if (!oracleVisible(text)) return 'empty';
  if (cps.some(isHiddenInText)) return 'invalid';
  const graphemes = Array.from(segmenter.segment(text), ({ segment }) => segment);
  if (graphemes.some((grapheme) => grapheme.length > 32)) return 'invalid';
  return graphemes.length >= min && graphemes.length <= max ? 'ok' : 'invalid';
}

/** Whether `text` is well-formed UTF-16 (no unpaired surrogate). */
export function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
