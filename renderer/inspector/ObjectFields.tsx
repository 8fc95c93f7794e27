/** The fields of an object schema, each with its label and help; optional objects can be switched on. */
import { FieldLabel, SchemaField, type FieldProps } from './SchemaField.tsx';
import { skeleton } from './json-schema.ts';

export function ObjectFields({ schema, value, onChange, path, required }: FieldProps) {
  const obj = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  if (!obj && !required && path !== '') {
    return (
      <button type="button" data-testid={`field-${path}-enable`} onClick={() => onChange(skeleton(schema))}>
        set
      </button>
    );
  }
  const current = obj ?? {};
  const set = (key: string, v: unknown): void => {
    const next = { ...current };
    if (v === undefined) delete next[key];
    else next[key] = v;
    onChange(next);
  };
  return (
    <div className={path === '' ? 'form' : 'fieldset'}>
      {!required && path !== '' && (
        <button type="button" className="link" data-testid={`field-${path}-remove`} onClick={() => onChange(undefined)}>
          remove
        </button>
      )}
      {Object.entries(schema.properties ?? {})
        .filter(([, p]) => p.const === undefined)
        .map(([key, p]) => {
          const req = (schema.required ?? []).includes(key);
          const sub = path === '' ? key : `${path}.${key}`;
          return (
            <div className="field" key={key}>
              <FieldLabel name={key} schema={p} required={req} path={sub} />
              <SchemaField schema={p} value={current[key]} onChange={(v) => set(key, v)} path={sub} required={req} />
            </div>
          );
        })}
    </div>
  );
}
