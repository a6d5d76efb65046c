/** Worker thread body for sim/sweep.ts: runs the seeds it is sent and posts back the results. */
import { parentPort } from 'node:worker_threads';
import { runSeedsInline } from './sweep.js';
if (parentPort === null)
    throw new Error('sweep_worker must run in a worker thread');
const port = parentPort;
port.on('message', (m) => {
    void runSeedsInline(m.seeds, m.opts).then((rs) => port.postMessage(rs));
});
//# sourceMappingURL=sweep_worker.js.map