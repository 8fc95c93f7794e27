/**
 * esbuild settings shared by the two bundles that run jobs: the job runtime that `tributary run`
 * and the studio fork (`runtime-bundle.ts`) and the exported job bundle (`engine/export`).
 * Both are single ES modules for Node 20 with `classic-level` and `kafkajs` left as packages
 * (a native addon, and a library best kept whole) and esbuild itself never inside.
 */
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';

/** Packages a job imports at run time; everything else is inside the bundle. */
export const RUNTIME_DEPENDENCIES: readonly string[] = ['classic-level', 'kafkajs'];
const NEVER_BUNDLED = ['esbuild'];

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

/** Options for a job bundle written to `outfile` (pass `write: false` to get the bytes). */
export function jobBundleOptions(outfile: string): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    metafile: true,
    minify: true,
    legalComments: 'none',
    external: [...RUNTIME_DEPENDENCIES, ...NEVER_BUNDLED],
    // CommonJS packages inside an ES module need `require` for Node's built-ins.
    banner: { js: `import { createRequire as __tributaryRequire } from 'node:module'; const require = __tributaryRequire(import.meta.url);` },
    plugins: [englishOnlyZod],
    logLevel: 'silent',
  };
}

/** Package names the bundle imports at run time. @throws Error for any but the runtime dependencies, or esbuild inside. */
export function externalPackages(metafile: Metafile): string[] {
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
