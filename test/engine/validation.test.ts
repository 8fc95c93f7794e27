/**
 * Validation problems (engine/pipeline/problems.ts): each names its code, node, field and what
 * was expected; code errors carry line:column inside the node's code.
 */
import { describe, expect, it } from 'vitest';
import { doc, edge, node, problemsOf, type EdgeInput, type NodeInput } from './harness.ts';

const src = node('src', 'values', { rows: [{ ts: 1 }], time: { mode: 'event', field: 'ts' } });
const sink = node('out', 'previewSink');
const e = (id: string, source: string, target: string, sourcePort = 'out', targetPort = 'in'): EdgeInput => ({ id, source, target, sourcePort, targetPort });
const pipeline = (nodes: NodeInput[], edges: EdgeInput[]): ReturnType<typeof doc> => doc([src, ...nodes, sink], edges);

describe('validation problems', () => {
  it('a valid pipeline has none', () => {
    expect(problemsOf(doc([src, node('m', 'map', {}, '({ ...event })'), sink], [edge('src', 'm'), edge('m', 'out')]))).toEqual([]);
  });

  it('TRB003: unknown node type', () => {
    const problems = problemsOf(pipeline([node('m', 'mapp', {})], [e('e1', 'src', 'm'), e('e2', 'm', 'out')]));
    expect(problems).toContainEqual({ code: 'TRB003', nodeId: 'm', field: 'type', message: 'unknown node type "mapp"' });
  });

  it('TRB004: a node version newer than this build', () => {
    const w: NodeInput = { id: 'w', type: 'tumblingWindow', version: 2, config: {} };
    const problems = problemsOf(pipeline([w], [e('e1', 'src', 'w'), e('e2', 'w', 'out')]));
    expect(problems).toContainEqual({
      code: 'TRB004',
      nodeId: 'w',
      field: 'version',
      message: "tumblingWindow version 2 is newer than this build's version 1; update Tributary",
    });
  });

  it('TRB005: bad config fields, each with its path', () => {
    const w = node('w', 'tumblingWindow', { size: 0, aggregates: [{ name: 'a', fn: 'sum' }] });
    const problems = problemsOf(pipeline([w], [e('e1', 'src', 'w'), e('e2', 'w', 'out')]));
    expect(problems).toContainEqual({ code: 'TRB005', nodeId: 'w', field: 'size', message: 'must be greater than 0' });
    expect(problems).toContainEqual({ code: 'TRB005', nodeId: 'w', field: 'aggregates[0].field', message: 'this aggregate needs a "field"' });
  });

  it('TRB008: a cycle', () => {
    const problems = problemsOf(
      pipeline([node('a', 'union'), node('b', 'map', {}, 'event')], [e('e1', 'src', 'a'), e('e2', 'a', 'b'), e('e3', 'b', 'a'), e('e4', 'b', 'out')]),
    );
    expect(problems).toEqual([{ code: 'TRB008', nodeId: 'a', message: 'cycle: a → b → a' }]);
  });

  it('TRB009: an unconnected input', () => {
    const problems = problemsOf(pipeline([node('m', 'map', {}, 'event')], [e('e2', 'm', 'out')]));
    expect(problems).toEqual([{ code: 'TRB009', nodeId: 'm', field: 'input in', message: 'input "in" is not connected' }]);
  });

  it('TRB009: a join with no right input', () => {
    const j = node('j', 'intervalJoin', { leftKey: { fields: ['k'] }, rightKey: { fields: ['k'] }, lowerBound: 0, upperBound: 1 });
    const problems = problemsOf(pipeline([j], [e('e1', 'src', 'j', 'out', 'left'), e('e2', 'j', 'out')]));
    expect(problems).toEqual([{ code: 'TRB009', nodeId: 'j', field: 'input right', message: 'input "right" is not connected' }]);
  });

  it('TRB009: two edges into a single input', () => {
    const problems = problemsOf(pipeline([node('m', 'map', {}, 'event')], [e('e1', 'src', 'm'), e('e2', 'src', 'm'), e('e3', 'm', 'out')]));
    expect(problems).toEqual([{ code: 'TRB009', nodeId: 'm', field: 'input in', message: 'input "in" takes one edge, has 2 (use a union)' }]);
  });

  it('TRB010: an errors output into a window', () => {
    const w = node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'count' }] });
    const problems = problemsOf(pipeline([node('m', 'map', {}, 'event'), w], [e('e1', 'src', 'm'), e('e2', 'm', 'w', 'errors'), e('e3', 'w', 'out')]));
    expect(problems).toContainEqual({
      code: 'TRB010',
      edgeId: 'e2',
      nodeId: 'w',
      message: 'input "in" of w takes records/keyed records, but m.errors carries errors records',
    });
  });

  it('TRB011: a TypeScript syntax error, with the node id and line:column in its code', () => {
    const code = 'function onEvent(event, ctx) {\n  const x: number = ;\n}';
    const p = node('p', 'process', { key: { fields: ['ts'] } }, code);
    const problems = problemsOf(pipeline([p], [e('e1', 'src', 'p'), e('e2', 'p', 'out')]));
    // Line 2 is `  const x: number = ;`: the `;` is its 21st character.
    expect(problems).toEqual([{ code: 'TRB011', nodeId: 'p', field: 'code', line: 2, column: 21, message: 'Unexpected ";"' }]);
  });

  it('TRB011: an expression syntax error, and one in a config expression', () => {
    const m = node('m', 'map', {}, '({ a: event.ts +* 2 })');
    const w = node('w', 'tumblingWindow', { key: { expression: 'event.(k' }, size: 10, aggregates: [{ name: 'n', fn: 'count' }] });
    const problems = problemsOf(pipeline([m, w], [e('e1', 'src', 'm'), e('e2', 'm', 'w'), e('e3', 'w', 'out')]));
    // `({ a: event.ts +* 2 })`: the `*` is the 17th character.
    expect(problems).toContainEqual({ code: 'TRB011', nodeId: 'm', field: 'code', line: 1, column: 17, message: 'Unexpected "*"' });
    expect(problems).toContainEqual(expect.objectContaining({ code: 'TRB011', nodeId: 'w', field: 'key.expression', line: 1 }));
  });

  it('TRB002: an unsupported document version', () => {
    expect(problemsOf({ version: 2, name: 'x', nodes: [], edges: [] })).toEqual([
      { code: 'TRB002', field: 'version', message: 'unsupported document version 2: this build reads version 1' },
    ]);
  });

  it('TRB012, TRB013, TRB014: missing code, missing key, custom aggregate without code', () => {
    expect(problemsOf(pipeline([node('m', 'map')], [e('e1', 'src', 'm'), e('e2', 'm', 'out')]))).toEqual([
      { code: 'TRB012', nodeId: 'm', field: 'code', message: 'Map needs code: (event) => record: an expression, or a function body with `return`' },
    ]);
    expect(problemsOf(pipeline([node('p', 'process', {}, 'function onEvent(e, ctx) {}')], [e('e1', 'src', 'p'), e('e2', 'p', 'out')]))).toEqual([
      { code: 'TRB013', nodeId: 'p', field: 'key', message: 'Process function runs on a keyed stream: set "key" or connect input "in" to a keyBy' },
    ]);
    const w = node('w', 'tumblingWindow', { size: 10, aggregates: [{ name: 'n', fn: 'custom' }] });
    expect(problemsOf(pipeline([w], [e('e1', 'src', 'w'), e('e2', 'w', 'out')]))).toEqual([
      { code: 'TRB014', nodeId: 'w', field: 'code', message: 'a "custom" aggregate needs code: function create(), add(acc, event), merge(a, b), result(acc)' },
    ]);
  });

  it('TRB006 and TRB007: duplicate ids, edges to nowhere or to a missing port', () => {
    expect(problemsOf(doc([src, src, sink], [e('e1', 'src', 'out')]))).toEqual([{ code: 'TRB006', nodeId: 'src', message: 'duplicate node id "src"' }]);
    const problems = problemsOf(doc([src, sink], [e('e1', 'src', 'nowhere'), e('e2', 'src', 'out', 'late'), e('e3', 'src', 'out')]));
    expect(problems).toEqual([
      { code: 'TRB007', edgeId: 'e1', message: 'no node "nowhere"' },
      { code: 'TRB007', edgeId: 'e2', nodeId: 'src', message: 'Values has no output "late"' },
    ]);
  });
});
