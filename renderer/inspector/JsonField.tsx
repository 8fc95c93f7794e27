/** Raw JSON for what the form has no widget for (records, column maps). */
import { useEffect, useState } from 'react';
import { fieldInputId, type FieldProps } from './SchemaField.tsx';

export function JsonField({ value, onChange, path }: FieldProps) {
  const shown = value === undefined ? '' : JSON.stringify(value, null, 2);
  const [text, setText] = useState(shown);
  const [error, setError] = useState<string>();
  useEffect(() => setText(shown), [shown]);
  return (
    <div>
      <textarea
        id={fieldInputId(path)}
        data-testid={`field-${path}`}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() === '' ? undefined : JSON.parse(e.target.value));
            setError(undefined);
          } catch (err) {
            setError((err as Error).message);
          }
        }}
      />
      {error && <div className="bad">{error}</div>}
    </div>
  );
}
