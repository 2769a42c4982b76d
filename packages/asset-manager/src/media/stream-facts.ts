/** What a container parser learned about the streams; `probeMedia` adds container, mime, kind and aspect ratio. */
export interface StreamFacts {
  durationSec?: number;
  width?: number;
  height?: number;
  frameRate?: number;
  videoCodec?: string;
  audioCodec?: string;
  sampleRate?: number;
  channels?: number;
  hasVideo: boolean;
  hasAudio: boolean;
}
