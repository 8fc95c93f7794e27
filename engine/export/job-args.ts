/**
 * Command-line arguments of an exported job (`node job.mjs ...`), parsed with `node:util`'s
 * `parseArgs` so the bundle carries no argument library.
 */
import { parseArgs } from 'node:util';
import type { ReplaySpeed } from '../pipeline/config-schemas.ts';

export interface JobArgs {
  checkpointDir?: string;
  checkpointIntervalMs?: number;
  restore?: string;
  fresh: boolean;
  allowNonRestoredState: boolean;
  params: string[];
  paramsFile?: string;
  metricsPort?: number;
  speed?: ReplaySpeed;
  progress: boolean;
  listParams: boolean;
  /** Run the bundled tests instead of the job. */
  test: boolean;
  /** With `test`: also write a JUnit XML report here. */
  junit?: string;
  help: boolean;
}

/** Bad usage: the job exits with code 2. */
export class UsageError extends Error {}

export const USAGE = `usage: node job.mjs [options]

  --param NAME=VALUE          set a parameter (repeatable); --list-params shows them
  --params-file FILE          parameters from a JSON object { "NAME": "VALUE" }
  --checkpoint-dir DIR        take checkpoints into DIR and resume from the latest complete one
  --checkpoint-interval MS    checkpoint interval (default: the pipeline's, else 1000)
  --restore WHAT              latest (default), a checkpoint id, or a savepoint directory
  --fresh                     ignore existing checkpoints and start from the beginning
  --allow-non-restored-state  drop saved state of nodes that are gone or changed shape
  --metrics-port N            serve Prometheus metrics on http://127.0.0.1:N/metrics (0: any port)
  --speed max|N               replay file sources at a multiple of event time (default: the pipeline's)
  --no-progress               no progress lines
  --list-params               list the parameters and their environment variables, then exit
  --test                      run the bundled tests (tests/) instead of the job; exit 0 when all pass
  --junit FILE                with --test: also write a JUnit XML report
  --help                      this text

Parameters can also be set with environment variables TRIBUTARY_PARAM_<NODEID>_<FIELD>.
SIGTERM or SIGINT stops the job gracefully (with a savepoint when checkpointing), exit code 0.`;

function positiveInt(name: string, text: string | undefined, allowZero = false): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new UsageError(`${name} takes a ${allowZero ? 'non-negative' : 'positive'} integer, not "${text}"`);
  return n;
}

/** Parses `--speed`: `max` or a positive multiple of event time. @throws UsageError. */
export function parseSpeedArg(text: string): ReplaySpeed {
  if (text === 'max') return 'max';
  const n = Number(text.replace(/x$/i, ''));
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`--speed takes "max" or a positive number (e.g. 10 or 10x), not "${text}"`);
  return n;
}

/**
 * Parses the job's arguments.
 * @throws UsageError for unknown options, missing values or bad numbers.
 */
export function parseJobArgs(argv: readonly string[]): JobArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        'checkpoint-dir': { type: 'string' },
        'checkpoint-interval': { type: 'string' },
        restore: { type: 'string' },
        fresh: { type: 'boolean', default: false },
        'allow-non-restored-state': { type: 'boolean', default: false },
        param: { type: 'string', multiple: true, default: [] },
        'params-file': { type: 'string' },
        'metrics-port': { type: 'string' },
        speed: { type: 'string' },
        'no-progress': { type: 'boolean', default: false },
        'list-params': { type: 'boolean', default: false },
        test: { type: 'boolean', default: false },
        junit: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const args: JobArgs = {
    checkpointDir: values['checkpoint-dir'],
    checkpointIntervalMs: positiveInt('--checkpoint-interval', values['checkpoint-interval']),
    restore: values.restore,
    fresh: values.fresh === true,
    allowNonRestoredState: values['allow-non-restored-state'] === true,
    params: values.param ?? [],
    paramsFile: values['params-file'],
    metricsPort: positiveInt('--metrics-port', values['metrics-port'], true),
    speed: values.speed === undefined ? undefined : parseSpeedArg(values.speed),
    progress: values['no-progress'] !== true,
    listParams: values['list-params'] === true,
    test: values.test === true,
    junit: values.junit,
    help: values.help === true,
  };
  if (args.checkpointDir === undefined && (args.restore !== undefined || args.fresh)) throw new UsageError('--restore and --fresh need --checkpoint-dir');
  if (args.junit !== undefined && !args.test) throw new UsageError('--junit is for --test');
  if (args.test && (args.checkpointDir !== undefined || args.metricsPort !== undefined)) throw new UsageError('--test runs the tests without checkpoints or metrics: leave out --checkpoint-dir and --metrics-port');
  if (args.metricsPort !== undefined && args.metricsPort > 65535) throw new UsageError(`--metrics-port ${args.metricsPort}: not a port`);
  return args;
}
