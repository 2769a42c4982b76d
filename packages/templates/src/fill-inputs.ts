import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { FILL_LIMITS } from './text-limits.js';
import { describeProblem, inspectText, type TextProblem, type TextRule } from './text-rule.js';

interface InputRule extends TextRule {
  field: keyof typeof FILL_LIMITS;
  label: string;
  /** Code for a present but unusable value. */
  invalidCode: typeof ErrorCode.INVALID_INPUT | typeof ErrorCode.INVALID_CTA;
}

const inputRule = (
  field: keyof typeof FILL_LIMITS,
  label: string,
  invalidCode: InputRule['invalidCode'],
): InputRule => {
  const { min, max, maxUnits } = FILL_LIMITS[field];
  return { field, label, invalidCode, minCharacters: min, maxCharacters: max, maxUnits };
};

const productNameRule = inputRule('productName', 'Product name', ErrorCode.INVALID_INPUT);
const ctaTextRule = inputRule('ctaText', 'CTA text', ErrorCode.INVALID_CTA);

/** The trimmed product name, or a ValidationError (`MISSING_REQUIRED_FIELD` / `INVALID_INPUT`). */
export function checkProductName(value: unknown): string {
  return checkInput(value, productNameRule);
}

/** The trimmed CTA text, or a ValidationError (`MISSING_REQUIRED_FIELD` / `INVALID_CTA` / `INVALID_INPUT`). */
export function checkCtaText(value: unknown): string {
  return checkInput(value, ctaTextRule);
}

function checkInput(value: unknown, rule: InputRule): string {
  const { field, label, minCharacters: min, maxCharacters: max, maxUnits } = rule;
  const limits = `${min}–${max} characters`;
  if (typeof value !== 'string') {
    throw new ValidationError(
      `${label} must be a string of ${limits}, got ${value === null ? 'null' : typeof value}`,
      field,
      { min, max, maxUnits },
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  const text = value.trim();
  const problem = inspectText(text, rule);
  if (problem) {
    throw inputError(problem, rule, limits);
  }
  return text;
}

function inputError(problem: TextProblem, rule: InputRule, limits: string): ValidationError {
  const { field, label, minCharacters: min, maxCharacters: max, maxUnits, invalidCode } = rule;
  const details = { min, max, maxUnits };
  switch (problem.kind) {
    // Text a person cannot see is as empty as no text.
    case 'empty':
    case 'invisible':
      return new ValidationError(
        `${label} is required (${limits})${problem.kind === 'invisible' ? `: it ${describeProblem(problem)}` : ''}`,
        field,
        details,
        { code: ErrorCode.MISSING_REQUIRED_FIELD },
      );
    case 'too-long':
    case 'too-short':
      return new ValidationError(
        `${label} must be ${limits} long, got ${problem.kind === 'too-long' ? `more than ${max}` : problem.count}`,
        field,
        details,
        { code: invalidCode },
      );
    case 'forbidden':
      return new ValidationError(
        `${label} ${describeProblem(problem)}`,
        field,
        { ...details, codePoint: problem.codePoint, index: problem.index },
        { code: invalidCode },
      );
    default:
      return new ValidationError(`${label} ${describeProblem(problem)}`, field, details, {
        code: invalidCode,
      });
  }
}
