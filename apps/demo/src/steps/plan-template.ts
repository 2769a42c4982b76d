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
  const scripted = applyScript(filled, SAMPLE_SCRIPT);
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
