/**
 * Validation of sql nodes: inputs named by their edges (default: the source node's id; unique
 * identifiers), input schemas from a source's `schema`, CSV `columns`, through filter/keyBy/union
 * and from another sql node's output, else the node's `inferred` config (marked inferred), and
 * every refusal a TRB problem naming the query's line:column and the construct.
 */
import { describe, expect, it } from 'vitest';
import { validatePipeline } from '../../nodes/load.ts';
import type { Problem } from '../../pipeline/problems.ts';

const flights = { id: 'flights', type: 'values', config: { rows: [], time: { mode: 'event', field: 'ts' }, schema: { origin: 'STRING', delay: 'INT' } } };
const sql = (query: string, extra: Record<string, unknown> = {}) => ({ id: 'q', type: 'sql', config: { query, ...extra } });
const doc = (nodes: unknown[], edges: unknown[]) => ({ version: 1, name: 't', nodes, edges });
const problems = (d: unknown): Problem[] => {
  const r = validatePipeline(d);
  return r.ok ? [] : r.problems;
};

describe('sql node validation', () => {
  it('names an input by its source node id when the edge has no targetPort', () => {
    const r = validatePipeline(doc([flights, sql('SELECT origin FROM flights')], [{ id: 'e', source: 'flights', target: 'q' }]));
    expect(r.ok).toBe(true);
    expect(r.schemas.q).toEqual({ inputs: { flights: [{ name: 'origin', type: 'STRING' }, { name: 'delay', type: 'INT' }] }, output: [{ name: 'origin', type: 'STRING' }] });
  });

  it('takes a table name from the edge, refuses names that are not identifiers or name two inputs', () => {
    const other = { ...flights, id: 'other' };
    expect(validatePipeline(doc([flights, sql('SELECT origin FROM f')], [{ id: 'e', source: 'flights', target: 'q', targetPort: 'f' }])).ok).toBe(true);
    expect(problems(doc([flights, sql('SELECT 1 AS x FROM flights')], [{ id: 'e', source: 'flights', target: 'q', targetPort: 'no good' }]))).toContainEqual(
      expect.objectContaining({ code: 'TRB019', edgeId: 'e', nodeId: 'q', field: 'input no good' }),
    );
    const twice = problems(doc([flights, other, sql('SELECT origin FROM f')], [{ id: 'a', source: 'flights', target: 'q', targetPort: 'f' }, { id: 'b', source: 'other', target: 'q', targetPort: 'f' }]));
    expect(twice).toContainEqual(expect.objectContaining({ code: 'TRB019', nodeId: 'q', field: 'input f', message: expect.stringContaining('2 edges name the input "f"') }));
  });

  it('passes a schema through filter, keyBy and union, and from one sql node to the next', () => {
    const r = validatePipeline(
      doc(
        [
          flights,
          { id: 'late', type: 'filter', code: 'event.delay > 0' },
          { id: 'keyed', type: 'keyBy', config: { key: { fields: ['origin'] } } },
          sql('SELECT origin, delay * 2 AS d2 FROM keyed'),
          { id: 'q2', type: 'sql', config: { query: 'SELECT SUM(d2) AS s, window_start FROM TABLE(TUMBLE(TABLE q, DESCRIPTOR(rowtime), INTERVAL \'1\' HOUR)) GROUP BY window_start, window_end' } },
        ],
        [
          { id: 'a', source: 'flights', target: 'late' },
          { id: 'b', source: 'late', target: 'keyed' },
          { id: 'c', source: 'keyed', target: 'q' },
          { id: 'd', source: 'q', target: 'q2' },
        ],
      ),
    );
    expect(r.ok ? [] : r.problems).toEqual([]);
    expect(r.schemas.q2?.output).toEqual([
      { name: 's', type: 'INT' },
      { name: 'window_start', type: 'TIMESTAMP(3) NOT NULL' },
    ]);
  });

  it('does not ask again for the schema of an input whose sql node is itself refused', () => {
    const r = problems(
      doc([flights, sql('SELECT nope FROM flights'), { id: 'q2', type: 'sql', config: { query: 'SELECT * FROM q' } }], [
        { id: 'a', source: 'flights', target: 'q' },
        { id: 'b', source: 'q', target: 'q2' },
      ]),
    );
    expect(r.map((p) => `${p.code} ${p.nodeId}`)).toEqual(['TRB020 q']);
  });

  it('reads CSV columns as a schema', () => {
    const csv = { id: 'air', type: 'fileSource', config: { path: 'airports.csv', csv: { columns: { iata: 'string', lat: 'number', n: 'integer' } }, time: { mode: 'processing' } } };
    const r = validatePipeline(doc([csv, sql('SELECT iata, lat, n FROM air')], [{ id: 'e', source: 'air', target: 'q' }]));
    expect(r.schemas.q?.inputs.air).toEqual([
      { name: 'iata', type: 'STRING' },
      { name: 'lat', type: 'DOUBLE' },
      { name: 'n', type: 'BIGINT' },
    ]);
  });

  it('asks for a schema where an input has none, and uses inferred columns marked as inferred', () => {
    const bare = { id: 'm', type: 'map', code: '({ x: event.delay })' };
    const edges = [
      { id: 'a', source: 'flights', target: 'm' },
      { id: 'b', source: 'm', target: 'q' },
    ];
    expect(problems(doc([flights, bare, sql('SELECT x FROM m')], edges))).toEqual([
      expect.objectContaining({ code: 'TRB021', nodeId: 'q', field: 'input m', message: expect.stringContaining('input "m" (from m) has no schema') }),
    ]);
    const r = validatePipeline(doc([flights, bare, sql('SELECT x FROM m', { inferred: { m: { x: 'BIGINT' } } })], edges));
    expect(r.ok).toBe(true);
    expect(r.schemas.q?.inputs.m).toEqual([{ name: 'x', type: 'BIGINT', inferred: true }]);
  });

  it('places a bad declared type on the source field that declares it', () => {
    const bad = { ...flights, config: { ...flights.config, schema: { origin: 'STRNG', delay: 'INT' } } };
    expect(problems(doc([bad, sql('SELECT origin FROM flights')], [{ id: 'e', source: 'flights', target: 'q' }]))).toEqual([
      expect.objectContaining({ code: 'TRB005', nodeId: 'flights', field: 'schema.origin', message: expect.stringContaining("'STRNG' is not a SQL type") }),
    ]);
  });

  it('refuses what Flink streaming would run as an updating query, with line:column and the construct', () => {
    const edges = [{ id: 'e', source: 'flights', target: 'q' }];
    expect(problems(doc([flights, sql('SELECT origin, COUNT(*) AS n\nFROM flights\nGROUP BY origin')], edges))).toEqual([
      expect.objectContaining({ code: 'TRB020', nodeId: 'q', field: 'query', line: 3, column: 10, message: expect.stringMatching(/^GROUP BY: GROUP BY without a window/) }),
    ]);
    const join = problems(doc([flights, { ...flights, id: 'f2' }, sql('SELECT a.origin FROM flights a JOIN f2 b ON a.origin = b.origin')], [...edges, { id: 'e2', source: 'f2', target: 'q' }]));
    expect(join).toEqual([expect.objectContaining({ code: 'TRB020', field: 'query', line: 1, message: expect.stringMatching(/^regular join: /) })]);
    expect(problems(doc([flights, sql('SELECT nope FROM flights')], edges))).toEqual([
      expect.objectContaining({ code: 'TRB020', line: 1, column: 8, message: expect.stringContaining("'nope'") }),
    ]);
  });
});
