/** `keyBy`: records pass unchanged; keyed nodes downstream read the key (`capabilities.setsKey`). */
import type { OperatorFactory } from '../../runtime/operator.ts';
import { passThroughOperator } from '../../runtime/pass-through.ts';
import type { KeyByConfig } from './spec.ts';

export const keyByOperator: OperatorFactory<KeyByConfig> = { kind: 'operator', create: passThroughOperator };
