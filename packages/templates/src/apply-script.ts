import { ErrorCode, ValidationError } from '@ad-pipeline/errors';
import { deepFreeze } from './freeze.js';
import { resolveTemplate } from './parse.js';
import { NO_SLOTS, joinPieces, slotName, type SlotField, type SlottedField } from './slot-index.js';
import { TEXT_LIMITS } from './text-limits.js';
import { describeProblem, inspectText, type TextRule } from './text-rule.js';
import { markTrusted, slotsOf } from './trusted.js';
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

// A script line obeys the one input rule; its length is bounded by the voiceover field and,
// much sooner, by the scene's word budget.
const LINE_RULE: TextRule = {
  minCharacters: 0,
  maxCharacters: Number.POSITIVE_INFINITY,
  maxUnits: TEXT_LIMITS.voiceoverTemplate,
};

/**
 * A new deep-frozen template with the script's lines in place: a slot-name key fills that
 * author's `[slot]` wherever it appears (voiceover or overlay), a scene-id key replaces that
 * scene's whole voiceover. Lines are trimmed and inserted literally: brackets, braces and `$`
 * in them stay text and never become slots. Lines follow the package's input rule (no control,
 * bidi-control, unpaired surrogate or hidden characters, at most 2,000 UTF-16 code units), and
 * every voiceover must fit its scene: words are counted as a person reads them (README "Words").
 *
 * @throws ValidationError `INVALID_INPUT` for unknown or unused keys, a script or options that
 *   are not plain readable objects, non-string or rule-breaking lines (`details.key`), a bad
 *   `wordsPerSecond`, a voiceover longer than its scene allows (`details.sceneId`,
 *   `details.words`, `details.maxWords`) or a field over its `TEXT_LIMITS` limit;
 *   `MISSING_REQUIRED_FIELD` for a slot left without a visible line (`details.sceneId`, `details.slot`).
 * @throws PipelineError `TEMPLATE_ERROR` when `filledTemplate` is not a valid template.
 */
export function applyScript<T extends SceneTemplate>(
  filledTemplate: T,
  script: Script,
  options: ApplyScriptOptions = {},
): T {
  const template = resolveTemplate(filledTemplate) as T;
  const wordsPerSecond = checkWordsPerSecond(
    readInput('options', () => {
      if (typeof options !== 'object' || options === null) {
        throw new TypeError('options must be an object');
      }
      return options.wordsPerSecond ?? DEFAULT_WORDS_PER_SECOND;
    }),
  );
  const slotted = slotsOf(template);
  const { slotLines, sceneLines } = readScript(template, slotted, script);
  const fieldsWithSlots = new Map<string, SlottedField>(
    slotted.map((entry) => [`${entry.sceneIndex}:${entry.field}`, entry]),
  );
  const filled = (sceneIndex: number, field: SlotField, text: string): string => {
    const entry = fieldsWithSlots.get(`${sceneIndex}:${field}`);
    return entry
      ? joinPieces(entry.pieces, (slot) => slotLines.get(slotName(slot)) as string)
      : text;
  };

  const scenes = template.scenes.map((scene, sceneIndex) => {
    const voiceoverTemplate =
      sceneLines.get(scene.id) ?? filled(sceneIndex, 'voiceoverTemplate', scene.voiceoverTemplate);
    const textOverlay = filled(sceneIndex, 'textOverlay', scene.textOverlay);
    checkFieldLength(scene.id, 'voiceoverTemplate', voiceoverTemplate);
    checkFieldLength(scene.id, 'textOverlay', textOverlay);
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
    return voiceoverTemplate === scene.voiceoverTemplate && textOverlay === scene.textOverlay
      ? scene
      : { ...scene, voiceoverTemplate, textOverlay };
  });

  // Every author slot now holds a line (or sits in a voiceover a scene-id key replaced whole),
  // and inserted lines are never scanned: the result has no slots left.
  return markTrusted(deepFreeze({ ...template, scenes }) as T, NO_SLOTS);
}

interface ReadScript {
  slotLines: Map<string, string>;
  sceneLines: Map<number, string>;
}

function readScript(
  template: SceneTemplate,
  slotted: readonly SlottedField[],
  script: Script,
): ReadScript {
  const entries = readInput('script', () => {
    if (typeof script !== 'object' || script === null || Array.isArray(script)) {
      throw new TypeError('not an object');
    }
    return Object.entries(script);
  });

  const slots = slotted.flatMap(({ sceneId, field, pieces }) =>
    pieces.flatMap((piece) =>
      typeof piece === 'string' ? [] : [{ slot: slotName(piece), sceneId, field }],
    ),
  );
  const slotNames = new Set(slots.map(({ slot }) => slot));
  const sceneIds = new Set(template.scenes.map(({ id }) => id));
  const slotLines = new Map<string, string>();
  const sceneLines = new Map<number, string>();
  const unknownKeys: string[] = [];

  for (const [key, line] of entries) {
    if (typeof line !== 'string') {
      throw new ValidationError(
        `Script line ${quoteKey(key)} must be a string, got ${line === null ? 'null' : typeof line}`,
        'script',
        { key: shortKey(key) },
        { code: ErrorCode.INVALID_INPUT },
      );
    }
    const sceneId = /^\s*\d+\s*$/.test(key) ? Number(key) : Number.NaN;
    const slot = key
      .trim()
      .replace(/^\[(.*)\]$/s, '$1')
      .trim();
    const isScene = sceneIds.has(sceneId);
    if (!isScene && !slotNames.has(slot)) {
      unknownKeys.push(key);
      continue;
    }
    const text = checkLine(key, line, isScene);
    if (isScene) {
      sceneLines.set(sceneId, text);
    } else {
      slotLines.set(slot, text);
    }
  }

  if (unknownKeys.length > 0) {
    const validKeys = [...slotNames, ...[...sceneIds].map(String)];
    const shown = unknownKeys.slice(0, 10);
    throw new ValidationError(
      `Unknown script ${unknownKeys.length === 1 ? 'key' : 'keys'} ${shown.map(quoteKey).join(', ')}${unknownKeys.length > shown.length ? ` and ${unknownKeys.length - shown.length} more` : ''}: expected a slot name or a scene id (${validKeys.join(', ')})`,
      'script',
      { unknownKeys: shown.map(shortKey), validKeys },
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

/**
 * The trimmed line, checked by the input rule. A slot line a person cannot see counts as
 * missing (`''`, reported with the scene that needs it); a scene-id line may be empty (a silent
 * scene) but not invisible-only.
 */
function checkLine(key: string, line: string, isScene: boolean): string {
  const text = line.trim();
  const problem = inspectText(text, LINE_RULE);
  if (problem === undefined) {
    return text;
  }
  if (problem.kind === 'invisible' && !isScene) {
    return '';
  }
  throw new ValidationError(
    `Script line ${quoteKey(key)} ${describeProblem(problem)}`,
    'script',
    {
      key: shortKey(key),
      ...(problem.kind === 'forbidden'
        ? { codePoint: problem.codePoint, index: problem.index }
        : {}),
    },
    { code: ErrorCode.INVALID_INPUT },
  );
}

function checkFieldLength(sceneId: number, field: SlotField, text: string): void {
  const max = TEXT_LIMITS[field];
  if (text.length > max) {
    throw new ValidationError(
      `Scene ${sceneId} ${field} would be ${text.length} UTF-16 code units, over its limit of ${max}`,
      field,
      { sceneId, length: text.length, maxLength: max },
      { code: ErrorCode.INVALID_INPUT },
    );
  }
}

/** Runs `read`; anything it throws (a getter, a Proxy trap, a bad shape) becomes INVALID_INPUT. */
function readInput<T>(field: 'script' | 'options', read: () => T): T {
  try {
    return read();
  } catch (cause) {
    throw new ValidationError(
      field === 'script'
        ? 'Script must be a readable object of { slotName or sceneId: text }'
        : 'applyScript options must be a readable object ({ wordsPerSecond? })',
      field,
      {},
      { code: ErrorCode.INVALID_INPUT, cause },
    );
  }
}

// Keys are caller text: messages and details show at most 60 code units of each.
const shortKey = (key: string): string =>
  key.length > 60 ? `${key.slice(0, 60).replace(/[\ud800-\udbff]$/, '')}…` : key;
const quoteKey = (key: string): string => JSON.stringify(shortKey(key));

function checkWordsPerSecond(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new ValidationError(
      `wordsPerSecond must be a positive finite number, got ${typeof value === 'number' ? String(value) : typeof value}`,
      'wordsPerSecond',
      {},
      { code: ErrorCode.INVALID_INPUT },
    );
  }
  return value;
}
