/**
 * `tributary` — run, validate and inspect pipelines from the command line.
 *
 *   tributary run FILE [--out DIR] [--speed max|N] [--set nodeId.field=value ...] [--json] [--trust]
 *   tributary trust [DIR] [--remove] [--list]
 *   tributary validate FILE [--json]
 *   tributary export FILE --out DIR [--tgz]
 *   tributary export FILE --target flink --out DIR [--strict] [--param name=value ...] [--sample node=FILE ...]
 *   tributary flink-check FILE [--input node=FILE ...] [--trust] [--json]
 *   tributary nodes [--json]
 *   tributary savepoint --checkpoint-dir DIR --out SAVEPOINT [--id N] [--name NAME]
 *   tributary checkpoints DIR [--json]
 *
 * `run --checkpoint-dir DIR` takes checkpoints and resumes from the latest complete one
 * (`--restore latest|<id>|<savepoint dir>`, `--fresh`, `--allow-non-restored-state`).
 */
import { Command, CommanderError } from 'commander';
import { checkpointsCommand, nodesCommand, savepointCommand, trustCommand, validateCommand } from './cli/commands.ts';
import { runCommand } from './cli/run-command.ts';
import type { Io } from './cli/io.ts';
import { exportCommand, type ExportCommandOptions } from './cli/export-command.ts';
import { flinkCheckCommand, type FlinkCheckCommandOptions } from './cli/flink-check-command.ts';

const io: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  isTty: process.stderr.isTTY === true,
};

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export async function main(argv: readonly string[]): Promise<number> {
  let code = 0;
  const program = new Command('tributary')
    .description('Design, validate and run stream pipelines with Apache Flink semantics')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  program
    .command('run')
    .description('run a pipeline to the end of its input')
    .argument('<file>', 'a *.pipeline.json file')
    .option('--out <dir>', 'file sinks write <dir>/<nodeId>.jsonl')
    .option('--speed <speed>', 'replay speed: max, or a multiple of event time (1, 10, 100...)')
    .option('--set <nodeId.field=value>', 'override a config field (repeatable); value parsed as JSON when it can be', collect)
    .option('--json', 'print the run summary as JSON on stdout')
    .option('--no-progress', 'no progress bar')
    .option('--checkpoint-dir <dir>', 'take checkpoints into <dir> and resume from the latest complete one')
    .option('--checkpoint-interval <ms>', "checkpoint interval (default: the pipeline's checkpoint.intervalMs, else 1000)")
    .option('--restore <what>', 'latest (default), a checkpoint id, or a savepoint directory')
    .option('--fresh', 'ignore existing checkpoints and start from the beginning')
    .option('--allow-non-restored-state', 'drop saved state of removed nodes or nodes whose state shape changed')
    .option('--trust', "run the pipeline's code although its folder is not trusted (this once)")
    .action(async (file: string, options) => {
      code = await runCommand(io, file, options);
    });
  program
    .command('trust')
    .description("trust a folder: pipelines in it may run their code (validate and export never run code)")
    .argument('[dir]', 'the folder (omit to list the trusted folders)')
    .option('--remove', 'stop trusting the folder')
    .option('--list', 'list the trusted folders')
    .action((dir: string | undefined, options: { remove?: boolean; list?: boolean }) => {
      code = trustCommand(io, dir, options);
    });
  program
    .command('validate')
    .description('check a pipeline and list every problem')
    .argument('<file>', 'a *.pipeline.json file')
    .option('--json', 'print problems as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      code = await validateCommand(io, file, options);
    });
  program
    .command('export')
    .description('validate a pipeline and write a runnable job bundle (node job.mjs), or with --target flink a Flink SQL job (job.sql), into <dir>')
    .argument('<file>', 'a *.pipeline.json file')
    .requiredOption('--out <dir>', 'the bundle folder')
    .option('--tgz', 'also write <dir>.tgz')
    .option('--target <target>', 'node (a job bundle, default) or flink (a Flink 1.20 SQL job)')
    .option('--strict', 'flink: refuse the export on warnings too (differences only late data shows)')
    .option('--param <name=value>', 'flink: a parameter (path, topic, brokers) written into job.sql (repeatable)', collect)
    .option('--sample <node=file>', 'flink: JSON lines of records typing a Kafka source\'s columns (repeatable)', collect)
    .action(async (file: string, options: ExportCommandOptions) => {
      code = await exportCommand(io, file, options);
    });
  program
    .command('flink-check')
    .description('export the pipeline for Apache Flink, run it on a local Flink and on the embedded engine over the same sample, and compare every sink')
    .argument('<file>', 'a *.pipeline.json file')
    .option('--input <node=file>', 'a sample for a source: the file it reads instead (JSON lines of records for Kafka, values and generator sources; repeatable)', collect)
    .option('--trust', "run the pipeline's code although its folder is not trusted (this once)")
    .option('--json', 'print the result as JSON')
    .option('--keep', 'keep the work folder (job.sql and both outputs) and print its path')
    .action(async (file: string, options: FlinkCheckCommandOptions) => {
      code = await flinkCheckCommand(io, file, options);
    });
  program
    .command('savepoint')
    .description('copy a complete checkpoint into a self-contained savepoint directory (SIGUSR2 does it during a run)')
    .requiredOption('--checkpoint-dir <dir>', 'the checkpoint directory of the run')
    .requiredOption('--out <dir>', 'the savepoint directory to create')
    .option('--id <n>', 'which checkpoint (default: the latest complete one)')
    .option('--name <name>', 'a name for the savepoint')
    .action(async (options: { checkpointDir: string; out: string; id?: string; name?: string }) => {
      code = await savepointCommand(io, options);
    });
  program
    .command('checkpoints')
    .description('list the complete checkpoints in a checkpoint directory')
    .argument('<dir>', 'the checkpoint directory')
    .option('--json', 'as JSON')
    .action(async (dir: string, options: { json?: boolean }) => {
      code = await checkpointsCommand(io, dir, options);
    });
  program
    .command('nodes')
    .description('list the node types with their ports and config fields')
    .option('--json', 'as JSON')
    .action((options: { json?: boolean }) => {
      code = nodesCommand(io, options);
    });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    io.err(`tributary: ${(error as Error).message}`);
    return 1;
  }
  return code;
}
