/** A union of object shapes (key: fields or expression; time: event, expression or processing). */
import { ObjectFields } from './ObjectFields.tsx';
import { matchVariant, skeleton, variantLabel, type JsonSchema } from './json-schema.ts';
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
          onChange(i < 0 || !v ? undefined : skeleton(v));
        }}
      >
        {(!required || index < 0) && <option value={-1}>{required ? '— choose —' : '(none)'}</option>}
        {variants.map((v, i) => (
          <option key={i} value={i}>
            {variantLabel(v)}
          </option>
        ))}
      </select>
      {chosen && <ObjectFields schema={chosen} value={value} onChange={onChange} path={path} required />}
    </div>
  );
}
