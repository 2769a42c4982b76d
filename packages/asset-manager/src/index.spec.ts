import * as api from './index.js';

// The entry is the public API: the class and the pure helpers around it. The download engine takes
// raw paths and would bypass job containment, so it must stay internal.
describe('public surface of @ad-pipeline/asset-manager', () => {
  it.each([
    'downloadToFile',
    'downloadToFileWithRetry',
    'downloadAll',
    'assertKind',
    'createNetworkContext',
  ])('does not export the internal %s', (name) => {
    expect(Object.keys(api)).not.toContain(name);
  });

  it('exports the AssetManager class and its documented helpers', () => {
    expect(typeof api.AssetManager).toBe('function');
    expect(typeof api.AssetManager.sweep).toBe('function');
    for (const name of [
      'isBlockedAddress',
      'closeSharedAgents',
      'isSubdir',
      'isValidJobId',
      'isAssetKind',
      'sniffMedia',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
    expect(api.SUBDIRS).toEqual(['scenes', 'audio', 'final']);
    expect(api.DEFAULT_TIMEOUT_MS).toBe(300_000);
  });
});
