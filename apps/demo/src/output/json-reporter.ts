import { createSilentProgress } from '../render/progress.js';
import type { Reporter } from '../run-demo.js';

/** Collects nothing and draws nothing: with `--json`, the finished report is printed once, as one document. */
export function createJsonReporter(): Reporter {
  return {
    section() {
      // The report is printed whole at the end.
    },
    createProgress: () => createSilentProgress(),
  };
}
