export { probeMedia } from './probe-media.js';
export {
  DEFAULT_ASPECT_TOLERANCE,
  assertMediaExpectation,
  verifyAgainstExpect,
} from './expectation.js';
export { reduceAspectRatio } from './aspect-ratio.js';
export type { MediaExpectation, MediaInfo } from './types.js';
