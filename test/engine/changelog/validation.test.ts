/**
 * TRB022: an updating stream into a node that takes only append-only ones is refused naming
 * both nodes (and where the updates come from), as Flink's planner refuses; nodes that forward
 * rows (filter, map, keyBy, union) pass updates on, the aggregate and the changelog/upsert file
 * sinks consume them.
 */
import { describe, expect, it } from 'vitest';
import { doc, edge, node, problemsOf } from '../harness.ts';

const cdc = node('orders', 'cdcSource', { path: 'orders.jsonl', primaryKey: ['id'] });
const totals = node('totals', 'aggregate', { groupBy: ['customer_id'], aggregates: [{ name: 'revenue', fn: 'sum', field: 'amount' }] });

describe('changelog validation (TRB022)', () => {
  it('accepts CDC → filter → map → aggregate → upsert and changelog file sinks', () => {
    const nodes = [
      cdc,
      node('paid', 'filter', {}, "event.status !== 'returned'"),
      node('cents', 'map', {}, '({ ...event, amount: event.amount / 100 })'),
      totals,
      node('table', 'fileSink', { mode: 'upsert', key: ['customer_id'] }),
      node('log', 'fileSink', { mode: 'changelog' }),
    ];
    const edges = [edge('orders', 'paid'), edge('paid', 'cents'), edge('cents', 'totals'), edge('totals', 'table'), edge('totals', 'log')];
    expect(problemsOf(doc(nodes, edges))).toEqual([]);
  });

  it('refuses an aggregate into a tumbling window, naming both nodes', () => {
    const window = node('hourly', 'tumblingWindow', { size: '1h', key: { fields: ['customer_id'] }, aggregates: [{ name: 'n', fn: 'count' }] });
    const problems = problemsOf(doc([cdc, totals, window, node('out', 'fileSink')], [edge('orders', 'totals'), edge('totals', 'hourly'), edge('hourly', 'out')]));
    const refused = problems.filter((p) => p.code === 'TRB022');
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({ code: 'TRB022', nodeId: 'hourly' });
    expect(refused[0]?.message).toContain('hourly (Tumbling window) takes only append-only streams, but totals (Aggregate) sends it an updating stream: retract on customer_id');
  });

  it('names where the updates come from when they pass through a filter first', () => {
    const nodes = [cdc, node('big', 'filter', {}, 'event.amount > 100'), node('out', 'fileSink')];
    const problems = problemsOf(doc(nodes, [edge('orders', 'big'), edge('big', 'out')]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'TRB022', nodeId: 'out' });
    expect(problems[0]?.message).toContain('out (File sink) takes only append-only streams, but big (Filter) sends it an updating stream: retract on id (+I/-U/+U/-D), updating since orders (CDC source)');
  });

  it('refuses updates into interval joins and patterns; the errors output stays append-only', () => {
    const join = node('j', 'intervalJoin', { leftKey: { fields: ['id'] }, rightKey: { fields: ['id'] }, lowerBound: 0, upperBound: '1m' });
    const pattern = node('p', 'pattern', { key: { fields: ['id'] }, stages: [{ name: 'a', contiguity: 'begin', condition: 'true' }] });
    const fileSrc = node('f', 'fileSource', { path: 'x.jsonl', time: { mode: 'event', field: 'ts' } });
    const nodes = [cdc, fileSrc, join, pattern, node('out', 'consoleSink'), node('errs', 'fileSink')];
    const edges = [edge('orders', 'j', 'out', 'left'), edge('f', 'j', 'out', 'right'), edge('orders', 'p'), edge('j', 'out'), edge('p', 'out'), edge('orders', 'errs', 'errors')];
    const problems = problemsOf(doc(nodes, edges));
    expect(problems.filter((p) => p.code !== 'TRB022')).toEqual([]);
    const refused = problems.filter((p) => p.code === 'TRB022');
    expect(refused.map((p) => p.nodeId).sort()).toEqual(['j', 'p']);
  });

  it('an append-only stream into the aggregate and an upsert sink is fine; an upsert sink needs a key', () => {
    const src = node('src', 'values', { rows: [{ ts: 1, customer_id: 1, amount: 5 }], time: { mode: 'event', field: 'ts' } });
    expect(problemsOf(doc([src, totals, node('t', 'fileSink', { mode: 'upsert', key: ['customer_id'] })], [edge('src', 'totals'), edge('totals', 't')]))).toEqual([]);
    const problems = problemsOf(doc([src, totals, node('t', 'fileSink', { mode: 'upsert' })], [edge('src', 'totals'), edge('totals', 't')]));
    expect(problems).toContainEqual({ code: 'TRB005', nodeId: 't', field: 'key', message: 'an upsert file sink needs a "key" (its primary key fields)' });
  });
});
