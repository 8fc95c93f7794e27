/** A `Job` built with every node type's operator (the registry of `engine/nodes/registry.ts`). */
import { Job, type JobOptions } from '../runtime/job.ts';
import type { ValidPipeline } from '../pipeline/validate.ts';
import type { OperatorRegistry } from '../runtime/operator.ts';
import { OPERATORS } from './registry.ts';

/** @throws Error naming the node when an operator cannot be built (see `Job`). */
export function createJob(pipeline: ValidPipeline, options: Omit<JobOptions, 'operators'>): Job {
  return new Job(pipeline, { ...options, operators: OPERATORS as unknown as OperatorRegistry });
}
