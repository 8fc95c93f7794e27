/** Lists: strings as comma-separated text, objects as a list of sub-forms. */
import { useEffect, useState } from 'react';
import { ObjectFields } from './ObjectFields.tsx';
import { JsonField } from './JsonField.tsx';
import { isObjectSchema, skeleton } from './json-schema.ts';
import type { FieldProps } from './SchemaField.tsx';

export function ArrayField(props: FieldProps) {
  const { schema, value, onChange, path } = props;
  const items = schema.items;
  const list = Array.isArray(value) ? (value as unknown[]) : [];
  if (items?.type === 'string') return <CommaList value={list} onChange={onChange} testId={`field-${path}`} />;
  if (!items || !isObjectSchema(items) || !items.properties) return <JsonField {...props} />;
  const setAt = (i: number, v: unknown): void => onChange(list.map((x, j) => (j === i ? v : x)));
  return (
    <div className="array">
      {list.map((item, i) => (
        <div className="array-item" key={i}>
          <ObjectFields schema={items} value={item} onChange={(v) => setAt(i, v)} path={`${path}.${i}`} required />
          <button type="button" className="link" data-testid={`field-${path}.${i}-delete`} onClick={() => onChange(list.filter((_, j) => j !== i))}>
            delete
          </button>
        </div>
      ))}
      <button type="button" data-testid={`field-${path}-add`} onClick={() => onChange([...list, skeleton(items)])}>
        add
      </button>
    </div>
  );
}

function CommaList({ value, onChange, testId }: { value: unknown[]; onChange(v: unknown): void; testId: string }) {
  const shown = value.map(String).join(', ');
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  return (
    <input
      type="text"
      data-testid={testId}
      value={text}
      placeholder="a, b, c"
      onChange={(e) => {
        setText(e.target.value);
        onChange(e.target.value.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
      }}
    />
  );
}
