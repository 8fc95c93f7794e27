#!/usr/bin/env node
// Launches the TypeScript CLI through tsx, so `npx tributary` works from a clean clone.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli.ts');
process.exitCode = await main(process.argv.slice(2));
