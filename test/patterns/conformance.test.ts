/**
 * Conformance of the pattern node with Flink CEP's documented behaviour: every example of
 * doc-examples.ts (the CEP docs' own examples, and hand-worked ones for each quantifier, NOT
 * patterns and `within`), with the matches and timeouts written out there.
 */
import { describe, expect, it } from 'vitest';
import { nodeConfig } from './cep-json.ts';
import { runSequence } from './cep-fixture.ts';
import { DOC_EXAMPLES } from './doc-examples.ts';

describe('pattern node: Flink CEP documented examples', () => {
  for (const [name, example] of Object.entries(DOC_EXAMPLES)) {
    it(name, async () => {
      const result = await runSequence(nodeConfig(example.pattern), example.events);
      expect(result.matches).toEqual([...example.matches].sort());
      expect(result.timeouts).toEqual([...(example.timeouts ?? [])].sort());
      expect(result.late).toEqual([]);
    });
  }
});
