/** `union`: records of every input pass unchanged; the task combines the input watermarks. */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { passThroughOperator } from '../../runtime/pass-through.ts';
import type { NoConfig } from '../../pipeline/config-schemas.ts';

export const unionOperator: OperatorFactory<NoConfig> = { kind: 'operator', create: passThroughOperator };
