/** The start screen: new pipeline, the examples, open a file, recover an unsaved copy; the theme toggle. */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { newDocument, openExample } from '../files/file-actions.ts';
import { RecoveryOffer } from './RecoveryOffer.tsx';
import { OpenButton } from '../files/OpenButton.tsx';
import { FilePlus, Waypoints } from 'lucide-react';
import { ThemeToggle } from '../theme/ThemeToggle.tsx';

interface Example {
  path: string;
  name: string;
  description?: string;
}

export function StartScreen() {
  const [examples, setExamples] = useState<Example[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    host()
      .listExamples({})
      .then((r) => setExamples(r.examples))
      .catch((e: Error) => setError(e.message));
  }, []);
  return (
    <main className="start" data-testid="start-screen">
      <div className="start-top">
        <div>
          <h1>
            <Waypoints size={30} className="brand-mark" aria-hidden="true" /> Tributary
          </h1>
          <p className="dim">Design stream pipelines, run them with Flink's semantics, watch every watermark.</p>
        </div>
        <ThemeToggle />
      </div>
      <div className="start-actions">
        <button type="button" className="primary" data-testid="new-pipeline" onClick={newDocument}>
          <FilePlus size={15} aria-hidden="true" /> New pipeline
        </button>
        <OpenButton />
      </div>
      <RecoveryOffer />
      <h2>Examples</h2>
      {error && <div className="bad">{error}</div>}
      <ul className="examples">
        {examples.map((e) => (
          <li key={e.path}>
            <button type="button" className="example" data-testid={`example-${e.path.split('/').pop()?.replace('.pipeline.json', '')}`} onClick={() => void openExample(e.path)}>
              <strong>{e.name}</strong>
              <span className="dim">{e.description}</span>
              <code>{e.path}</code>
            </button>
          </li>
        ))}
      </ul>
      {!error && examples.length === 0 && <p className="empty-state">Loading the examples… (they live in examples/ of the workspace)</p>}
    </main>
  );
}
