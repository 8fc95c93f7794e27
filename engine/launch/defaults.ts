/** Defaults every way of launching a job shares (CLI, engine host, exported bundles). */

/** Checkpoint interval when neither the run nor the pipeline sets one (ms of processing time). */
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 1000;
/** How often the job reports its metrics (ms): about ten times a second. */
export const DEFAULT_METRICS_INTERVAL_MS = 100;
