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
 * Video seconds, image count and USD cost of generating `template`'s scenes.
 *
 * @throws ValidationError `INVALID_INPUT` when a price is not a finite number >= 0.
 */
export function estimateCost(template: SceneTemplate, prices: Prices = {}): CostEstimate {
  const perVideoSecond = checkPrice(
    'perVideoSecond',
    prices.perVideoSecond ?? DEFAULT_PRICES.perVideoSecond,
  );
  const perImage = checkPrice('perImage', prices.perImage ?? DEFAULT_PRICES.perImage);

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

function checkPrice(name: keyof Prices, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ValidationError(
      `Price ${name} must be a finite number >= 0 (USD), got ${String(value)}`,
      name,
      {},
      {
        code: ErrorCode.INVALID_INPUT,
      },
    );
  }
  return value;
}
