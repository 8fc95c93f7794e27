// Refusals: every construct the sql node does not run — because it would produce an updating
// result in Flink streaming, because Flink refuses it at validation, or because the sql node
// does not plan it — is a problem at the construct's line:column, naming the construct and,
// where there is one, the windowed form to use. Columns are counted by hand (1-based).
import { describe, expect, it } from 'vitest';
import { problemsOf } from './helpers.ts';

const TUMBLE = "TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' HOUR))";

describe('updating or unbounded results', () => {
  it('non-windowed GROUP BY, at the GROUP BY keys', () => {
    const sql = 'SELECT origin, COUNT(*)\nFROM flights\nGROUP BY origin';
    const [p] = problemsOf(sql);
    expect(p).toMatch(/^3:10 GROUP BY: GROUP BY without a window produces an updating result in Flink streaming/);
    expect(p).toContain("FROM TABLE(TUMBLE(TABLE <input>, DESCRIPTOR(rowtime), INTERVAL '1' HOUR)) GROUP BY window_start, window_end");
  });
  it('a global aggregate', () => {
    expect(problemsOf('SELECT COUNT(*) FROM flights')[0]).toMatch(/^1:1 GROUP BY: An aggregation without GROUP BY \(a global aggregate\) produces an updating result/);
  });
  it('a window TVF grouped without window_end', () => {
    expect(problemsOf(`SELECT window_start, COUNT(*) FROM ${TUMBLE} GROUP BY window_start`)).toEqual([
      '1:114 GROUP BY: A window aggregation must GROUP BY both window_start and window_end of the window TVF; without them it is an updating GROUP BY, which the sql node does not support.',
    ]);
  });
  it('SELECT DISTINCT without a window', () => {
    expect(problemsOf('SELECT DISTINCT origin FROM flights')[0]).toMatch(/^1:1 DISTINCT: SELECT DISTINCT without a window produces an updating result/);
  });
  it('a regular join, naming both windowed alternatives', () => {
    const p = problemsOf('SELECT f.origin FROM flights f JOIN airports a ON f.origin = a.code');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^1:22 regular join: A join without time bounds between the inputs' time attributes is a regular join/);
    expect(p[0]).toContain('use an interval join (');
    expect(p[0]).toContain('or a window join (both sides window TVFs, joined on window_start and window_end)');
  });
  it('a join bounded on one side only is still a regular join', () => {
    expect(problemsOf('SELECT f.origin FROM flights f, airports a WHERE f.origin = a.code AND f.rowtime > a.rowtime')[0]).toMatch(/^1:22 regular join:/);
  });
  it('a cross join', () => {
    expect(problemsOf('SELECT * FROM flights, airports')[0]).toMatch(/^1:15 JOIN: A join without a condition \(cross join\) is a regular join/);
  });
  it('ORDER BY on a non-time column, and on a time attribute', () => {
    expect(problemsOf('SELECT origin FROM flights ORDER BY origin')[0]).toBe(
      '1:37 ORDER BY: ORDER BY on a streaming query is only possible on a time attribute in Flink; to keep the first rows per window use a window Top-N (ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY …) <= N).',
    );
    expect(problemsOf('SELECT origin, rowtime FROM flights ORDER BY rowtime')[0]).toMatch(/^1:46 ORDER BY: ORDER BY a time attribute \(Flink's temporal sort\) is not supported/);
  });
  it('LIMIT', () => {
    expect(problemsOf('SELECT origin FROM flights LIMIT 10')[0]).toMatch(/^1:28 LIMIT: LIMIT on an unbounded stream produces an updating result in Flink; use a window Top-N/);
  });
  it('OVER aggregates and unbounded ROW_NUMBER', () => {
    expect(problemsOf('SELECT SUM(delay) OVER (PARTITION BY origin ORDER BY rowtime) AS s FROM flights')[0]).toBe(
      '1:8 OVER: SUM(…) OVER (…) is an OVER aggregate, which the sql node does not plan; only ROW_NUMBER() OVER (PARTITION BY window_start, window_end … ORDER BY …) in a window Top-N is supported.',
    );
    expect(problemsOf('SELECT origin, ROW_NUMBER() OVER (PARTITION BY origin ORDER BY delay) AS rn FROM flights')[0]).toMatch(
      /^1:16 OVER: ROW_NUMBER\(\) OVER \(…\) is only supported as a window Top-N/,
    );
  });
  it('a Top-N without a bound, and one not partitioned by the window', () => {
    expect(problemsOf(`SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY delay) AS rn FROM ${TUMBLE}) WHERE rn > 1`)[0]).toMatch(
      /^1:\d+ ROW_NUMBER: A Top-N needs an upper bound on the row number \(WHERE rn <= N\)/,
    );
    expect(problemsOf('SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY origin ORDER BY delay DESC) AS rn FROM flights) WHERE rn <= 3')[0]).toBe(
      "1:26 OVER: A Top-N must PARTITION BY window_start and window_end of a window TVF or window aggregation; otherwise it is Flink's updating Top-N, which the sql node does not support.",
    );
  });
  it('UNION, INTERSECT and EXCEPT without ALL', () => {
    expect(problemsOf('SELECT origin FROM flights UNION SELECT code FROM airports')[0]).toMatch(/^1:1 UNION: UNION needs to retract rows in a streaming query \(an updating result\); use UNION ALL/);
    expect(problemsOf('SELECT origin FROM flights EXCEPT SELECT code FROM airports')[0]).toMatch(/^1:1 EXCEPT: /);
  });
});

describe('validation errors, as Flink reports them', () => {
  it('unknown tables and columns, with a hint for a case mismatch', () => {
    expect(problemsOf('SELECT origin FROM flight')).toEqual(["1:20 table: Object 'flight' not found. The inputs are: flights, airports."]);
    expect(problemsOf('SELECT Origin FROM flights')).toEqual(["1:8 column: Column 'Origin' not found in any table. Did you mean `origin`? (Flink names are case-sensitive.)"]);
    expect(problemsOf('SELECT f.code FROM flights f')).toEqual(["1:8 column: Column 'code' not found in table 'f'."]);
    expect(problemsOf('SELECT rowtime FROM flights f, airports a')[0]).toBe("1:8 column: Column 'rowtime' is ambiguous.");
  });
  it('every problem of a query, not just the first', () => {
    expect(problemsOf('SELECT nope, origin + 1, UNKNOWN_FN(dest)\nFROM flights\nWHERE missing > 0')).toEqual([
      "1:8 column: Column 'nope' not found in any table.",
      "1:14 +: Cannot apply '+' to arguments of type '+(STRING, INT)'. Supported form(s): '<NUMERIC> + <NUMERIC>', '<DATETIME> + <INTERVAL>', '<INTERVAL> + <INTERVAL>'.",
      '1:26 function: No match found for function signature UNKNOWN_FN(…): the function is unknown or not supported by the sql node.',
      "3:7 column: Column 'missing' not found in any table.",
    ]);
  });
  it('a column neither grouped nor aggregated, and aggregates where they cannot be', () => {
    expect(problemsOf(`SELECT origin, dest, COUNT(*) FROM ${TUMBLE} GROUP BY origin, window_start, window_end`)).toEqual([
      "1:16 SELECT: Expression 'dest' is not being grouped.",
    ]);
    expect(problemsOf('SELECT origin FROM flights WHERE COUNT(*) > 1')).toEqual(['1:34 COUNT: Aggregate function COUNT is not allowed in WHERE.']);
  });
  it('window TVFs on a non-time-attribute column, or with bad sizes', () => {
    expect(problemsOf("SELECT * FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(delay), INTERVAL '1' HOUR))")[0]).toBe(
      "1:54 DESCRIPTOR: The window function requires the timecol is a time attribute type, but is INT(). Use rowtime or a renamed window_time column.",
    );
    expect(problemsOf("SELECT * FROM TABLE(HOP(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '10' MINUTES, INTERVAL '45' MINUTES))")[0]).toBe(
      '1:15 HOP: HOP table function based aggregate requires size must be an integral multiple of slide, but got size 2700000 ms and slide 600000 ms.',
    );
    expect(problemsOf("SELECT * FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '1' MONTH))")[0]).toBe(
      "1:64 TUMBLE: TUMBLE windows need a day-time interval (DAY, HOUR, MINUTE, SECOND); Flink does not support INTERVAL '1' MONTH here.",
    );
    expect(problemsOf("SELECT * FROM TABLE(TUMBLE(TABLE flights, DESCRIPTOR(rowtime), INTERVAL '100' MINUTE))")[0]).toBe(
      '1:64 INTERVAL: Interval field value 100 exceeds precision of MINUTE(2) field.',
    );
  });
  it('session windows partitioned by a column that is not grouped', () => {
    const sql = "SELECT window_start, window_end, COUNT(*) FROM TABLE(SESSION(TABLE flights PARTITION BY origin, DESCRIPTOR(rowtime), INTERVAL '5' MINUTE)) GROUP BY window_start, window_end";
    expect(problemsOf(sql)[0]).toMatch(/^1:48 PARTITION BY: SESSION window partitions must also be GROUP BY keys: add origin/);
  });
  it('window joins of different windows', () => {
    const sql = `SELECT L.origin FROM (SELECT * FROM ${TUMBLE}) L JOIN (SELECT * FROM TABLE(TUMBLE(TABLE airports, DESCRIPTOR(rowtime), INTERVAL '2' HOUR))) R ON L.window_start = R.window_start AND L.window_end = R.window_end`;
    expect(problemsOf(sql)[0]).toMatch(/^1:22 window join: A window join needs the same window \(kind and sizes\) on both inputs\./);
  });
  it('an input that hides the event time', () => {
    expect(problemsOf('SELECT * FROM t', { t: { columns: [{ name: 'rowtime', type: 'BIGINT' }] } })[0]).toMatch(
      /^1:15 input: Input 't' has its own column 'rowtime', which would hide the event time/,
    );
  });
});

describe('syntax and unsupported statements', () => {
  it('reports syntax errors at the parser position', () => {
    expect(problemsOf('SELECT origin FROM flights\nWHERE')).toEqual(['2:6 syntax: Statement is incomplete']);
    expect(problemsOf('SELECT origin, FROM flights')[0]).toBe("1:16 syntax: 'FROM' is not valid at this position");
  });
  it('refuses other statements and a second statement', () => {
    expect(problemsOf('INSERT INTO x SELECT * FROM flights')).toEqual([
      "1:1 INSERT: A sql node runs one SELECT query; INSERT statements are not supported (the node's output edge is the sink).",
    ]);
    expect(problemsOf('SELECT 1 FROM flights; SELECT 2 FROM flights')[0]).toMatch(/^1:24 statement: A sql node runs exactly one SELECT statement/);
  });
  it('refuses double-quoted strings, subqueries in expressions and deprecated group windows', () => {
    expect(problemsOf('SELECT "abc" FROM flights')[0]).toBe(
      `1:8 identifier: Flink SQL quotes identifiers with backquotes (\`name\`) and strings with single quotes ('text'), not "abc".`,
    );
    expect(problemsOf('SELECT origin FROM flights WHERE origin IN (SELECT code FROM airports)')).toEqual([
      '1:41 IN (subquery): IN with a subquery is not supported by the sql node; use a join.',
    ]);
    expect(problemsOf("SELECT COUNT(*) FROM flights GROUP BY TUMBLE(rowtime, INTERVAL '1' HOUR)")[0]).toBe(
      "1:39 GROUP BY TUMBLE(…): Group window functions are deprecated in Flink; use the window TVF: FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(rowtime), …)) GROUP BY window_start, window_end.",
    );
  });
});
