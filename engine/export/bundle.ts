/**
 * `tributary export`: writes a runnable job bundle for a pipeline — `job.mjs` (esbuild: the
 * engine, the connectors and the pipeline's compiled user code, with `classic-level` and
 * `kafkajs` left external and esbuild itself never inside), `pipeline.json`, `package.json` +
 * `package-lock.json` (runtime dependencies at the repo's exact versions), a generated
 * `README.md` and `params.example.json`; optionally a `.tgz` of the folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { externalPackages, jobBundleOptions } from '../launch/bundling.ts';
import { loadPipelineFile, validatePipeline } from '../nodes/load.ts';
import type { Problem } from '../pipeline/problems.ts';
import { compileUserCode } from '../udf/compile.ts';
import { recordingCompiler, type CompiledCode } from '../launch/compiled-code.ts';
import { bundleLockfile, installedVersion } from './lockfile.ts';
import { collectParams, withoutSecrets } from './params.ts';
import { bundleReadme } from './readme.ts';
import { tgz } from './tar.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

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

/**
 * The generated entry of `job.mjs`, one file in two roles: run by hand it is the launcher
 * (`runBundle`: arguments, parameters, signals, metrics); forked by that launcher (with
 * `TRIBUTARY_JOB_PROCESS=1`, inside Node's permission model) it is the job process, whose
 * worker thread runs `job-worker.mjs` beside it.
 */
function entrySource(compiled: CompiledCode): string {
  return [
    `import { fileURLToPath } from 'node:url';`,
    `import { runBundle } from './job-main.ts';`,
    `import { runJobProcess } from '../launch/job-process.ts';`,
    `const compiled = ${JSON.stringify(compiled)};`,
    `const self = new URL(import.meta.url);`,
    `if (process.env.TRIBUTARY_JOB_PROCESS === '1') runJobProcess(new URL('./job-worker.mjs', self));`,
    `else process.exitCode = await runBundle({ bundleDir: fileURLToPath(new URL('.', self)), compiled, runtime: self });`,
  ].join('\n');
}

/**
 * Bundles `job.mjs` (launcher and job process) and `job-worker.mjs` (the engine running the job).
 * @returns their code and the runtime dependencies they import.
 */
async function bundleJob(compiled: CompiledCode, dir: string): Promise<{ code: Uint8Array; worker: Uint8Array; imports: string[] }> {
  const main = await build({
    ...jobBundleOptions(join(dir, 'job.mjs')),
    stdin: { contents: entrySource(compiled), resolveDir: join(REPO, 'engine', 'export'), sourcefile: 'job-entry.ts', loader: 'ts' },
    write: false,
  });
  const worker = await build({ ...jobBundleOptions(join(dir, 'job-worker.mjs')), entryPoints: [join(REPO, 'engine', 'launch', 'job-worker-main.ts')], write: false });
  const code = main.outputFiles?.[0];
  const workerCode = worker.outputFiles?.[0];
  if (!code || !workerCode || !main.metafile || !worker.metafile) throw new Error('esbuild wrote no output');
  const imports = [...new Set([...externalPackages(main.metafile), ...externalPackages(worker.metafile)])].sort();
  return { code: code.contents, worker: workerCode.contents, imports };
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
  const given = withoutSchemaRef(options.document);
  const recorder = recordingCompiler(compileUserCode);
  const valid = validatePipeline(given, recorder.compile);
  if (!valid.ok) return { ok: false, kind: 'invalid', problems: valid.problems };
  // Secrets never enter the bundle: they become `{ env }` references to their parameters.
  const raw = withoutSecrets(given).document;
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const job = await bundleJob(recorder.table, dir);
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
    ['job-worker.mjs', job.worker],
    ['pipeline.json', JSON.stringify(raw, null, 2) + '\n'],
    ['package.json', JSON.stringify(packageJson, null, 2) + '\n'],
    ['package-lock.json', JSON.stringify(bundleLockfile(REPO, name, dependencies, engines), null, 2) + '\n'],
    ['params.example.json', JSON.stringify(Object.fromEntries(params.map((p) => [p.name, p.kind === 'secret' ? '' : (p.value ?? '')])), null, 2) + '\n'],
    ['README.md', bundleReadme({ pipeline: valid.pipeline, sourceFile: options.sourceFile, params, dependencies, jobBytes: job.code.length + job.worker.length })],
  ];
  for (const [file, content] of files) writeFileSync(join(dir, file), content);
  const written = files.map(([file, content]) => ({ name: file, bytes: typeof content === 'string' ? Buffer.byteLength(content) : content.length }));
  const result: ExportResult = { ok: true, dir, files: written, jobBytes: job.code.length + job.worker.length };
  if (options.tgz) {
    const path = join(dirname(dir), `${basename(dir)}.tgz`);
    const archive = tgz(files.map(([file, content]) => ({ name: `${basename(dir)}/${file}`, data: Buffer.from(content) })));
    writeFileSync(path, archive);
    result.tgz = { path, bytes: archive.length };
  }
  return result;
}
