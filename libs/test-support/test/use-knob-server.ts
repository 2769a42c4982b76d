import { startFaultServer, type FaultServer } from '../src/index.js';

/**
 * Registers the hooks of a knob-mode suite: one server for the file, its stats reset before each
 * test. Returns a getter, valid inside tests.
 */
export function useKnobServer(): () => FaultServer {
  let server: FaultServer | undefined;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server?.close());
  beforeEach(() => server?.stats.reset());
  return () => {
    if (server === undefined) throw new Error('the knob server is only available inside a test');
    return server;
  };
}
