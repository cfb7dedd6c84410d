// The photo worker (./photo-pool.ts): runs processPhoto (src/core/passport/photo.ts) on its own
// thread. It starts with no inherited Node flags and registers tsx itself, so it loads the same way
// under `npm start` (tsx), `npx dsp` (bin/dsp.js's programmatic register) and the test runner.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { processPhoto } = await import('../../core/passport/photo.ts');

parentPort.on('message', ({ id, data }) => {
  try {
    parentPort.postMessage({ id, result: processPhoto(data) });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
