import { sniffMedia } from '../sniff.js';

/** User-metadata key (`x-amz-meta-sha256`) holding the lowercase hex SHA-256 of an object's content. */
export const SHA256_METADATA_KEY = 'sha256';

const SHA256_HEX = /^[0-9a-f]{64}$/;
const UNKNOWN_MIME = 'application/octet-stream';

/** The media type sniffed from the first bytes (the asset manager's sniffing), else `application/octet-stream`. */
export function contentTypeOf(head: Uint8Array): string {
  return sniffMedia(head)?.mime ?? UNKNOWN_MIME;
}

/** The recorded SHA-256 in an object's user metadata, when it is a well-formed digest. */
export function recordedSha256(metadata: Record<string, string> | undefined): string | undefined {
  const value = metadata?.[SHA256_METADATA_KEY]?.toLowerCase();
  return value !== undefined && SHA256_HEX.test(value) ? value : undefined;
}
