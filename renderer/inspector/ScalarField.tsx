/**
 * Strings, numbers, booleans, enums, and number-or-string unions (durations, speeds). A field
 * the node type declares secret (a password, a private key) is a password input: its value is
 * never shown on screen.
 */
import { useContext, useEffect, useState } from 'react';
import { variantsOf } from './json-schema.ts';
import type { FieldProps } from './SchemaField.tsx';
import { SecretPaths } from './secret-paths.ts';
import { fieldInputId } from './SchemaField.tsx';

export function ScalarField({ schema, value, onChange, path, required }: FieldProps) {
  const testId = `field-${path}`;
  const secret = useContext(SecretPaths).has(path);
  if (schema.enum) {
    return (
      <select id={fieldInputId(path)} data-testid={testId} value={value === undefined ? '' : String(value)} onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}>
        {(!required || value === undefined) && <option value="">{schema.default !== undefined ? `(default: ${String(schema.default)})` : '—'}</option>}
        {schema.enum.map((v) => (
          <option key={String(v)} value={String(v)}>
            {String(v)}
          </option>
        ))}
      </select>
    );
  }
  if (schema.type === 'boolean') return <input type="checkbox" id={fieldInputId(path)} data-testid={testId} checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  const types = (variantsOf(schema) ?? [schema]).map((s) => String(s.type));
  const numeric = types.includes('number') || types.includes('integer');
  const textual = types.includes('string');
  return <TextInput id={fieldInputId(path)} testId={testId} value={value} placeholder={secret ? 'hidden; or choose "environment variable"' : schema.default !== undefined ? String(schema.default) : ''} numeric={numeric} textual={textual} secret={secret} onChange={onChange} />;
}

/** Keeps the typed text while it is being edited, so "1." or "5m" survive re-renders. */
function TextInput(props: { id: string; testId: string; value: unknown; placeholder: string; numeric: boolean; textual: boolean; secret: boolean; onChange(v: unknown): void }) {
  const { value, numeric, textual, onChange } = props;
  const shown = value === undefined || value === null ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  const commit = (t: string): void => {
    setText(t);
    if (t.trim() === '') onChange(undefined);
    else if (numeric && /^-?\d+(\.\d+)?$/.test(t.trim())) onChange(Number(t));
    else onChange(textual || !numeric ? t : t);
  };
  return (
    <input
      id={props.id}
      type={props.secret ? 'password' : 'text'}
      autoComplete={props.secret ? 'off' : undefined}
      data-testid={props.testId}
      data-secret={props.secret ? 'true' : undefined}
      value={text}
      placeholder={props.placeholder}
      onChange={(e) => commit(e.target.value)}
    />
  );
}
