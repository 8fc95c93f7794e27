// Worker bootstrap for development (tsx): Node 20 does not apply `--import tsx` to a worker's
// entry module, so this plain .mjs registers tsx and then imports the TypeScript entry.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
