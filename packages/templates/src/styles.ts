/** The four built-in ad styles, in presentation order. */
export const STYLES = ['luxury', 'energetic', 'minimal', 'bold'] as const;

/** One of the built-in ad styles. */
export type Style = (typeof STYLES)[number];

const styleSet: ReadonlySet<unknown> = new Set(STYLES);

/** A fresh array of the built-in styles; callers may mutate it freely. */
export function getAvailableStyles(): Style[] {
  return [...STYLES];
}

/** Whether `value` names a built-in style (`'luxury'`, `'energetic'`, `'minimal'` or `'bold'`). */
export function isStyle(value: unknown): value is Style {
  return styleSet.has(value);
}
