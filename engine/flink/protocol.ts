/**
 * The answer half of the runner's JSON-lines protocol (the request half is written by
 * flink-runner.ts): the shapes a job's answer has, and their validation with zod, since they
 * come from another process.
 */
import { z } from 'zod';

/** Flink's JobStatus of a job when the answer was written (terminal unless cancelling failed). */
export type FlinkJobStatus = 'FINISHED' | 'FAILED' | 'CANCELED' | 'CANCELLING' | 'RUNNING' | 'CREATED' | 'INITIALIZING' | 'FAILING' | 'RESTARTING' | 'SUSPENDED' | 'RECONCILING';

/** One Flink job a script submitted (an INSERT, or a statement set with all its INSERTs). */
export interface FlinkSqlJob {
  /** Flink's job id, 32 hex digits. */
  jobId: string;
  /** The job name (`pipeline.name`; the SQL client's default is `insert-into_<sink table>`). */
  name: string;
  status: FlinkJobStatus;
  /** Flink's net runtime of the job in ms (absent if it did not end). */
  durationMs?: number;
  /** For a FAILED job: the failure's cause chain ("Class: message" lines, no stack frames). */
  error?: string;
}

/** The outcome of one SQL script. */
export interface FlinkSqlResult {
  /** True when every statement succeeded and every submitted job FINISHED in time. */
  ok: boolean;
  /** Wall-clock ms the runner spent on the request (statements + jobs). */
  durationMs: number;
  /** The jobs the script submitted, oldest first. */
  jobs: FlinkSqlJob[];
  /**
   * Why not ok: the SQL client's "Could not execute SQL statement." headline and Flink's cause
   * chain (e.g. a ValidationException with line and column within the statement), or a failed
   * job's cause chain, or a timeout notice followed by either.
   */
  error?: string;
  /** True when the timeout expired and the script's running jobs were cancelled. */
  timedOut?: boolean;
  /** What the SQL client printed (`Flink SQL> …`, `[INFO] …`, `[ERROR] …`), ANSI codes removed, at most 64 000 chars. */
  output: string;
}

const JOB_STATUSES = ['FINISHED', 'FAILED', 'CANCELED', 'CANCELLING', 'RUNNING', 'CREATED', 'INITIALIZING', 'FAILING', 'RESTARTING', 'SUSPENDED', 'RECONCILING'] as const;

const answerSchema = z.object({
  ok: z.boolean(),
  durationMs: z.number(),
  jobs: z
    .array(
      z.object({
        jobId: z.string(),
        name: z.string(),
        status: z.enum(JOB_STATUSES),
        durationMs: z.number().optional(),
        error: z.string().optional(),
      }),
    )
    .default([]),
  error: z.string().optional(),
  timedOut: z.boolean().optional(),
  output: z.string().default(''),
});

/**
 * Validates an answer line's object.
 *
 * @throws Error naming the bad field if the JVM sent something else (a runner bug).
 */
export function parseAnswer(message: Record<string, unknown>): FlinkSqlResult {
  const parsed = answerSchema.safeParse(message);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`).join('; ');
    throw new Error(`The Flink runner sent a malformed answer (${problems}): ${JSON.stringify(message).slice(0, 500)}`);
  }
  const { timedOut, error, ...rest } = parsed.data;
  return { ...rest, ...(error !== undefined ? { error } : {}), ...(timedOut ? { timedOut } : {}) };
}
