/**
 * Entry of the job runtime's process bundle (`runtime-bundle.ts`): the job process, kept small so
 * it starts fast; the job itself runs in `job-worker.mjs` beside it.
 */
import { runJobProcess } from './job-process.ts';

runJobProcess(new URL('./job-worker.mjs', import.meta.url));
