import { imageSizeFromFile } from 'image-size/fromFile';
import type { StreamFacts } from './stream-facts.js';

/**
 * Width and height of a still (PNG, JPEG, WebP, GIF, AVIF/HEIC, TIFF, …) from its header with
 * image-size, which reads at most the first 512 KiB. Stored pixel dimensions, as ffprobe reports
 * them (a JPEG's EXIF orientation is not applied).
 */
export async function readImageDimensions(path: string): Promise<StreamFacts> {
  const { width, height } = await imageSizeFromFile(path);
  const facts: StreamFacts = { hasVideo: false, hasAudio: false };
  if (width) facts.width = width;
  if (height) facts.height = height;
  return facts;
}
