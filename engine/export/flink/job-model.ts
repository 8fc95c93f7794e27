/**
 * What an export collects while the translators run, node by node in topological order: the
 * statements of `job.sql` (tables and views in dependency order, the statement set's
 * INSERTs), the job's parameters, the data files it writes beside `job.sql`, the README's
 * notes, and the problems (refusals and warnings).
 */
import type { Problem } from '../../pipeline/problems.ts';
import type { FlinkParamRequest } from './translator.ts';

/** A parameter of the exported job, as `params.json` lists it. */
export interface FlinkParam extends FlinkParamRequest {
  /** `<nodeId>.<field>`. */
  name: string;
  nodeId: string;
  nodeType: string;
  /** The value written into job.sql (after `--param`). */
  used: string | readonly string[];
}

/** Where a sink writes, for the README and `flink-check`. */
export interface FlinkSinkInfo {
  nodeId: string;
  nodeType: string;
  connector: 'filesystem' | 'kafka' | 'upsert-kafka' | 'print' | 'blackhole';
  /** The filesystem sink's folder (absolute). */
  folder?: string;
  /** The Kafka topic. */
  topic?: string;
}

export interface FlinkStatement {
  nodeId: string;
  sql: string;
}

export class FlinkJobModel {
  readonly statements: FlinkStatement[] = [];
  readonly inserts: FlinkStatement[] = [];
  readonly params: FlinkParam[] = [];
  readonly sinks: FlinkSinkInfo[] = [];
  readonly dataFiles: { name: string; content: string }[] = [];
  readonly notes: { nodeId: string; text: string }[] = [];
  readonly problems: Problem[] = [];
  /** Names of tables and views created so far (a clash is refused). */
  readonly names = new Set<string>();
  /** `scan.watermark.*`-independent job options the sources ask for (auto-watermark interval). */
  readonly watermarkIntervals = new Set<number>();
  /** Set by a sink that needs checkpoints (Kafka exactly-once). */
  needsCheckpoints = false;

  refusals(): Problem[] {
    return this.problems.filter((p) => p.code === 'TRB015');
  }

  warnings(): Problem[] {
    return this.problems.filter((p) => p.code === 'TRB016');
  }
}
