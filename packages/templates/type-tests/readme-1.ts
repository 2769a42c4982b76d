/* eslint-disable @typescript-eslint/no-unused-expressions -- README examples show values as bare expressions */
// Compiled by `nx run templates:typecheck`; src/readme.spec.ts checks that README.md's first
// TypeScript block is the text after the marker line below, verbatim.
declare const request: { style: string };
export {};
// --- README block ---
import {
  applyScript,
  estimateCost,
  fillTemplate,
  getSceneTemplate,
  listSlots,
  sceneAssetSpec,
} from '@ad-pipeline/templates';

// Deep-frozen and shared: free to call in a hot loop. An unknown style throws INVALID_STYLE
// (check first with isStyle(x) if you prefer); there is no silent fallback.
const template = getSceneTemplate(request.style);

// Literal replacement of {product_name} and {cta_text}; inputs are trimmed and checked.
const filled = fillTemplate(template, 'Aurum Chronograph', 'Shop the collection');
filled.scenes[0].voiceoverTemplate; // 'Discover Aurum Chronograph.'

// What is left for the script writer:
listSlots(filled);
// [{ slot: 'benefit statement', sceneId: 2, field: 'voiceoverTemplate' },
//  { slot: 'social proof', sceneId: 3, field: 'voiceoverTemplate' }]

const scripted = applyScript(filled, {
  'benefit statement': 'Hand-finished in Geneva, accurate to two seconds a day.',
  '[social proof]': 'Chosen by collectors in forty countries.', // brackets optional
});
// or replace a whole voiceover by scene id: applyScript(filled, { 2: '…', 3: '…' })

estimateCost(scripted);
// { videoSeconds: 26, imageCount: 1, videoUsd: 1.3, imageUsd: 0.01, totalUsd: 1.31 }

// What each scene's asset must be, in the shape of asset-manager's `expect` option:
sceneAssetSpec(scripted, 1);
// { kind: 'video', durationSec: 8, minDurationSec: 7.75, maxDurationSec: 8.25,
//   aspectRatio: '9:16', aspectTolerance: 0.01, hasVideo: true }
sceneAssetSpec(scripted, 4); // { kind: 'image', aspectRatio: '9:16', aspectTolerance: 0.01 }
sceneAssetSpec(scripted, 2, { asset: 'voiceover' }); // { kind: 'audio', maxDurationSec: 8.25, hasAudio: true }
