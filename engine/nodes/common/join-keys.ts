/** The two keys of a two-input join. @throws Error naming the side without a key. */
import type { KeySelector } from '../../runtime/key-selector.ts';
import type { OperatorContext } from '../../runtime/operator-context.ts';

export function joinKeys(ctx: OperatorContext): { left: KeySelector; right: KeySelector } {
  const left = ctx.keyOf('left');
  const right = ctx.keyOf('right');
  if (!left) throw new Error('left has no key');
  if (!right) throw new Error('right has no key');
  return { left, right };
}
