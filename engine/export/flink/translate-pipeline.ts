/**
 * Runs every node's translator in topological order and collects the job: each node sees the
 * streams on its input edges, gets its own context, and either returns its output streams or
 * is refused — one problem per node. Nodes downstream of a refused node are not translated (and
 * not refused again: their input is unknown), except by the checks that need no input: a node
 * type that is refused outright, and an edge from a side output (`late`, `errors`, `side`) —
 * translations produce only `out`, Flink SQL has no side outputs.
 */
import type { ValidNode, ValidPipeline } from '../../pipeline/validate.ts';
import { FLINK_TRANSLATORS } from '../../nodes/flink-translators.ts';
import { isNodeTypeId } from '../../nodes/catalog.ts';
import { nodeContext, NodeRefusal, type ContextSettings } from './context.ts';
import { FlinkJobModel } from './job-model.ts';
import type { FlinkNode, FlinkOutputs, FlinkStream, FlinkTranslator } from './translator.ts';

/** Why a side output has no Flink SQL counterpart, by port kind. */
const PORT_REASONS: Record<string, string> = {
  late: 'Flink SQL drops records behind the watermark silently; it has no side output for late records',
  errors: "Flink SQL has no side output for failed records: an unreadable line is skipped or its field set to NULL ('json.ignore-parse-errors'), and an expression that fails fails the job",
  records: 'Flink SQL has no side outputs',
};

function topological(pipeline: ValidPipeline): ValidNode[] {
  const indegree = new Map(pipeline.nodes.map((n) => [n.id, 0]));
  for (const e of pipeline.edges) indegree.set(e.target, (indegree.get(e.target) ?? 0) + 1);
  const byId = new Map(pipeline.nodes.map((n) => [n.id, n]));
  const ready = pipeline.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: ValidNode[] = [];
  while (ready.length > 0) {
    const id = ready.shift() as string;
    order.push(byId.get(id) as ValidNode);
    for (const e of pipeline.edges.filter((x) => x.source === id)) {
      const left = (indegree.get(e.target) ?? 0) - 1;
      indegree.set(e.target, left);
      if (left === 0) ready.push(e.target);
    }
  }
  return order;
}

/**
 * Translates a validated pipeline.
 * @returns the job model; its `problems` hold every refusal and warning.
 */
export async function translatePipeline(pipeline: ValidPipeline, settings: Omit<ContextSettings, 'job'>): Promise<FlinkJobModel> {
  const job = new FlinkJobModel();
  const outputs = new Map<string, FlinkOutputs>();
  const refuse = (node: ValidNode, construct: string, reason: string, field?: string): void => {
    job.problems.push({ code: 'TRB015', nodeId: node.id, field, message: `${construct}: ${reason}` });
  };
  for (const node of topological(pipeline)) {
    // Checks that need no input stream first, so nodes after a refused one are still checked.
    if (!isNodeTypeId(node.type)) {
      refuse(node, `node type ${node.type}`, 'has no Flink translator');
      continue;
    }
    const translator = FLINK_TRANSLATORS[node.type] as FlinkTranslator<unknown>;
    if (translator.kind === 'refuse') {
      refuse(node, translator.construct, translator.reason);
      continue;
    }
    const side = pipeline.edges.find((e) => e.source === node.id && e.sourcePort !== 'out');
    if (side) {
      const kind = node.spec.outputs.find((p) => p.id === side.sourcePort)?.kind ?? 'records';
      refuse(node, `the \`${side.sourcePort}\` output`, PORT_REASONS[kind] ?? PORT_REASONS.records ?? '', `output ${side.sourcePort}`);
      continue;
    }
    const inputs: Record<string, FlinkStream[]> = {};
    let known = true;
    for (const e of pipeline.edges.filter((x) => x.target === node.id)) {
      const stream = outputs.get(e.source)?.[e.sourcePort];
      if (!stream) known = false;
      else (inputs[e.targetPort] ??= []).push(stream);
    }
    if (!known) continue;
    const ctx = nodeContext({ ...settings, job }, node.id, node.type);
    const flinkNode: FlinkNode<unknown> = { id: node.id, type: node.type, config: node.config, code: node.code, ...(node.inputSchemas ? { inputSchemas: node.inputSchemas } : {}) };
    try {
      const out = await translator.translate(flinkNode, inputs, ctx);
      if (pipeline.edges.some((e) => e.source === node.id) && !out.out) refuse(node, 'the `out` output', 'the translation produced no stream');
      else outputs.set(node.id, out);
    } catch (error) {
      if (error instanceof NodeRefusal) refuse(node, error.construct, error.reason, error.field);
      else throw error;
    }
  }
  if (job.inserts.length === 0 && job.refusals().length === 0)
    job.problems.push({ code: 'TRB015', message: 'no sink: a Flink job needs at least one sink to write to' });
  return job;
}
