/**
 * `tributary export`: writes a runnable job bundle for a pipeline — `job.mjs` (esbuild: the
 * engine, the connectors and the pipeline's compiled user code, with `classic-level` and
 * `kafkajs` left external and esbuild itself never inside), `pipeline.json`, `package.json` +
 * `package-lock.json` (runtime dependencies at the repo's exact versions), a generated
 * `README.md` and `params.example.json`; optionally a `.tgz` of the folder.
 */
import { builtinModules } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile, type Plugin } from 'esbuild';
import { loadPipelineFile, validatePipeline } from '../nodes/load.ts';
import type { Problem } from '../pipeline/problems.ts';
import { compileUserCode } from '../udf/compile.ts';
import { recordingCompiler, type CompiledCode } from './compiled-code.ts';
import { bundleLockfile, installedVersion } from './lockfile.ts';
import { collectParams } from './params.ts';
import { bundleReadme } from './readme.ts';
import { tgz } from './tar.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** Packages a bundle may import at run time (installed by `npm ci`); everything else is inside. */
export const RUNTIME_DEPENDENCIES: readonly string[] = ['classic-level', 'kafkajs'];
const NEVER_BUNDLED = ['esbuild'];

export interface ExportOptions {
  /** The `*.pipeline.json` file. */
  file: string;
  /** The bundle folder (created; files in it are replaced). */
  outDir: string;
  /** Also write `<outDir>.tgz`. */
  tgz?: boolean;
}

export type ExportResult =
  | { ok: false; kind: 'unreadable'; message: string }
  | { ok: false; kind: 'invalid'; problems: Problem[] }
  | { ok: true; dir: string; files: { name: string; bytes: number }[]; jobBytes: number; tgz?: { path: string; bytes: number } };

/** The generated entry: hands the bundle's folder and the compiled code to `runBundle`. */
function entrySource(compiled: CompiledCode): string {
  return [
    `import { fileURLToPath } from 'node:url';`,
    `import { runBundle } from './job-main.ts';`,
    `const compiled = ${JSON.stringify(compiled)};`,
    `process.exitCode = await runBundle({ bundleDir: fileURLToPath(new URL('.', import.meta.url)), compiled });`,
  ].join('\n');
}

/** Package names imported by the output that were left external. @throws Error for any other than the runtime dependencies. */
function externalPackages(metafile: Metafile): string[] {
  const found = new Set<string>();
  for (const output of Object.values(metafile.outputs))
    for (const imp of output.imports) {
      if (!imp.external || imp.path.startsWith('node:') || builtinModules.includes(imp.path)) continue;
      const name = imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : (imp.path.split('/')[0] as string);
      if (!RUNTIME_DEPENDENCIES.includes(name)) throw new Error(`the bundle imports ${imp.path}, which must not be needed at run time`);
      found.add(name);
    }
  const leaked = Object.keys(metafile.inputs).find((p) => NEVER_BUNDLED.some((n) => p.includes(`node_modules/${n}/`)));
  if (leaked) throw new Error(`the bundle contains ${leaked}`);
  return [...found].sort();
}

/**
 * zod's namespace re-exports every message locale (about 250 KiB minified); the engine uses
 * only English, which zod configures itself. This keeps `z.locales.en` and drops the rest.
 */
const englishOnlyZod: Plugin = {
  name: 'tributary-zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]classic[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path), loader: 'js' }));
  },
};

/** Bundles `job.mjs`. @returns its code and the runtime dependencies it imports. */
async function bundleJob(compiled: CompiledCode, outFile: string): Promise<{ code: Uint8Array; imports: string[] }> {
  const result = await build({
    stdin: { contents: entrySource(compiled), resolveDir: join(REPO, 'engine', 'export'), sourcefile: 'job-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: outFile,
    write: false,
    metafile: true,
    minify: true,
    legalComments: 'none',
    external: [...RUNTIME_DEPENDENCIES, ...NEVER_BUNDLED],
    // CommonJS packages inside an ES module need `require` for Node's built-ins.
    banner: { js: `import { createRequire as __tributaryRequire } from 'node:module'; const require = __tributaryRequire(import.meta.url);` },
    plugins: [englishOnlyZod],
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild wrote no output');
  return { code: output.contents, imports: externalPackages(result.metafile) };
}

/** `Delays by origin` → `delays-by-origin` (`pipeline` when nothing is left). */
export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'pipeline';
}

/** A copy of the document without its editor-only `$schema` reference. */
function withoutSchemaRef(doc: unknown): unknown {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return doc;
  const copy = { ...(doc as Record<string, unknown>) };
  delete copy.$schema;
  return copy;
}

/** `exportDocument`'s input: a parsed document instead of a file. */
export interface ExportDocumentOptions {
  /** The parsed pipeline document (as the editor holds it). */
  document: unknown;
  /** The name its README gives as the source file (`delays.pipeline.json`). */
  sourceFile: string;
  outDir: string;
  tgz?: boolean;
}

/**
 * Validates `options.file` (as `tributary validate`) and writes its bundle.
 * @returns the problems of an invalid pipeline, or the files written with their sizes.
 * @throws Error when bundling fails.
 */
export async function exportBundle(options: ExportOptions): Promise<ExportResult> {
  const loaded = await loadPipelineFile(options.file);
  if (!loaded.ok) return loaded;
  const raw = JSON.parse(readFileSync(options.file, 'utf8')) as unknown;
  return exportDocument({ document: raw, sourceFile: basename(options.file), outDir: options.outDir, tgz: options.tgz });
}

/**
 * Validates a parsed document (with code compilation) and writes its bundle; nothing is
 * written when it is invalid. Used by `exportBundle` and the engine host's `exportBundle` call.
 * @throws Error when bundling fails.
 */
export async function exportDocument(options: ExportDocumentOptions): Promise<ExportResult> {
  const raw = withoutSchemaRef(options.document);
  const recorder = recordingCompiler(compileUserCode);
  const valid = validatePipeline(raw, recorder.compile);
  if (!valid.ok) return { ok: false, kind: 'invalid', problems: valid.problems };
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const job = await bundleJob(recorder.table, join(dir, 'job.mjs'));
  const params = collectParams(raw);
  const dependencies = Object.fromEntries(job.imports.map((d) => [d, installedVersion(REPO, d)]));
  const name = `tributary-job-${slug(valid.pipeline.document.name)}`;
  const engines = { node: '>=20' };
  const packageJson = {
    name,
    version: '1.0.0',
    private: true,
    description: `${valid.pipeline.document.name} — a Tributary job bundle`,
    type: 'module',
    main: 'job.mjs',
    scripts: { start: 'node job.mjs' },
    engines,
    dependencies,
  };
  const files: [string, string | Uint8Array][] = [
    ['job.mjs', job.code],
    ['pipeline.json', JSON.stringify(raw, null, 2) + '\n'],
    ['package.json', JSON.stringify(packageJson, null, 2) + '\n'],
    ['package-lock.json', JSON.stringify(bundleLockfile(REPO, name, dependencies, engines), null, 2) + '\n'],
    ['params.example.json', JSON.stringify(Object.fromEntries(params.map((p) => [p.name, p.value ?? ''])), null, 2) + '\n'],
    ['README.md', bundleReadme({ pipeline: valid.pipeline, sourceFile: options.sourceFile, params, dependencies, jobBytes: job.code.length })],
  ];
  for (const [file, content] of files) writeFileSync(join(dir, file), content);
  const written = files.map(([file, content]) => ({ name: file, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length }));
  const result: ExportResult = { ok: true, dir, files: written, jobBytes: job.code.length };
  if (options.tgz) {
    const path = join(dirname(dir), `${basename(dir)}.tgz`);
    const archive = tgz(files.map(([file, content]) => ({ name: `${basename(dir)}/${file}`, data: Buffer.from(content) })));
    writeFileSync(path, archive);
    result.tgz = { path, bytes: archive.length };
  }
  return result;
}
