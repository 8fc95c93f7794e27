/**
 * `npm run schema`: writes `pipeline.schema.json` and the README's node-type table, both
 * generated from the node catalog.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchema } from './json-schema.ts';
import { withNodeTypesTable } from './readme-table.ts';

const schemaFile = fileURLToPath(new URL('../../pipeline.schema.json', import.meta.url));
writeFileSync(schemaFile, JSON.stringify(pipelineJsonSchema(), null, 2) + '\n');
process.stderr.write(`wrote ${schemaFile}\n`);
const readmeFile = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(readmeFile, withNodeTypesTable(readFileSync(readmeFile, 'utf8')));
process.stderr.write(`wrote the node-type table in ${readmeFile}\n`);
