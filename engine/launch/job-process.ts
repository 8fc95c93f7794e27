/**
 * The job process: what `launchJob` forks, inside Node's permission model (file reads limited to
 * the pipeline's inputs, writes to its outputs and checkpoint folder, no child processes, no
 * code generation from strings). It receives one `start` message over IPC, supervises the job
 * worker, relays every event to the launcher and the launcher's commands to the worker, and
 * exits when the run has ended.
 */
import { TributaryError } from '../pipeline/errors.ts';
import type { StartMessage, WorkerCommand, WorkerEvent } from './messages.ts';
import { superviseJob } from './supervisor.ts';

/** Serves one run. `workerEntry` is the job worker's file (`job-worker.mjs`). */
export function runJobProcess(workerEntry: URL): void {
  let sent: Promise<void> = Promise.resolve();
  const send = (event: WorkerEvent): void => {
    sent = new Promise((resolve) => process.send?.(event, undefined, undefined, () => resolve()));
  };
  if (!process.send) {
    process.stderr.write('the job process is started by Tributary (launchJob), not by hand\n');
    process.exitCode = 2;
    return;
  }
  let supervised: ReturnType<typeof superviseJob> | undefined;
  process.on('message', (message: StartMessage | WorkerCommand) => {
    if (message.type === 'start') {
      if (supervised) return;
      supervised = superviseJob(workerEntry, message.request, send);
      // After the last event has gone out, the job process is done.
      void supervised.done.then(() => sent).then(() => process.exit(0));
    } else supervised?.command(message);
  });
  process.on('disconnect', () => {
    // The launcher is gone (killed): the job goes with it at once, as one run, so a restarted
    // run never meets this one still holding its files.
    process.kill(process.pid, 'SIGKILL');
  });
  process.on('uncaughtException', (error) => {
    send({ type: 'failed', error: new TributaryError('TRB107', `job process error: ${error.message}`).toInfo() });
    process.exit(1);
  });
}
