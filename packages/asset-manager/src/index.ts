export {
  AssetManager,
  type AssetManagerOptions,
  type FileInfo,
  type ValidateFileOptions,
} from './asset-manager.js';
export { SUBDIRS, MAX_FILENAME_BYTES, isSubdir, isValidJobId, type Subdir } from './paths.js';
export {
  ASSET_KINDS,
  SNIFF_BYTES,
  assertKind,
  isAssetKind,
  sniffMedia,
  type AssetKind,
  type MediaType,
} from './sniff.js';
export type { SaveContent, SaveOptions } from './save-content.js';
export type { SweepOptions, SweepResult } from './sweep.js';
export * from './download/index.js';
