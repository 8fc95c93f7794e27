/** The start screen: new pipeline, the examples, open a file, recover an unsaved copy. */
import { useEffect, useState } from 'react';
import { host } from '../host/get-host.ts';
import { newDocument, openExample } from '../files/file-actions.ts';
import { RecoveryOffer } from './RecoveryOffer.tsx';
import { OpenButton } from '../files/OpenButton.tsx';

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
    <div className="start" data-testid="start-screen">
      <h1>Tributary</h1>
      <p className="dim">Design stream pipelines, run them with Flink's semantics, watch every watermark.</p>
      <div className="start-actions">
        <button type="button" data-testid="new-pipeline" onClick={newDocument}>
          New pipeline
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
    </div>
  );
}
