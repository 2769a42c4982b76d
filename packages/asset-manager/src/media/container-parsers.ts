/**
 * The third-party container parsers `probeMedia` uses, in one module so they load together and
 * only when a file is first probed (see `loadContainerParsers` in `probe-media.ts`).
 */
export { fileTypeFromFile } from 'file-type';
export { readImageDimensions } from './image-dimensions.js';
export { readIsoBmff } from './iso-bmff.js';
export { readTaggedContainer } from './tagged-container.js';
