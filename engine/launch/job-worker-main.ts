/** Entry of the job runtime's worker bundle (`job-worker.mjs`): the engine running one job. */
import { runJobWorker } from './job-worker.ts';

await runJobWorker();
