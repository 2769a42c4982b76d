/** A cross-field rule broken by a template, located like a zod issue. */
export interface TemplateRuleViolation {
  path: PropertyKey[];
  message: string;
}

// Durations are seconds and may be fractional; sums are compared with this tolerance
// so that 0.1 + 0.2 seconds equals a 0.3-second total.
const DURATION_TOLERANCE = 1e-6;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * The rules a single field cannot express: ids 1..n in order, the last scene an image,
 * text timing inside its scene, and durations summing to `totalDuration`.
 *
 * Runs on possibly invalid input (so one parse reports every issue at once); anything
 * that is not the expected shape is skipped here because the field schemas report it.
 */
export function findTemplateRuleViolations(template: unknown): TemplateRuleViolation[] {
  if (!isRecord(template) || !Array.isArray(template['scenes'])) {
    return [];
  }

  const scenes: unknown[] = template['scenes'];
  const violations: TemplateRuleViolation[] = [];
  let durationSum = 0;
  let allDurationsKnown = true;

  scenes.forEach((scene, index) => {
    if (!isRecord(scene)) {
      allDurationsKnown = false;
      return;
    }

    const expectedId = index + 1;
    if (scene['id'] !== expectedId) {
      violations.push({
        path: ['scenes', index, 'id'],
        message: `Scene ids must run 1..n in order: scene at position ${expectedId} has id ${String(scene['id'])}, expected ${expectedId}`,
      });
    }

    const duration = scene['duration'];
    if (isFiniteNumber(duration)) {
      durationSum += duration;
      const timing = scene['textTiming'];
      if (
        isRecord(timing) &&
        isFiniteNumber(timing['end']) &&
        timing['end'] > duration + DURATION_TOLERANCE
      ) {
        violations.push({
          path: ['scenes', index, 'textTiming', 'end'],
          message: `Text timing must end within the scene: ends at ${timing['end']} s but scene ${expectedId} lasts ${duration} s`,
        });
      }
    } else {
      allDurationsKnown = false;
    }
  });

  const last = scenes.at(-1);
  if (isRecord(last) && last['type'] === 'video') {
    violations.push({
      path: ['scenes', scenes.length - 1, 'type'],
      message: 'The last scene must be an image (the static call-to-action card), not a video',
    });
  }

  const total = template['totalDuration'];
  if (
    scenes.length > 0 &&
    allDurationsKnown &&
    isFiniteNumber(total) &&
    Math.abs(durationSum - total) > DURATION_TOLERANCE
  ) {
    violations.push({
      path: ['totalDuration'],
      message: `totalDuration must equal the sum of scene durations: totalDuration is ${total} s but the scenes sum to ${roundSeconds(durationSum)} s`,
    });
  }

  return violations;
}

const roundSeconds = (seconds: number): number => Math.round(seconds * 1000) / 1000;
