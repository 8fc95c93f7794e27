// Plan tests: SQL in, EXPLAIN text out, one per supported query shape (projection/filter, the
// four window TVFs with aggregation, window Top-N, interval and window joins, UNION ALL, WITH,
// cascaded windows, a standalone TVF). Each expectation is written from the query: the operator
// Flink's planner would choose, its keys, window sizes in readable units, interval bounds as
// inclusive milliseconds (a strict bound moved by 1 ms) and the output schema.
import { describe, expect, it } from 'vitest';
import { compileSql } from '../../engine/sql/index.ts';
import { explain, INPUTS } from './helpers.ts';

const SRC_F = 'Source(table=[flights], fields=[origin, dest, delay, dist, rowtime])';
const SRC_A = 'Source(table=[airports], fields=[code, state, rowtime])';
const lines = (...ls: string[]) => ls.join('\n');

describe('stateless queries', () => {
  it('plans a projection and filter as one Calc', () => {
    expect(explain("SELECT origin, delay * 2 AS d2 FROM flights WHERE delay > 60 AND dest = 'JFK'")).toBe(
      lines(
        "Calc(select=[origin, *(delay, 2) AS d2], where=[AND(>(delay, 60), =(dest, 'JFK'))])",
        `+- ${SRC_F}`,
        '',
        'Output: [origin STRING, d2 INT]',
      ),
    );
  });
  it('merges nested subqueries and WITH items into one Calc', () => {
    const sql = 'WITH late AS (SELECT * FROM flights WHERE delay > 15) SELECT o FROM (SELECT origin AS o, delay FROM late) WHERE delay < 60';
    expect(explain(sql)).toBe(
      lines('Calc(select=[origin AS o], where=[AND(>(delay, 15), <(delay, 60))])', `+- ${SRC_F}`, '', 'Output: [o STRING]'),
    );
  });
});

describe('window aggregations', () => {
  it('TUMBLE with keys, COUNT(*) and AVG, filter before the window', () => {
    const sql = `SELECT origin, window_start, window_end, COUNT(*) AS flights, AVG(delay) AS avg_delay
      FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))
      WHERE delay > 0
      GROUP BY origin, window_start, window_end`;
    expect(explain(sql)).toBe(
      lines(
        'WindowAggregate(groupBy=[origin], window=[TUMBLE(time_col=[rowtime], size=[1 h])], where=[>(delay, 0)], ' +
          'select=[origin, COUNT(*) AS flights, AVG(delay) AS avg_delay, window_start, window_end, window_time], ' +
          'project=[origin, window_start, window_end, flights, avg_delay])',
        `+- ${SRC_F}`,
        '',
        'Output: [origin STRING, window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, flights BIGINT NOT NULL, avg_delay INT]',
      ),
    );
  });
  it('HOP (slide, size) with SUM, LISTAGG and COUNT(DISTINCT)', () => {
    const sql = `SELECT window_start, window_end, SUM(dist) AS d, LISTAGG(dest, ';') AS dests, COUNT(DISTINCT dest) AS n
      FROM TABLE(HOP(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '10' MINUTES, INTERVAL '1' HOUR))
      GROUP BY window_start, window_end`;
    expect(explain(sql)).toBe(
      lines(
        'WindowAggregate(groupBy=[], window=[HOP(time_col=[rowtime], size=[1 h], slide=[10 min])], ' +
          "select=[SUM(dist) AS d, LISTAGG(dest, ';') AS dests, COUNT(DISTINCT dest) AS n, window_start, window_end, window_time], " +
          'project=[window_start, window_end, d, dests, n])',
        `+- ${SRC_F}`,
        '',
        'Output: [window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, d DECIMAL(38, 2), dests STRING, n BIGINT NOT NULL]',
      ),
    );
  });
  it('CUMULATE (step, size) with HAVING', () => {
    const sql = `SELECT window_start, window_end, origin, SUM(delay) AS total
      FROM TABLE(CUMULATE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR, INTERVAL '1' DAY))
      GROUP BY window_start, window_end, origin HAVING SUM(delay) > 100`;
    expect(explain(sql)).toBe(
      lines(
        'WindowAggregate(groupBy=[origin], window=[CUMULATE(time_col=[rowtime], max_size=[1 d], step=[1 h])], ' +
          'select=[origin, SUM(delay) AS total, window_start, window_end, window_time], having=[>(total, 100)], ' +
          'project=[window_start, window_end, origin, total])',
        `+- ${SRC_F}`,
        '',
        'Output: [window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, origin STRING, total INT]',
      ),
    );
  });
  it('SESSION with PARTITION BY, FIRST_VALUE and LAST_VALUE', () => {
    const sql = `SELECT origin, window_start, window_end, FIRST_VALUE(dest) AS first_dest, LAST_VALUE(dest) AS last_dest
      FROM TABLE(SESSION(TABLE flights PARTITION BY origin, DESCRIPTOR(rowtime), INTERVAL '5' MINUTES))
      GROUP BY origin, window_start, window_end`;
    expect(explain(sql)).toBe(
      lines(
        'WindowAggregate(groupBy=[origin], window=[SESSION(time_col=[rowtime], gap=[5 min])], partitionBy=[origin], ' +
          'select=[origin, FIRST_VALUE(dest) AS first_dest, LAST_VALUE(dest) AS last_dest, window_start, window_end, window_time], ' +
          'project=[origin, window_start, window_end, first_dest, last_dest])',
        `+- ${SRC_F}`,
        '',
        'Output: [origin STRING, window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, first_dest STRING, last_dest STRING]',
      ),
    );
  });
  it('cascades windows on window_time (the 5-minute rows roll up to hours)', () => {
    const sql = `WITH w5 AS (
        SELECT origin, window_time AS rowtime, COUNT(*) AS c
        FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '5' MINUTES))
        GROUP BY origin, window_start, window_end, window_time)
      SELECT window_start, window_end, SUM(c) AS total
      FROM TABLE(TUMBLE(TABLE w5, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))
      GROUP BY window_start, window_end`;
    expect(explain(sql)).toBe(
      lines(
        'WindowAggregate(groupBy=[], window=[TUMBLE(time_col=[rowtime], size=[1 h])], select=[SUM(c) AS total, window_start, window_end, window_time], project=[window_start, window_end, total])',
        '+- WindowAggregate(groupBy=[origin], window=[TUMBLE(time_col=[rowtime], size=[5 min])], select=[origin, COUNT(*) AS c, window_start, window_end, window_time], project=[origin, window_time AS rowtime, c])',
        `   +- ${SRC_F}`,
        '',
        'Output: [window_start TIMESTAMP(3) NOT NULL, window_end TIMESTAMP(3) NOT NULL, total BIGINT NOT NULL]',
      ),
    );
  });
  it('a window TVF alone, with its alias', () => {
    expect(explain("SELECT w.origin, window_start FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '15' MINUTE)) AS w WHERE w.delay > 5")).toBe(
      lines(
        'Calc(select=[origin, window_start], where=[>(delay, 5)])',
        '+- WindowTableFunction(window=[TUMBLE(time_col=[rowtime], size=[15 min])])',
        `   +- ${SRC_F}`,
        '',
        'Output: [origin STRING, window_start TIMESTAMP(3) NOT NULL]',
      ),
    );
  });
});

describe('window Top-N', () => {
  it('top 3 origins per hour over a window aggregation', () => {
    const sql = `SELECT origin, window_start, c FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY c DESC) AS rn
        FROM (SELECT origin, window_start, window_end, COUNT(*) AS c
              FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))
              GROUP BY origin, window_start, window_end))
      WHERE rn <= 3`;
    expect(explain(sql)).toBe(
      lines(
        'WindowTopN(window=[TUMBLE(time_col=[rowtime], size=[1 h])], partitionBy=[window_start, window_end], orderBy=[c DESC], ' +
          'rankRange=[rankStart=1, rankEnd=3], outputRankNumber=[false], select=[origin, window_start, c])',
        '+- WindowAggregate(groupBy=[origin], window=[TUMBLE(time_col=[rowtime], size=[1 h])], select=[origin, COUNT(*) AS c, window_start, window_end, window_time], project=[origin, window_start, window_end, c])',
        `   +- ${SRC_F}`,
        '',
        'Output: [origin STRING, window_start TIMESTAMP(3) NOT NULL, c BIGINT NOT NULL]',
      ),
    );
  });
  it('ranks the aggregate of the same block and keeps rn (rn < 3 is rank 1..2)', () => {
    const sql = `SELECT * FROM (
        SELECT origin, window_end, SUM(delay) AS d,
               ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY SUM(delay) DESC) AS rn
        FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' DAY))
        GROUP BY origin, window_start, window_end)
      WHERE rn < 3`;
    expect(explain(sql)).toBe(
      lines(
        'WindowTopN(window=[TUMBLE(time_col=[rowtime], size=[1 d])], partitionBy=[window_start, window_end], orderBy=[d DESC], ' +
          'rankRange=[rankStart=1, rankEnd=2], outputRankNumber=[true], select=[origin, window_end, d, w0$o0 AS rn])',
        '+- WindowAggregate(groupBy=[origin], window=[TUMBLE(time_col=[rowtime], size=[1 d])], select=[origin, SUM(delay) AS d, window_start, window_end, window_time], project=[origin, window_start, window_end, d])',
        `   +- ${SRC_F}`,
        '',
        'Output: [origin STRING, window_end TIMESTAMP(3) NOT NULL, d INT, rn BIGINT NOT NULL]',
      ),
    );
  });
  it('window deduplication: the first flight per origin and window over a window TVF', () => {
    const sql = `SELECT origin, dest, window_start FROM (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, origin ORDER BY rowtime) AS rn
        FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)))
      WHERE rn = 1`;
    expect(explain(sql)).toBe(
      lines(
        'WindowTopN(window=[TUMBLE(time_col=[rowtime], size=[1 h])], partitionBy=[window_start, window_end, origin], orderBy=[rowtime ASC], ' +
          'rankRange=[rankStart=1, rankEnd=1], outputRankNumber=[false], select=[origin, dest, window_start])',
        '+- WindowTableFunction(window=[TUMBLE(time_col=[rowtime], size=[1 h])])',
        `   +- ${SRC_F}`,
        '',
        'Output: [origin STRING, dest STRING, window_start TIMESTAMP(3) NOT NULL]',
      ),
    );
  });
});

describe('joins', () => {
  it('interval join in the FROM a, b WHERE form', () => {
    const sql = `SELECT f.origin, a.state, f.delay FROM flights f, airports a
      WHERE f.origin = a.code AND f.rowtime BETWEEN a.rowtime - INTERVAL '1' HOUR AND a.rowtime`;
    expect(explain(sql)).toBe(
      lines(
        'IntervalJoin(joinType=[INNER], leftKeys=[origin], rightKeys=[code], timeBounds=[rowtime - rowtime0 in [-1 h, 0 ms]], select=[origin, state, delay])',
        `:- ${SRC_F}`,
        `+- ${SRC_A}`,
        '',
        'Output: [origin STRING, state STRING, delay INT]',
      ),
    );
  });
  it('LEFT interval join with strict bounds (moved by 1 ms) and a residual condition', () => {
    const sql = `SELECT f.origin, a.state FROM flights f LEFT JOIN airports a
      ON f.origin = a.code AND f.rowtime > a.rowtime - INTERVAL '10' MINUTE
      AND f.rowtime < a.rowtime + INTERVAL '5' MINUTE AND a.state <> 'CA'`;
    expect(explain(sql)).toBe(
      lines(
        "IntervalJoin(joinType=[LEFT], leftKeys=[origin], rightKeys=[code], timeBounds=[rowtime - rowtime0 in [-599999 ms, 299999 ms]], where=[<>(state, 'CA')], select=[origin, state])",
        `:- ${SRC_F}`,
        `+- ${SRC_A}`,
        '',
        'Output: [origin STRING, state STRING]',
      ),
    );
  });
  it('keeps both time attributes through an inner interval join', () => {
    const r = compileSql('SELECT f.rowtime AS ft, a.rowtime AS a_time FROM flights f JOIN airports a ON f.origin = a.code AND a.rowtime BETWEEN f.rowtime AND f.rowtime + INTERVAL \'2\' HOUR', INPUTS);
    expect(r.ok && r.output.map((c) => c.type.kind + (c.type.kind === 'TIMESTAMP_LTZ' && c.type.timeAttribute === 'ROWTIME' ? '*' : ''))).toEqual(['TIMESTAMP_LTZ*', 'TIMESTAMP_LTZ*']);
    // a.rowtime within [f.rowtime, f.rowtime + 2 h]  ⇔  f.rowtime - a.rowtime within [-2 h, 0]
    expect(r.ok && r.plan.root.kind === 'intervalJoin' && r.plan.root.bounds).toEqual({ leftTimeIndex: 4, rightTimeIndex: 2, lowerMs: -7200000, upperMs: 0 });
  });
  it('window join: both sides TUMBLE, joined on window_start, window_end and a key', () => {
    const sql = `SELECT L.origin, L.window_start, R.state FROM
        (SELECT * FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '5' MINUTES))) L
        FULL JOIN (SELECT * FROM TABLE(TUMBLE(TABLE airports, DESCRIPTOR(rowtime), INTERVAL '5' MINUTES))) R
        ON L.origin = R.code AND L.window_start = R.window_start AND L.window_end = R.window_end`;
    expect(explain(sql)).toBe(
      lines(
        'WindowJoin(joinType=[FULL], window=[TUMBLE(time_col=[rowtime], size=[5 min])], leftKeys=[origin], rightKeys=[code], select=[origin, window_start, state])',
        ':- WindowTableFunction(window=[TUMBLE(time_col=[rowtime], size=[5 min])])',
        `:  +- ${SRC_F}`,
        '+- WindowTableFunction(window=[TUMBLE(time_col=[rowtime], size=[5 min])])',
        `   +- ${SRC_A}`,
        '',
        'Output: [origin STRING, window_start TIMESTAMP(3), state STRING]',
      ),
    );
  });
});

describe('UNION ALL', () => {
  it('unions inputs with Calcs for their columns', () => {
    const sql = `WITH delayed AS (SELECT origin, rowtime FROM flights WHERE delay > 15)
      SELECT origin AS place, rowtime FROM delayed UNION ALL SELECT code, rowtime FROM airports`;
    expect(explain(sql)).toBe(
      lines(
        'Union(all=[true], union=[place, rowtime])',
        ':- Calc(select=[origin AS place, rowtime], where=[>(delay, 15)])',
        `:  +- ${SRC_F}`,
        '+- Calc(select=[code, rowtime])',
        `   +- ${SRC_A}`,
        '',
        'Output: [place STRING, rowtime TIMESTAMP_LTZ(3) *ROWTIME*]',
      ),
    );
  });
});

describe('plan data', () => {
  it("keeps the query text and each node's span, and is plain data", () => {
    const sql = "SELECT origin, COUNT(*) AS c\nFROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))\nGROUP BY origin, window_start, window_end";
    const r = compileSql(sql, INPUTS);
    if (!r.ok) throw new Error('expected a plan');
    expect(r.plan.query).toBe(sql);
    const root = r.plan.root;
    expect(root.kind).toBe('windowAggregate');
    // the aggregate with its folded projection comes from the whole SELECT
    expect(root.span).toEqual({ start: 0, end: sql.length, line: 1, column: 1 });
    expect(root.kind === 'windowAggregate' && root.window).toEqual({ kind: 'TUMBLE', sizeMs: 3600000, timeAttribute: { index: 4, name: 'rowtime' } });
    // the source is the table name after TABLE, line 2 column 25
    expect(root.kind === 'windowAggregate' && root.input.span).toMatchObject({ line: 2, column: 25 });
    const copy = JSON.parse(JSON.stringify(r.plan, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
    expect(copy.root.aggregates[0]).toMatchObject({ name: 'c', fn: 'COUNT', args: [], distinct: false });
  });
  it('takes named window TVF arguments', () => {
    const sql =
      "SELECT window_start, COUNT(*) AS c FROM TABLE(HOP(DATA => TABLE flights, TIMECOL => DESCRIPTOR(rowtime), SLIDE => INTERVAL '5' MINUTES, SIZE => INTERVAL '15' MINUTES)) GROUP BY window_start, window_end";
    const r = compileSql(sql, INPUTS);
    expect(r.ok && r.plan.root.kind === 'windowAggregate' && r.plan.root.window).toEqual({
      kind: 'HOP',
      sizeMs: 900000,
      slideMs: 300000,
      timeAttribute: { index: 4, name: 'rowtime' },
    });
  });
});
