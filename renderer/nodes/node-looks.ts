/**
 * One look per node type: icon, accent colour and a one-line summary of its config for the
 * canvas. Typed by `NodeTypeId`, so a node type without a look does not compile.
 */
import type { NodeTypeId } from '../../engine/pipeline/catalog.ts';

export interface NodeLook {
  icon: string;
  color: string;
  /** Short text under the title, from the raw config. */
  summary(config: Record<string, unknown>, code: string | undefined): string;
}

const str = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const key = (k: unknown): string => {
  const spec = k as { fields?: string[]; expression?: string } | undefined;
  return spec?.fields ? `key ${spec.fields.join(', ')}` : spec?.expression ? `key ${spec.expression}` : '';
};
const aggs = (c: Record<string, unknown>): string =>
  Array.isArray(c.aggregates) ? (c.aggregates as { fn?: string; field?: string }[]).map((a) => `${a.fn ?? '?'}${a.field ? `(${a.field})` : ''}`).join(' ') : '';
const firstLine = (code: string | undefined): string => (code ?? '').split('\n')[0]?.slice(0, 40) ?? '';
const window = (what: string) => (c: Record<string, unknown>) => [`${what} ${str(c.size ?? c.gap)}`, key(c.key), aggs(c)].filter(Boolean).join(' · ');

export const NODE_LOOKS: Record<NodeTypeId, NodeLook> = {
  fileSource: { icon: '▶', color: '#2f855a', summary: (c) => str(c.path) },
  generator: { icon: '✱', color: '#2f855a', summary: (c) => `${str(c.count)} records` },
  values: { icon: '≡', color: '#2f855a', summary: (c) => `${Array.isArray(c.rows) ? c.rows.length : 0} rows` },
  kafkaSource: { icon: '⇉', color: '#2f855a', summary: (c) => (Array.isArray(c.topics) ? c.topics.join(', ') : '') },
  map: { icon: 'ƒ', color: '#2b6cb0', summary: (_c, code) => firstLine(code) },
  filter: { icon: '∇', color: '#2b6cb0', summary: (_c, code) => firstLine(code) },
  flatMap: { icon: '⇶', color: '#2b6cb0', summary: (_c, code) => firstLine(code) },
  keyBy: { icon: '#', color: '#6b46c1', summary: (c) => key(c.key) },
  process: { icon: 'λ', color: '#6b46c1', summary: (c) => key(c.key) || 'inherits key' },
  union: { icon: '∪', color: '#2b6cb0', summary: () => 'merge streams' },
  tumblingWindow: { icon: '▦', color: '#c05621', summary: window('tumbling') },
  slidingWindow: { icon: '▤', color: '#c05621', summary: window('sliding') },
  sessionWindow: { icon: '◫', color: '#c05621', summary: window('gap') },
  intervalJoin: { icon: '⋈', color: '#b7791f', summary: (c) => `[${str(c.lowerBound)}, ${str(c.upperBound)}]` },
  windowJoin: { icon: '⋈', color: '#b7791f', summary: (c) => `window ${str(c.size)}` },
  lookupJoin: { icon: '⊕', color: '#b7791f', summary: (c) => str(c.table) },
  fileSink: { icon: '⤓', color: '#4a5568', summary: (c) => str(c.path) || '<run folder>' },
  consoleSink: { icon: '›', color: '#4a5568', summary: () => 'stdout' },
  previewSink: { icon: '◉', color: '#4a5568', summary: (c) => `latest ${str(c.limit)}` },
  kafkaSink: { icon: '⇶', color: '#4a5568', summary: (c) => [str(c.topic), str(c.delivery)].filter(Boolean).join(' · ') },
};
