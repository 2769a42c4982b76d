// The fault server, its payloads and knobs live in @ad-pipeline/test-support (shared with the package specs).
export { TEMP_FILE_PATTERN, findTempFiles, openDescriptors, sha256File, waitFor, walkFiles } from './probes.js';
export { makeTempDir } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
export { runNode } from './run-node.js';
export type { NodeRun, RunNodeOptions } from './run-node.js';
