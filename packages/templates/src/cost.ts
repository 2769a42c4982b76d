import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { resolveTemplate } from './parse.js';
import type { SceneTemplate } from './types.js';

/** Generation prices in USD. */
export interface Prices {
  /** Per second of generated video. @default 0.05 */
  perVideoSecond?: number;
  /** Per generated image. @default 0.01 */
  perImage?: number;
}

/** What a template costs to generate, in USD rounded to cents (`videoUsd + imageUsd === totalUsd`). */
export interface CostEstimate {
  videoSeconds: number;
  imageCount: number;
  videoUsd: number;
  imageUsd: number;
  totalUsd: number;
}

/** The default price table: $0.05 per video second, $0.01 per image. */
export const DEFAULT_PRICES: Readonly<Required<Prices>> = Object.freeze({
  perVideoSecond: 0.05,
  perImage: 0.01,
});

/**
 * Video seconds, image count and USD cost of generating `template`'s scenes. Every figure of
 * the result is a finite number.
 *
 * @throws ValidationError `INVALID_INPUT` when `prices` is not a readable object, a price is not
 *   a finite number >= 0, or the total would not be a finite number of USD (`details.field`).
 * @throws PipelineError `TEMPLATE_ERROR` when `template` is not a valid template.
 */
export function estimateCost(template: SceneTemplate, prices: Prices = {}): CostEstimate {
  const { perVideoSecond: videoPrice, perImage: imagePrice } = readPrices(prices);
  const perVideoSecond = checkPrice('perVideoSecond', videoPrice ?? DEFAULT_PRICES.perVideoSecond);
  const perImage = checkPrice('perImage', imagePrice ?? DEFAULT_PRICES.perImage);

  let videoSeconds = 0;
  let imageCount = 0;
  for (const scene of resolveTemplate(template).scenes) {
    if (scene.type === 'video') {
      videoSeconds += scene.duration;
    } else {
      imageCount++;
    }
  }

  const videoCents = toCents(videoSeconds * perVideoSecond);
  const imageCents = toCents(imageCount * perImage);
  if (!Number.isFinite(videoCents + imageCents)) {
    const field = Number.isFinite(videoCents) ? 'perImage' : 'perVideoSecond';
    throw new ValidationError(
      `Price ${field} is too large: the estimate would not be a finite number of USD`,
      field,
      {},
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  return {
    videoSeconds,
    imageCount,
    videoUsd: videoCents / 100,
    imageUsd: imageCents / 100,
    totalUsd: (videoCents + imageCents) / 100,
  };
}

// Whole cents, ignoring binary float noise: 26 × 0.05 is 1.3000000000000003, and 1.005 is 1.00499….
const toCents = (usd: number): number => Math.round(Number((usd * 100).toFixed(6)));

// Read once, inside a guard: a getter or Proxy trap that throws is the caller's input error.
function readPrices(prices: unknown): Prices {
  try {
    if (typeof prices !== 'object' || prices === null || Array.isArray(prices)) {
      throw new TypeError('not an object');
    }
    const { perVideoSecond, perImage } = prices as Prices;
    return { perVideoSecond, perImage };
  } catch (cause) {
    throw new ValidationError(
      'Prices must be a readable object ({ perVideoSecond?, perImage? } in USD)',
      'prices',
      {},
      { code: ErrorCode.INVALID_INPUT, cause },
    );
  }
}

function checkPrice(name: keyof Prices, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(
      `Price ${name} must be a finite number >= 0 (USD), got ${typeof value === 'number' ? String(value) : typeof value}`,
      name,
      {},
      {
        code: ErrorCode.INVALID_INPUT,
      },
    );
  }
  return value;
}
