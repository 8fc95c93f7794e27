/**
 * `npm run schema`: writes `pipeline.schema.json` and the README's node-type table, both
 * generated from the node catalog, and `pipeline-test.schema.json` (test files).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pipelineJsonSchema, pipelineTestJsonSchema } from './json-schema.ts';
import { withNodeTypesTable } from './readme-table.ts';

const schemaFile = fileURLToPath(new URL('../../pipeline.schema.json', import.meta.url));
writeFileSync(schemaFile, JSON.stringify(pipelineJsonSchema(), null, 2) + '\n');
process.stderr.write(`wrote ${schemaFile}\n`);
const testSchemaFile = fileURLToPath(new URL('../../pipeline-test.schema.json', import.meta.url));
writeFileSync(testSchemaFile, JSON.stringify(pipelineTestJsonSchema(), null, 2) + '\n');
process.stderr.write(`wrote ${testSchemaFile}\n`);
const readmeFile = fileURLToPath(new URL('../../README.md', import.meta.url));
writeFileSync(readmeFile, withNodeTypesTable(readFileSync(readmeFile, 'utf8')));
process.stderr.write(`wrote the node-type table in ${readmeFile}\n`);
