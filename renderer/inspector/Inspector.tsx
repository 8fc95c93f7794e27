/** The right panel: the selected node's form and code, or the document's settings. */
import { nodeTypeSpec } from '../../engine/nodes/catalog.ts';
import { useEditor } from '../store/editor-store.ts';
import { updateNode } from '../model/graph-edits.ts';
import { configJsonSchema } from './json-schema.ts';
import { ObjectFields } from './ObjectFields.tsx';
import { CodeEditor } from './CodeEditor.tsx';
import { problemText } from '../run/problem-text.ts';
import { DocumentSettings } from './DocumentSettings.tsx';
import { KafkaConnection } from './KafkaConnection.tsx';
import { StageListEditor } from '../nodes/pattern/StageListEditor.tsx';
import type { Stage } from '../nodes/pattern/stage-edits.ts';
import type { JsonSchema } from './json-schema.ts';
import { KafkaPartitions } from './KafkaPartitions.tsx';
import { SecretPaths } from './secret-paths.ts';
import { SqlEditor } from '../sql/SqlEditor.tsx';

/** The config's schema without `field` (a field a custom part edits). */
function without(schema: JsonSchema, field: string | undefined): JsonSchema {
  if (!field || !schema.properties) return schema;
  const { [field]: _omitted, ...properties } = schema.properties;
  return { ...schema, properties, required: schema.required?.filter((r) => r !== field) };
}

const secretSets = new WeakMap<object, ReadonlySet<string>>();
const NONE: ReadonlySet<string> = new Set();

/** The secret fields of a node type, as a set (one per type, so the context value is stable). */
function secretPaths(credentials: readonly { field: string; secret: boolean }[] | undefined): ReadonlySet<string> {
  if (!credentials) return NONE;
  let set = secretSets.get(credentials);
  if (!set) {
    set = new Set(credentials.filter((c) => c.secret).map((c) => c.field));
    secretSets.set(credentials, set);
  }
  return set;
}

export function Inspector() {
  const selected = useEditor((s) => (s.selectedNodeIds.length === 1 ? s.doc.nodes.find((n) => n.id === s.selectedNodeIds[0]) : undefined));
  const problems = useEditor((s) => s.problems);
  const peek = useEditor((s) => (selected ? s.peekNodes.includes(selected.id) : false));
  const togglePeek = useEditor((s) => s.togglePeek);
  const baseDir = useEditor((s) => s.location.baseDir);
  if (!selected) return <DocumentSettings />;
  const spec = nodeTypeSpec(selected.type);
  const mine = problems.filter((p) => p.nodeId === selected.id);
  const stageField = spec?.capabilities.stageList?.field;
  const sqlField = spec?.capabilities.sqlQuery?.field;
  const edit = (patch: Parameters<typeof updateNode>[2], coalesce: string): void =>
    useEditor.getState().edit((doc) => updateNode(doc, selected.id, patch), { coalesce: `${selected.id}:${coalesce}` });
  return (
    <aside className="inspector nokey" data-testid="inspector" data-node={selected.id}>
      <h3>
        {selected.id} <span className="dim">{spec?.label ?? selected.type}</span>
      </h3>
      <p className="help">{spec?.description}</p>
      <label className="field-label">
        peek latest records on the node <input type="checkbox" data-testid="peek-toggle" checked={peek} onChange={() => togglePeek(selected.id)} />
      </label>
      {mine.length > 0 && (
        <ul className="problems" data-testid="node-problems">
          {mine.map((p, i) => (
            <li key={i}>{problemText(p)}</li>
          ))}
        </ul>
      )}
      <div className="field">
        <label className="field-label" htmlFor="node-label">label (optional)</label>
        <input id="node-label" type="text" data-testid="field-label" value={selected.label ?? ''} onChange={(e) => edit({ label: e.target.value || undefined }, 'label')} />
      </div>
      {spec && (
        <SecretPaths.Provider value={secretPaths(spec.capabilities.credentials)}>
          <ObjectFields
            schema={without(without(configJsonSchema(spec.config), spec.capabilities.stageList?.field), sqlField)}
            value={selected.config}
            onChange={(c) =>
              edit(
                {
                  config: {
                    ...(c as Record<string, unknown>),
                    ...(stageField ? { [stageField]: selected.config[stageField] } : {}),
                    ...(sqlField ? { [sqlField]: selected.config[sqlField] } : {}),
                  },
                },
                'config',
              )
            }
            path=""
            required
          />
        </SecretPaths.Provider>
      )}
      {stageField && (
        <StageListEditor
          key={`stages:${selected.id}`}
          nodeId={selected.id}
          stages={Array.isArray(selected.config[stageField]) ? (selected.config[stageField] as Stage[]) : []}
          onChange={(stages) => edit({ config: { ...selected.config, [stageField]: stages } }, 'stages')}
        />
      )}
      {spec?.capabilities.connectionTest && (
        <KafkaConnection
          key={`kafka:${selected.id}`}
          config={selected.config}
          baseDir={baseDir}
          onPickTopic={(t) => {
            const test = spec.capabilities.connectionTest;
            if (test) edit({ config: { ...selected.config, [test.topicField]: test.multipleTopics ? [t] : t } }, 'config');
          }}
        />
      )}
      {spec?.capabilities.connectionTest && <KafkaPartitions nodeId={selected.id} />}
      {sqlField && <SqlEditor key={`sql:${selected.id}`} node={selected} field={sqlField} />}
      {spec?.code && <CodeEditor key={selected.id} node={selected} />}
    </aside>
  );
}
