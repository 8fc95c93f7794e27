/**
 * A union with object shapes (key: fields or expression; time: event, expression or
 * processing), possibly beside scalars (ssl: true or TLS options; a credential: the value or
 * `{ env }`): a picker, then the chosen variant's fields.
 */
import { ObjectFields } from './ObjectFields.tsx';
import { ScalarField } from './ScalarField.tsx';
import { isObjectSchema, matchVariant, scalarSkeleton, skeleton, variantLabel, type JsonSchema } from './json-schema.ts';
import type { FieldProps } from './SchemaField.tsx';

export function VariantField(props: FieldProps & { variants: JsonSchema[] }) {
  const { variants, value, onChange, path, required } = props;
  const index = matchVariant(variants, value);
  const chosen = variants[index];
  return (
    <div className="variant">
      <select
        data-testid={`field-${path}-variant`}
        value={index}
        onChange={(e) => {
          const i = Number(e.target.value);
          const v = variants[i];
          onChange(i < 0 || !v ? undefined : isObjectSchema(v) ? skeleton(v) : scalarSkeleton(v));
        }}
      >
        {(!required || index < 0) && <option value={-1}>{required ? '— choose —' : '(none)'}</option>}
        {variants.map((v, i) => (
          <option key={i} value={i}>
            {variantLabel(v)}
          </option>
        ))}
      </select>
      {chosen && (isObjectSchema(chosen) ? <ObjectFields schema={chosen} value={value} onChange={onChange} path={path} required /> : <ScalarField schema={chosen} value={value} onChange={onChange} path={path} required />)}
    </div>
  );
}
