import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { countGraphemes, isPrintableAscii } from './graphemes.js';

/** Length limits, in user-perceived characters after trimming, of the `fillTemplate` inputs. */
export const FILL_LIMITS = Object.freeze({
  productName: Object.freeze({ min: 1, max: 80 }),
  ctaText: Object.freeze({ min: 2, max: 30 }),
});

interface TextRule {
  field: keyof typeof FILL_LIMITS;
  label: string;
  min: number;
  max: number;
  /** Code for a present but unusable value. */
  invalidCode: typeof ErrorCode.INVALID_INPUT | typeof ErrorCode.INVALID_CTA;
}

const productNameRule: TextRule = {
  field: 'productName',
  label: 'Product name',
  ...FILL_LIMITS.productName,
  invalidCode: ErrorCode.INVALID_INPUT,
};

const ctaTextRule: TextRule = {
  field: 'ctaText',
  label: 'CTA text',
  ...FILL_LIMITS.ctaText,
  invalidCode: ErrorCode.INVALID_CTA,
};

// Unicode category Cc (C0, DEL, C1) plus the line and paragraph separators, which would
// break a one-line overlay or voiceover just like a newline.
const FORBIDDEN_CHARACTER = /[\p{Cc}\u2028\u2029]/u;

/** The trimmed product name, or a ValidationError (`MISSING_REQUIRED_FIELD` / `INVALID_INPUT`). */
export function checkProductName(value: unknown): string {
  return checkText(value, productNameRule);
}

/** The trimmed CTA text, or a ValidationError (`MISSING_REQUIRED_FIELD` / `INVALID_CTA` / `INVALID_INPUT`). */
export function checkCtaText(value: unknown): string {
  return checkText(value, ctaTextRule);
}

function checkText(value: unknown, rule: TextRule): string {
  const { field, label, min, max, invalidCode } = rule;
  const limits = `${min}–${max} characters`;

  if (typeof value !== 'string') {
    throw new ValidationError(
      `${label} must be a string of ${limits}, got ${value === null ? 'null' : typeof value}`,
      field,
      { min, max },
      { code: ErrorCode.INVALID_INPUT },
    );
  }

  const text = value.trim();
  if (text === '') {
    throw new ValidationError(
      `${label} is required (${limits})`,
      field,
      { min, max },
      {
        code: ErrorCode.MISSING_REQUIRED_FIELD,
      },
    );
  }

  const ascii = isPrintableAscii(text);
  if (!ascii) {
    const forbidden = FORBIDDEN_CHARACTER.exec(text);
    if (forbidden) {
      const codePoint = `U+${(forbidden[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
      throw new ValidationError(
        `${label} must not contain control characters or line breaks (found ${codePoint} at index ${forbidden.index})`,
        field,
        { codePoint, index: forbidden.index },
        { code: invalidCode },
      );
    }
  }

  // A grapheme spans at least one code unit, so `text.length` bounds the count from above:
  // short non-ASCII text is only segmented as far as the minimum needs.
  const tooLong = text.length > max && (ascii || countGraphemes(text, max + 1) > max);
  const shortCount = ascii || min <= 1 ? text.length : countGraphemes(text, min);
  if (tooLong || shortCount < min) {
    throw new ValidationError(
      `${label} must be ${limits} long, got ${tooLong ? `more than ${max}` : shortCount}`,
      field,
      { min, max },
      { code: invalidCode },
    );
  }
  return text;
}
