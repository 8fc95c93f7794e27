/**
 * The studio's pipeline tests and behaviour diff: "Run tests" (the host's `runTests`, the test
 * file beside the open document's file), "Accept as golden" (`acceptGolden`: the current run on
 * the pipeline's own inputs becomes a test in that file) and "Compare with saved version"
 * (`compareWithSaved`: the saved file against the open document; "Compare with file…" picks
 * another pipeline file of the workspace instead). The outcome goes to
 * `TestsPanel`, and the nodes it concerns are marked on the canvas (`marks`): a test's failing
 * output, or a node whose output differs from the saved version's.
 */
import { create } from 'zustand';
import type { CallResult } from '../../engine/host/protocol.ts';
import { host } from '../host/get-host.ts';
import { serializeDocument } from '../model/editor-document.ts';
import { useEditor } from '../store/editor-store.ts';

/** How a node is marked: one of its outputs fails a test, or differs from the saved version. */
export type NodeMark = 'failed' | 'differs';

export interface TestsState {
  /** `picking`: "Compare with file…" lists the workspace's pipeline files to choose from. */
  state: 'idle' | 'picking' | 'running' | 'done' | 'failed';
  /** What ran last. */
  action?: 'tests' | 'golden' | 'compare';
  tests?: CallResult<'runTests'>;
  golden?: CallResult<'acceptGolden'>;
  compare?: CallResult<'compareWithSaved'>;
  /** The pipeline file compared with, when not the saved version (workspace path). */
  comparedWith?: string;
  /** The files "Compare with file…" offers. */
  files?: string[];
  /** The host refused or failed (untrusted folder, no file, a run that failed). */
  error?: string;
  marks: Record<string, NodeMark>;
}

export const useTests = create<TestsState>()(() => ({ state: 'idle', marks: {} }));

/** The open document and its file, or why the actions need a saved file first. */
function current(): { document: unknown; baseDir: string; documentPath: string } | string {
  const { doc, location, trust } = useEditor.getState();
  if (!location.path) return 'Tests live beside the pipeline file (NAME.pipeline.test.json): open a pipeline file from the workspace first.';
  if (trust.state !== 'trusted') return "This pipeline's code has not run: trust it first (the banner above the canvas).";
  return { document: JSON.parse(serializeDocument(doc)) as unknown, baseDir: location.baseDir, documentPath: location.path };
}

async function perform(action: NonNullable<TestsState['action']>, call: (args: { document: unknown; baseDir: string; documentPath: string }) => Promise<Partial<TestsState>>): Promise<void> {
  if (useTests.getState().state === 'running') return;
  const args = current();
  if (typeof args === 'string') {
    useTests.setState({ state: 'failed', action, error: args, marks: {} }, true);
    return;
  }
  useTests.setState({ state: 'running', action, marks: {} }, true);
  try {
    useTests.setState({ state: 'done', ...(await call(args)) });
  } catch (error) {
    useTests.setState({ state: 'failed', error: (error as Error).message });
  }
}

/** Runs the open document's tests; never rejects. */
export function runPipelineTests(): Promise<void> {
  return perform('tests', async (args) => {
    const tests = await host().runTests(args);
    const marks: Record<string, NodeMark> = {};
    for (const t of tests.tests) {
      if (t.status === 'error' && t.nodeId) marks[t.nodeId] = 'failed';
      for (const o of t.outputs) if (!o.diff.equal) marks[o.nodeId] = 'failed';
    }
    return { tests, marks };
  });
}

/** Records the current behaviour as the golden test; never rejects. */
export function acceptAsGolden(): Promise<void> {
  return perform('golden', async (args) => ({ golden: await host().acceptGolden(args) }));
}

/** Compares the saved version (or the pipeline file at `againstPath`) with the open document; never rejects. */
export function compareWithSaved(againstPath?: string): Promise<void> {
  return perform('compare', async (args) => {
    const compare = await host().compareWithSaved({ ...args, ...(againstPath === undefined ? {} : { againstPath }) });
    const marks: Record<string, NodeMark> = {};
    if (compare.status === 'compared') for (const o of compare.outputs) if (!o.diff.equal || o.onlyIn) marks[o.nodeId] = 'differs';
    return { compare, marks, comparedWith: againstPath };
  });
}

/** "Compare with file…": lists the workspace's pipeline files (but the open one) to pick from; never rejects. */
export async function pickCompareFile(): Promise<void> {
  const state = useTests.getState().state;
  if (state === 'running' || state === 'picking') return;
  const open = useEditor.getState().location.path;
  try {
    const { files } = await host().listFiles({ under: '.', suffix: '.pipeline.json' });
    useTests.setState({ state: 'picking', action: 'compare', files: files.filter((f) => f !== open), marks: {} }, true);
  } catch (error) {
    useTests.setState({ state: 'failed', action: 'compare', error: (error as Error).message, marks: {} }, true);
  }
}

/** Closes the panel and clears the marks. */
export function closeTests(): void {
  if (useTests.getState().state !== 'running') useTests.setState({ state: 'idle', marks: {} }, true);
}
