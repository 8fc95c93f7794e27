/** `npm run schema`: writes `pipeline.schema.json` at the repository root. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchema } from './json-schema.ts';

const target = fileURLToPath(new URL('../../pipeline.schema.json', import.meta.url));
writeFileSync(target, JSON.stringify(pipelineJsonSchema(), null, 2) + '\n');
process.stderr.write(`wrote ${target}\n`);
