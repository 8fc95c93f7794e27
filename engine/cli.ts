/**
 * `tributary` — run, validate and inspect pipelines from the command line.
 *
 *   tributary run FILE [--out DIR] [--speed max|N] [--set nodeId.field=value ...] [--json]
 *   tributary validate FILE [--json]
 *   tributary nodes [--json]
 */
import { Command, CommanderError } from 'commander';
import { nodesCommand, runCommand, validateCommand, type Io } from './cli/commands.ts';

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
    .action(async (file: string, options) => {
      code = await runCommand(io, file, options);
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
