/**
 * One field of the inspector form, chosen by its JSON Schema: text, number, checkbox, select,
 * a variant picker for unions, nested objects, lists, and raw JSON for the rest. Descriptions
 * are shown as help. `path` names the field (`time.field`) and its `data-testid`.
 */
import { JsonField } from './JsonField.tsx';
import { ObjectFields } from './ObjectFields.tsx';
import { ArrayField } from './ArrayField.tsx';
import { VariantField } from './VariantField.tsx';
import { ScalarField } from './ScalarField.tsx';
import { isObjectSchema, variantsOf, type JsonSchema } from './json-schema.ts';

export interface FieldProps {
  schema: JsonSchema;
  value: unknown;
  onChange(value: unknown): void;
  path: string;
  required: boolean;
}

export function SchemaField(props: FieldProps) {
  const { schema } = props;
  const variants = variantsOf(schema);
  if (variants && variants.some(isObjectSchema)) return <VariantField {...props} variants={variants} />;
  if (isObjectSchema(schema) && schema.properties) return <ObjectFields {...props} />;
  if (schema.type === 'array') return <ArrayField {...props} />;
  if (variants || ['string', 'number', 'integer', 'boolean'].includes(String(schema.type)) || schema.enum || schema.const !== undefined) return <ScalarField {...props} />;
  return <JsonField {...props} />;
}

/** The DOM id of the control that edits the field at `path` (labels point at it). */
export const fieldInputId = (path: string): string => `field-input-${path}`;

/** A field's name and help, bound to its control (`fieldInputId(path)`) when it has one. */
export function FieldLabel({ name, schema, required, path }: { name: string; schema: JsonSchema; required: boolean; path?: string }) {
  return (
    <label className="field-label" title={schema.description} htmlFor={path === undefined ? undefined : fieldInputId(path)}>
      {name}
      {required ? '' : ' (optional)'}
      {schema.description && <span className="help">{schema.description}</span>}
    </label>
  );
}
