/**
 * The {@link FlinkContext} a translator gets for one node: it registers the node's tables,
 * views and INSERTs in the job model, resolves parameters, reads samples, and turns the shared
 * machinery's refusals (code outside the subset, a time that cannot be read) into one refusal
 * of the node, thrown as {@link NodeRefusal} and caught by the exporter.
 */
import { isAbsolute, join, resolve } from 'node:path';
import type { KeySpec } from '../../pipeline/config-schemas.ts';
import { CodeRefusal } from './code/parse-code.ts';
import { asText } from './code/sql-value.ts';
import { translatePredicate, translateRecord, translateValue } from './code/translate.ts';
import { concreteType, inferColumns } from './infer-columns.ts';
import { intervalLiteral } from './intervals.ts';
import type { FlinkJobModel } from './job-model.ts';
import { readSample } from './sample.ts';
import { sourceTime, TimeRefusal } from './source-time.ts';
import { ident, mergeColumns, sqlString, typeSql, type SqlColumn } from './sql-types.ts';
import type { CodeTranslator, FlinkContext, FlinkParamRequest, FlinkStream, ResolvedKey, StreamTime, TableDefinition } from './translator.ts';

/** A node's refusal: one problem, naming the construct and why. */
export class NodeRefusal extends Error {
  constructor(
    readonly construct: string,
    readonly reason: string,
    readonly field?: string,
  ) {
    super(`${construct}: ${reason}`);
    this.name = 'NodeRefusal';
  }
}

/** What every node's context shares. */
export interface ContextSettings {
  job: FlinkJobModel;
  pipelineName: string;
  /** Folder the document's relative paths resolve against. */
  baseDir: string;
  /** The export folder (data files go to `data/`). */
  outDir: string;
  /** `--param name=value` values by name. */
  params: ReadonlyMap<string, string>;
  /** Folder relative `--param` paths resolve against. */
  cwd: string;
  forCheck: boolean;
  /** Sample files (JSON lines of records) by source node id, for sources without a file of their own. */
  samples: ReadonlyMap<string, string>;
}

function splitList(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
    throw new Error(`not a JSON array of strings: ${text}`);
  }
  return trimmed.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

/** `out/hourly.jsonl` → `out/hourly`: a filesystem sink's path is a folder of part files. */
export function sinkFolderOf(path: string): string {
  return path.replace(/\.(jsonl|ndjson|json)$/i, '');
}

/** Builds the context for node `nodeId` of type `nodeType`. */
export function nodeContext(settings: ContextSettings, nodeId: string, nodeType: string): FlinkContext {
  const { job } = settings;
  const refuse = (construct: string, reason: string, field?: string): never => {
    throw new NodeRefusal(construct, reason, field);
  };
  const guarded = <T>(field: string, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      if (error instanceof CodeRefusal) return refuse(`\`${error.construct}\``, error.reason, field);
      throw error;
    }
  };
  const code: CodeTranslator = {
    predicate: (text, params, field = 'code') => guarded(field, () => translatePredicate(text, params)),
    value: (text, params, field = 'code') => guarded(field, () => translateValue(text, params)),
    record: (text, params, field = 'code') => guarded(field, () => translateRecord(text, params)),
  };
  const claim = (name: string): void => {
    if (job.names.has(name)) refuse(`table or view \`${name}\``, 'another node already uses this name in job.sql; rename one of the nodes');
    job.names.add(name);
  };
  const literal = (value: string): string => {
    if (/[\r\n]/.test(value)) refuse(`the value ${JSON.stringify(value.slice(0, 40))}`, "holds a line break; the SQL client ends statements at a ';' that ends a line, so job.sql keeps every value on one line");
    return sqlString(value);
  };
  const columnRef = (alias: string | undefined, name: string): string => (alias ? `${ident(alias)}.${ident(name)}` : ident(name));

  const ctx: FlinkContext = {
    nodeId,
    pipelineName: settings.pipelineName,
    forCheck: settings.forCheck,
    refuse,
    warn: (construct, message, field) => {
      job.problems.push({ code: 'TRB016', nodeId, field, message: `${construct}: ${message}` });
    },
    note: (text) => {
      job.notes.push({ nodeId, text });
    },
    ident,
    str: literal,
    sqlType: typeSql,
    interval: (ms, field) => intervalLiteral(ms) ?? refuse(`${field} ${ms} ms`, 'a Flink SQL interval literal holds whole milliseconds below 100 days', field),
    auxName: (suffix) => `${nodeId}__${suffix}`,
    view: (name, select, shape) => {
      claim(name);
      job.statements.push({ nodeId, sql: `CREATE VIEW ${ident(name)} AS\n${select};` });
      return { ...shape, name };
    },
    table: (def: TableDefinition) => {
      claim(def.name);
      const lines = [...def.columns, ...(def.constraints ?? [])].map((l) => `  ${l}`);
      const options = def.options.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`);
      const comment = def.comment ? `-- ${def.comment}\n` : '';
      job.statements.push({ nodeId, sql: `${comment}CREATE TABLE ${ident(def.name)} (\n${lines.join(',\n')}\n) WITH (\n${options.join(',\n')}\n);` });
    },
    insert: (table, select) => {
      job.inserts.push({ nodeId, sql: `INSERT INTO ${ident(table)}\n${select};` });
    },
    param: (request: FlinkParamRequest) => {
      const name = `${nodeId}.${request.field}`;
      const given = settings.params.get(name);
      let used: string | readonly string[] = request.value;
      if (given !== undefined) {
        if (request.kind === 'list') used = splitList(given);
        else if (request.kind === 'path' || request.kind === 'folder') used = isAbsolute(given) ? given : resolve(settings.cwd, given);
        else used = given;
      }
      if (request.kind === 'folder' && typeof used === 'string') used = sinkFolderOf(used);
      job.params.push({ ...request, name, nodeId, nodeType, used });
      return used;
    },
    resolvePath: (path) => resolve(settings.baseDir, path),
    readSample: (path, format, csv) => readSample(path, format, csv),
    writeData: async (rows) => {
      const name = `data/${nodeId}.jsonl`;
      job.dataFiles.push({ name, content: rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '') });
      return join(resolve(settings.outDir), name);
    },
    columnsOf: (rows, what) => {
      if (rows.length === 0) return refuse(what, 'has no records to type its columns from (Flink SQL declares every column)');
      const inferred = inferColumns(rows);
      if (!inferred.ok) {
        const c = inferred.clash;
        return refuse(`field "${c.field}"`, `${what} holds ${article(c.was)} and ${article(c.got)} in this field (record ${c.sample}); a Flink column has one type`);
      }
      const rowtime = inferred.columns.find((c) => c.name === 'rowtime');
      if (rowtime) refuse('field "rowtime"', 'the export adds the time attribute `rowtime` to every stream; rename the field');
      return inferred.columns.map((c) => ({ ...c, type: concreteType(c.type) }));
    },
    sourceTime: (time, watermarks, columns, field) => {
      try {
        const t = sourceTime(time, watermarks, columns, field);
        if (t.time === 'attribute' && time.mode !== 'processing') job.watermarkIntervals.add(watermarks.interval);
        return t;
      } catch (error) {
        if (error instanceof TimeRefusal) return refuse(error.construct, error.reason, field);
        if (error instanceof CodeRefusal) return refuse(`\`${error.construct}\``, error.reason, field);
        throw error;
      }
    },
    key: (stream, spec: KeySpec | undefined, field, alias): ResolvedKey | undefined => {
      const key = spec ?? (stream.key?.kind === 'fields' ? { fields: [...stream.key.fields] } : stream.key ? { expression: stream.key.code } : undefined);
      if (!key) return undefined;
      if ('fields' in key) {
        const columns = key.fields.map((f) => stream.columns.find((c) => c.name === f) ?? refuse(`key field "${f}"`, `the input has no field "${f}" (fields: ${stream.columns.map((c) => c.name).join(', ')})`, field));
        return { kind: 'fields', fields: key.fields, columns };
      }
      return guarded(`${field}.expression`, () => ({ kind: 'expression', sql: asText(translateValue(key.expression, { event: { alias, columns: stream.columns } }), key.expression) }));
    },
    unionAll: (streams) => {
      let columns: SqlColumn[] = [];
      for (const s of streams) columns = mergeColumns(columns, s.columns) ?? refuse('inputs', `the inputs give one field different types (${describeTypes(streams)}); a Flink column has one type`);
      // A field some inputs lack is absent from their records in Tributary.
      columns = columns.map((c) => (streams.every((s) => s.columns.some((x) => x.name === c.name)) ? c : { ...c, missing: true }));
      const times = new Set(streams.map((s) => s.time));
      const time: StreamTime = times.size === 1 ? (streams[0] as FlinkStream).time : 'plain';
      const branch = (s: FlinkStream): string => {
        const list = columns.map((c) => {
          const own = s.columns.find((x) => x.name === c.name);
          if (!own) return `CAST(NULL AS ${typeSql(c.type)}) AS ${ident(c.name)}`;
          return own.type.kind !== c.type.kind ? `CAST(${ident(c.name)} AS ${typeSql(c.type)}) AS ${ident(c.name)}` : ident(c.name);
        });
        return `SELECT ${[...list, time === 'plain' && s.time !== 'plain' ? 'CAST(`rowtime` AS TIMESTAMP_LTZ(3)) AS `rowtime`' : '`rowtime`'].join(', ')} FROM ${ident(s.name)}`;
      };
      return { select: streams.map(branch).join('\nUNION ALL\n'), columns, time };
    },
    selectList: (stream, alias) => [...stream.columns.map((c) => columnRef(alias, c.name)), columnRef(alias, 'rowtime')].join(', '),
    code,
    samplePath: settings.samples.get(nodeId),
    sink: (info) => {
      job.sinks.push({ nodeId, nodeType, ...info });
    },
    needCheckpoints: () => {
      job.needsCheckpoints = true;
    },
  };
  return ctx;
}

function describeTypes(streams: readonly FlinkStream[]): string {
  return streams.map((s) => `${s.name}: ${s.columns.map((c) => `${c.name} ${typeSql(c.type)}`).join(', ')}`).join('; ');
}

function article(word: string): string {
  return `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;
}
