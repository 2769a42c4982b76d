import { walkTree } from './walk-tree.js';

/**
 * Total apparent size in bytes of the regular files below `root` (in-progress files included:
 * they occupy disk too). Symlinks are neither followed nor counted; a missing `root` is 0.
 */
export async function treeSize(root: string): Promise<number> {
  let total = 0;
  for await (const { stats } of walkTree(root)) {
    if (stats.isFile()) total += stats.size;
  }
  return total;
}
