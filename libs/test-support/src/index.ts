/**
 * Test support for the workspace's specs and the harness (private, never published): the one
 * fault server, its payloads and knobs, stalled listeners, a TLS fixture and a raw HTTP client.
 */
export { DEFAULT_PAYLOAD_SIZE, startFaultServer } from './fault-server.js';
export type {
  FaultHandler,
  FaultServer,
  FaultServerOptions,
  FaultStats,
  RequestRecord,
} from './fault-server.js';
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
export { startBacklogFullListener, startRawServer, startSilentServer } from './stalled-servers.js';
export type { RawServerOptions, StalledListener } from './stalled-servers.js';
export { LOCALHOST_CERT, LOCALHOST_KEY, LOCALHOST_TLS } from './tls-fixture.js';
export { httpGet } from './http-get.js';
export type { RawResponse } from './http-get.js';
