/**
 * How much text a template may hold, in UTF-16 code units (`string.length`), per field. The
 * schema enforces these on every template, and `fillTemplate` / `applyScript` check their
 * results against them, so a filled or scripted template is always valid and bounded: at most
 * 8 scenes × (4,000 + 2,000 + 2,000 + 64) + 500 + 64 code units of text in all.
 */
export const TEXT_LIMITS = Object.freeze({
  style: 64,
  styleKeywords: 500,
  /** `videoPromptTemplate` / `imagePromptTemplate`. */
  prompt: 4000,
  voiceoverTemplate: 2000,
  textOverlay: 2000,
  font: 64,
});

/**
 * Limits of the `fillTemplate` inputs after trimming: `min`–`max` user-perceived characters
 * (extended grapheme clusters) and at most `maxUnits` UTF-16 code units in all.
 */
export const FILL_LIMITS = Object.freeze({
  productName: Object.freeze({ min: 1, max: 80, maxUnits: 1280 }),
  ctaText: Object.freeze({ min: 2, max: 30, maxUnits: 480 }),
});

/**
 * The most UTF-16 code units one user-perceived character may span in any text entering a
 * template. Unicode's Stream-Safe Text Format (UAX #15 §13) allows 30 non-starters after a
 * starter; the longest emoji ZWJ and tag sequences are 16 code units or fewer.
 */
export const MAX_UNITS_PER_CHARACTER = 32;
