/**
 * Monaco's editor API as monaco-sql-languages 1.1 expects it (Vite aliases its import
 * `monaco-editor/esm/vs/editor/editor.api` here, see vite.renderer.config.ts). Monaco 0.57 made
 * `editor.createWebWorker` take a `Worker`; the library still passes the older options
 * (`moduleId`, `label`, `createData`). Those are turned into a worker the old way: the
 * environment's `getWorker(moduleId, label)`, then the `ignore` and `createData` messages its
 * worker scripts wait for (Monaco's own language workers do the same internally).
 */
import * as api from 'monaco-editor/editor/editor.api';

export * from 'monaco-editor/editor/editor.api';

type Options = Parameters<typeof api.editor.createWebWorker>[0];
interface LegacyOptions {
  moduleId: string;
  label?: string;
  createData?: unknown;
  host?: Record<string, (...args: unknown[]) => unknown>;
  keepIdleModels?: boolean;
}

function createWebWorker<T extends object>(options: Options | LegacyOptions): api.editor.MonacoWebWorker<T> {
  if ('worker' in options) return api.editor.createWebWorker<T>(options);
  const environment = self.MonacoEnvironment;
  if (!environment?.getWorker) throw new Error('MonacoEnvironment.getWorker is not set');
  const worker = Promise.resolve(environment.getWorker(options.moduleId, options.label ?? options.moduleId)).then((w) => {
    w.postMessage('ignore');
    w.postMessage(options.createData);
    return w;
  });
  return api.editor.createWebWorker<T>({ worker, ...(options.host ? { host: options.host } : {}), ...(options.keepIdleModels !== undefined ? { keepIdleModels: options.keepIdleModels } : {}) });
}

export const editor: typeof api.editor = { ...api.editor, createWebWorker };
