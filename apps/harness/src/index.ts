export { startFaultServer, DEFAULT_PAYLOAD_SIZE } from './fault-server.js';
export type { FaultServer, FaultStats, RequestRecord } from './fault-server.js';
export { BAD_RANGES, knobsToQuery, parseKnobs } from './fault-knobs.js';
export type { BadRange, FaultKnobs } from './fault-knobs.js';
export {
  CONTENT_TYPES,
  MEDIA_KIND,
  PAYLOAD_KINDS,
  isPayloadKind,
  kindFromPath,
  makePayload,
  minPayloadSize,
  seededBytes,
  sha256Hex,
} from './payload.js';
export type { Payload, PayloadKind } from './payload.js';
export { TEMP_FILE_PATTERN, findTempFiles, openDescriptors, sha256File, waitFor, walkFiles } from './probes.js';
export { makeTempDir } from './temp-dir.js';
export type { TempDir } from './temp-dir.js';
export { runNode } from './run-node.js';
export type { NodeRun, RunNodeOptions } from './run-node.js';
