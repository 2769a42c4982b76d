import {
  applyScript,
  estimateCost,
  fillTemplate,
  getAvailableStyles,
  getSceneTemplate,
  listSlots,
  type Scene,
  type SceneTemplate,
} from '@ad-pipeline/templates';
import { ErrorCode, ValidationError, isPipelineError } from '@ad-pipeline/errors';
import type {
  CostSection,
  FilledSection,
  PlanSection,
  ScenePlanRow,
  ScriptSection,
} from '../report.js';

/** Lines a script writer (an LLM, later) would produce for the built-in slots: short enough for any style. */
export const SAMPLE_SCRIPT: Readonly<Record<string, string>> = {
  'benefit statement': 'Built to last, designed to turn heads, and made for every day.',
  'social proof': 'Loved by thousands of customers with a five-star rating.',
};

/** Steps 1 and 2: everything about the template, computed before any I/O. */
export interface TemplatePlan {
  readonly plan: PlanSection;
  readonly cost: CostSection;
  readonly filled: FilledSection;
  readonly script: ScriptSection;
  /** The template with product, CTA and script filled in: what the assets are made for. */
  readonly scripted: SceneTemplate;
}

/**
 * Picks the style's template, estimates its cost, fills it for the product and CTA, lists its LLM slots
 * and applies {@link SAMPLE_SCRIPT}. Throws the templates package's errors for bad input
 * (`INVALID_STYLE`, `MISSING_REQUIRED_FIELD`, `INVALID_CTA`, `INVALID_INPUT`).
 */
export function planTemplate(style: string, product: string, cta: string): TemplatePlan {
  const template = getSceneTemplate(style);
  const filled = fillTemplate(template, product, cta);
  const slots = listSlots(filled);
  const scripted = applyScriptNamingTheInput(filled, template, product, cta);
  const { videoSeconds, imageCount, videoUsd, imageUsd, totalUsd } = estimateCost(template);
  return {
    plan: {
      styles: getAvailableStyles(),
      style: template.style,
      styleKeywords: template.styleKeywords,
      aspectRatio: template.aspectRatio,
      totalDuration: template.totalDuration,
      scenes: planRows(template),
    },
    cost: { videoSeconds, imageCount, videoUsd, imageUsd, totalUsd },
    filled: {
      scenes: planRows(filled),
      slots: slots.map(({ slot, sceneId, field }) => ({ slot, sceneId, field })),
    },
    script: { lines: SAMPLE_SCRIPT, scenes: planRows(scripted) },
    scripted,
  };
}

function planRows(template: SceneTemplate): ScenePlanRow[] {
  return template.scenes.map((scene: Scene) => ({
    scene: scene.id,
    seconds: scene.duration,
    type: scene.type,
    overlay: scene.textOverlay,
    voiceover: scene.voiceoverTemplate,
  }));
}

/**
 * Applies {@link SAMPLE_SCRIPT}. The script lines are the demo's own and fit every style, so a voiceover
 * that overflows its scene was made too long by the user's text: the error names that flag (the product
 * or the CTA) and its word count, not only the scene.
 */
function applyScriptNamingTheInput(
  filled: SceneTemplate,
  template: SceneTemplate,
  product: string,
  cta: string,
): SceneTemplate {
  try {
    return applyScript(filled, SAMPLE_SCRIPT);
  } catch (error) {
    const details = isPipelineError(error) ? error.details : undefined;
    const sceneId = details?.['sceneId'];
    const scene = template.scenes.find((candidate) => candidate.id === sceneId);
    if (scene === undefined || details?.['maxWords'] === undefined) throw error;
    const usesProduct = scene.voiceoverTemplate.includes('{product_name}');
    const [flag, value] = usesProduct ? ['product', product.trim()] : ['cta', cta.trim()];
    const label = usesProduct ? 'product name' : 'CTA';
    const inputWords = value.split(/\s+/u).filter(Boolean).length;
    throw new ValidationError(
      `--${flag}: the ${label} "${value}" (${inputWords} words) makes scene ${scene.id}'s voiceover ` +
        `${String(details['words'])} words, but its ${scene.duration} s fit at most ${String(details['maxWords'])}: use a shorter ${label}`,
      flag,
      { sceneId: scene.id, words: details['words'], maxWords: details['maxWords'], inputWords },
      { code: ErrorCode.INVALID_INPUT, cause: error },
    );
  }
}
