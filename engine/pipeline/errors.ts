/**
 * The numbered catalogue of run-time failures, beside the validation problems of
 * `problems.ts` (TRB0xx): a failed run carries a code from here and, when one node is to blame,
 * its id — through the job worker, the job process, the host protocol and the UI, never
 * recovered from message text. Pure: the renderer shows the help text.
 */

export const ERROR_CODES = {
  TRB101: 'A node could not be built or opened: a file it reads is missing, a key is missing, a table has no such column.',
  TRB102: "A node's user code did not return within `settings.udfTimeoutMs`; the run was stopped.",
  TRB103: 'The job ran out of memory (its heap limit, `settings.maxHeapMb`); the node running at the time is named when known.',
  TRB104: 'A node failed while the job ran (a source could not read, a sink could not write, an operator threw).',
  TRB105: 'A checkpoint or savepoint could not be written.',
  TRB106: 'The run could not restore: no usable checkpoint, a changed state shape, or a damaged checkpoint store.',
  TRB107: 'The job process stopped unexpectedly (killed, or crashed outside the engine).',
  TRB108: 'The pipeline is not trusted: its code runs only after the user trusts its folder (`--trust`, or Trust in the studio).',
  TRB109: 'The run was refused by its limits: too many runs at once, or an input outside the workspace.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A run-time failure as it travels between processes and to the UI (plain data). */
export interface ErrorInfo {
  code: ErrorCode;
  /** One line, starting with `node <id>: ` when a node is to blame. */
  message: string;
  nodeId?: string;
}

/**
 * A run-time failure with its catalogue code and, when one node is to blame, the node's id.
 * The message starts with `node <id>: ` in that case, so logs read well without the fields.
 */
export class TributaryError extends Error {
  readonly code: ErrorCode;
  readonly nodeId: string | undefined;

  constructor(code: ErrorCode, message: string, nodeId?: string) {
    super(nodeId !== undefined && !message.startsWith(`node ${nodeId}:`) ? `node ${nodeId}: ${message}` : message);
    this.name = 'TributaryError';
    this.code = code;
    this.nodeId = nodeId;
  }

  /** The plain-data form for messages between processes. */
  toInfo(): ErrorInfo {
    return this.nodeId === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, nodeId: this.nodeId };
  }
}

/**
 * The `ErrorInfo` of anything thrown: a `TributaryError` keeps its code and node; anything else
 * gets `fallback` (an error escaping the engine's own checks).
 */
export function errorInfo(error: unknown, fallback: ErrorCode = 'TRB104'): ErrorInfo {
  if (error instanceof TributaryError) return error.toInfo();
  return { code: fallback, message: error instanceof Error ? error.message : String(error) };
}
