import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { deepFreeze } from './freeze.js';
import { resolveTemplate } from './parse.js';
import { SLOT_PATTERN, listSlots } from './slots.js';
import { markTrusted } from './trusted.js';
import type { SceneTemplate } from './types.js';
import { countWords } from './words.js';

/** Options of `applyScript`. */
export interface ApplyScriptOptions {
  /** Speaking pace that sets each scene's voiceover budget (`duration × wordsPerSecond` words). @default 2.5 */
  wordsPerSecond?: number;
}

/** The script writer's lines: keys are slot names (`'benefit statement'` or `'[benefit statement]'`) or scene ids (`'2'`). */
export type Script = Readonly<Record<string, string>>;

const DEFAULT_WORDS_PER_SECOND = 2.5;

/**
 * A new deep-frozen template with the script's lines in place: a slot-name key fills that
 * `[slot]` wherever it appears (voiceover or overlay), a scene-id key replaces that scene's
 * whole voiceover. Text is inserted literally and trimmed.
 *
 * @throws ValidationError `INVALID_INPUT` for unknown or unused keys, non-string lines, a bad
 *   `wordsPerSecond`, or a voiceover longer than its scene allows (`details.sceneId`,
 *   `details.words`, `details.maxWords`); `MISSING_REQUIRED_FIELD` for a slot left without a
 *   line (`details.sceneId`, `details.slot`).
 */
export function applyScript<T extends SceneTemplate>(
  filledTemplate: T,
  script: Script,
  options: ApplyScriptOptions = {},
): T {
  const template = resolveTemplate(filledTemplate) as T;
  const wordsPerSecond = checkWordsPerSecond(options.wordsPerSecond ?? DEFAULT_WORDS_PER_SECOND);
  const { slotLines, sceneLines } = readScript(template, script);

  const scenes = template.scenes.map((scene) => {
    const voiceoverTemplate =
      sceneLines.get(scene.id) ?? fillSlots(scene.voiceoverTemplate, slotLines);
    const words = countWords(voiceoverTemplate);
    const maxWords = Math.floor(scene.duration * wordsPerSecond + 1e-9);
    if (words > maxWords) {
      throw new ValidationError(
        `Scene ${scene.id} voiceover is too long: ${words} words, but ${scene.duration} s at ${wordsPerSecond} words/s fits at most ${maxWords}`,
        'voiceoverTemplate',
        { sceneId: scene.id, words, maxWords, wordsPerSecond },
        { code: ErrorCode.INVALID_INPUT },
      );
    }
    return { ...scene, voiceoverTemplate, textOverlay: fillSlots(scene.textOverlay, slotLines) };
  });

  return markTrusted(deepFreeze({ ...template, scenes }));
}

interface ReadScript {
  slotLines: Map<string, string>;
  sceneLines: Map<number, string>;
}

function readScript(template: SceneTemplate, script: Script): ReadScript {
  if (typeof script !== 'object' || script === null || Array.isArray(script)) {
    throw new ValidationError(
      'Script must be an object of { slotName or sceneId: text }',
      'script',
      {},
      {
        code: ErrorCode.INVALID_INPUT,
      },
    );
  }

  const slots = listSlots(template);
  const slotNames = new Set(slots.map(({ slot }) => slot));
  const sceneIds = new Set(template.scenes.map(({ id }) => id));
  const slotLines = new Map<string, string>();
  const sceneLines = new Map<number, string>();
  const unknownKeys: string[] = [];

  for (const [key, line] of Object.entries(script)) {
    if (typeof line !== 'string') {
      throw new ValidationError(
        `Script line "${key}" must be a string, got ${typeof line}`,
        'script',
        { key },
        {
          code: ErrorCode.INVALID_INPUT,
        },
      );
    }
    const sceneId = /^\s*\d+\s*$/.test(key) ? Number(key) : Number.NaN;
    const slotName = key
      .trim()
      .replace(/^\[(.*)\]$/s, '$1')
      .trim();
    if (sceneIds.has(sceneId)) {
      sceneLines.set(sceneId, line.trim());
    } else if (slotNames.has(slotName)) {
      slotLines.set(slotName, line.trim());
    } else {
      unknownKeys.push(key);
    }
  }

  if (unknownKeys.length > 0) {
    const validKeys = [...slotNames, ...[...sceneIds].map(String)];
    throw new ValidationError(
      `Unknown script ${unknownKeys.length === 1 ? 'key' : 'keys'} ${unknownKeys.map((key) => JSON.stringify(key)).join(', ')}: expected a slot name or a scene id (${validKeys.join(', ')})`,
      'script',
      { unknownKeys, validKeys },
      { code: ErrorCode.INVALID_INPUT },
    );
  }

  // A slot only inside voiceovers that scene-id keys replace whole would be silently dropped.
  const usedSlots = new Set<string>();
  for (const { slot, sceneId, field } of slots) {
    if (field === 'voiceoverTemplate' && sceneLines.has(sceneId)) {
      continue;
    }
    usedSlots.add(slot);
    if (!slotLines.get(slot)) {
      throw new ValidationError(
        `Scene ${sceneId} needs a line for [${slot}] (${field})`,
        field,
        { sceneId, slot },
        { code: ErrorCode.MISSING_REQUIRED_FIELD },
      );
    }
  }
  const unusedKeys = [...slotLines.keys()].filter((slot) => !usedSlots.has(slot));
  if (unusedKeys.length > 0) {
    throw new ValidationError(
      `Script ${unusedKeys.map((slot) => `[${slot}]`).join(', ')} would be unused: every place it appears is replaced whole by a scene-id key`,
      'script',
      { unusedKeys },
      { code: ErrorCode.INVALID_INPUT },
    );
  }

  return { slotLines, sceneLines };
}

// A replacer function (never a replacement string) keeps `$&` and friends in lines literal.
const fillSlots = (text: string, lines: ReadonlyMap<string, string>): string =>
  text.replace(SLOT_PATTERN, (whole, name: string) => lines.get(name.trim()) ?? whole);

function checkWordsPerSecond(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(
      `wordsPerSecond must be a positive finite number, got ${String(value)}`,
      'wordsPerSecond',
      {},
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  return value;
}
