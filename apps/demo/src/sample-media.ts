/** The workspace's sample media generator (tools/sample-media), loaded at runtime from the source tree. */

/** The generator's API (typed by tools/sample-media/generate.d.mts). */
export type SampleMediaGenerator = typeof import('../../../tools/sample-media/generate.mjs');

// Same relative path from src/ and from dist/: both sit in apps/demo.
const GENERATOR_URL = new URL('../../../tools/sample-media/generate.mjs', import.meta.url);

/** Imports tools/sample-media/generate.mjs; it builds PNG, MP4 and WAV bytes in memory. */
export async function loadSampleMediaGenerator(): Promise<SampleMediaGenerator> {
  return (await import(GENERATOR_URL.href)) as SampleMediaGenerator;
}
