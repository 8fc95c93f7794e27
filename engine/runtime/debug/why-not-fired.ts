/**
 * "Why hasn't this window fired?" (issue 17): a window fires when its node's combined input
 * watermark reaches `end - 1` (Flink's `EventTimeTrigger`); that watermark is the minimum over
 * the node's non-idle inputs (`StatusWatermarkValve`), each of them the same minimum one node up,
 * down to a source, whose bounded-out-of-orderness watermark is `maxTimestamp - bound - 1`. This
 * follows the smallest input back, node by node, to the source (or idle input) that holds it, and
 * says it in words and figures. Pure: it reads a paused `DebugView` and the node's open windows.
 */
import type { DebugNodeView, DebugView, OpenWindow, OpenWindowsView } from './debug-types.ts';

/** One link of the chain from the window's node back to the source holding its watermark. */
export interface WhyStep {
  nodeId: string;
  watermark: number | null;
  kind: 'input' | 'source';
  heldBy?: string;
  idle?: boolean;
  maxEventTime?: number | null;
  boundMs?: number;
}

/** The explanation: the window, the node's watermark, the chain, and the sentence. */
export interface WhyResult {
  nodeId: string;
  window?: OpenWindow;
  watermark: number | null;
  text: string;
  chain: WhyStep[];
}

/** Epoch ms as ISO-8601 (UTC); `−∞` when there is none yet. */
export function isoTime(ms: number | null): string {
  return ms === null ? '−∞ (no watermark yet)' : new Date(ms).toISOString();
}

/** A duration in the largest whole unit: `5 min`, `30 s`, `250 ms`. */
export function formatBound(ms: number): string {
  if (ms > 0 && ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms > 0 && ms % 60_000 === 0) return `${ms / 60_000} min`;
  if (ms > 0 && ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

/** The window asked about: `key`'s window at `start`, else its (or any key's) first one not fired. */
function pick(windows: readonly OpenWindow[], key?: string, start?: number): OpenWindow | undefined {
  const mine = windows.filter((w) => key === undefined || w.key === key);
  if (start !== undefined) return mine.find((w) => w.start === start);
  return mine.find((w) => !w.fired) ?? mine[0];
}

/** The input channel holding a node's watermark: the smallest among the live (not idle, not ended) ones. */
function slowest(node: DebugNodeView): DebugNodeView['channels'][number] | undefined {
  const live = node.channels.filter((c) => !c.idle && !c.ended);
  const pool = live.length > 0 ? live : node.channels;
  let min: DebugNodeView['channels'][number] | undefined;
  for (const c of pool) if (!min || (c.watermark ?? -Infinity) < (min.watermark ?? -Infinity)) min = c;
  return min;
}

/**
 * Explains why node `nodeId`'s window has not fired (or that it has).
 * @param bounds each source's out-of-orderness bound in ms, by node id
 * @throws Error when the node is not in the view.
 */
export function explainWindow(view: DebugView, windows: OpenWindowsView, bounds: Readonly<Record<string, number>>, key?: string, start?: number): WhyResult {
  const byId = new Map(view.nodes.map((n) => [n.nodeId, n]));
  const node = byId.get(windows.nodeId);
  if (!node) throw new Error(`no node ${windows.nodeId}`);
  const watermark = node.inputWatermark;
  const window = pick(windows.windows, key, start);
  const what = key === undefined ? '' : ` of key ${JSON.stringify(key)}`;
  if (!window) return { nodeId: node.nodeId, watermark, chain: [], text: `Node ${node.nodeId} has no open window or timer${what}${start !== undefined ? ` starting at ${isoTime(start)}` : ''}.` };
  const name = window.start !== undefined && window.end !== undefined ? `Window [${isoTime(window.start)}, ${isoTime(window.end)}) of key ${JSON.stringify(window.key)}` : `The timer of key ${JSON.stringify(window.key)}`;
  const count = window.count !== undefined ? ` (${window.count} record${window.count === 1 ? '' : 's'})` : '';
  if (window.fired) {
    const kept = window.cleanupTime !== undefined ? `; it is kept for allowed lateness until the watermark reaches ${isoTime(window.cleanupTime)}` : '';
    return { nodeId: node.nodeId, window, watermark, chain: [], text: `${name}${count} has fired: the watermark passed ${isoTime(window.fireTime)}${kept}.` };
  }
  const parts = [`${name}${count} fires when the watermark reaches ${isoTime(window.fireTime)}.`];
  const inputs = node.channels.length;
  parts.push(`Node ${node.nodeId}'s watermark is ${isoTime(watermark)}, ${inputs > 1 ? `the minimum of its ${inputs} inputs` : 'that of its input'}.`);
  const chain: WhyStep[] = [];
  const via: string[] = [];
  let at: DebugNodeView | undefined = node;
  for (let hops = 0; at && hops < view.nodes.length; hops++) {
    if (at.channels.length === 0) {
      const bound = bounds[at.nodeId] ?? 0;
      chain.push({ nodeId: at.nodeId, watermark: at.outputWatermark, kind: 'source', idle: at.idle, maxEventTime: at.maxEventTime, boundMs: bound });
      const path = via.length > 0 ? ` (through ${via.join(' ← ')})` : '';
      if (at.idle) parts.push(`Input \`${at.nodeId}\`${path} is idle: it is left out of the minimum until it emits again.`);
      const last = at.maxEventTime === null ? 'has emitted no record yet' : `its last record has event time ${isoTime(at.maxEventTime)} and bound ${formatBound(bound)}, so its watermark is ${isoTime(at.outputWatermark)}`;
      parts.push(`Input \`${at.nodeId}\`${path} holds it back: ${last}.`);
      parts.push(`The window fires once \`${at.nodeId}\` emits a record with event time ≥ ${isoTime(window.fireTime + bound + 1)}, or its input ends (the final watermark fires every window).`);
      break;
    }
    const c = slowest(at);
    if (!c) break;
    const allIdle = at.channels.every((x) => x.idle);
    chain.push({ nodeId: at.nodeId, watermark: at.inputWatermark, kind: 'input', heldBy: c.from, idle: allIdle });
    if (allIdle) parts.push(`Every input of ${at.nodeId} is idle, so its watermark waits for one to emit again.`);
    if (at !== node) via.push(at.nodeId);
    at = byId.get(c.from);
  }
  return { nodeId: node.nodeId, window, watermark, chain, text: parts.join(' ') };
}
