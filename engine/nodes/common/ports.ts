/** Ports and port sets that several node types share. */
import { ANY_KIND, type InputPortSpec, type OutputPortSpec } from '../../pipeline/node-spec.ts';

/** A source's record output. */
export const SOURCE_OUT: OutputPortSpec = { id: 'out', label: 'out', kind: 'records' };
/** A sink's input: any stream (side outputs too), several edges at once. */
export const SINK_IN: InputPortSpec = { id: 'in', label: 'in', accepts: ANY_KIND, multiple: true };
/** An input that takes any stream, once (map, filter, flatMap). */
export const ANY_IN: InputPortSpec = { id: 'in', label: 'in', accepts: ANY_KIND, multiple: false };
/** The two inputs of a join. */
export const LEFT: InputPortSpec = { id: 'left', label: 'left', accepts: ['records', 'keyed'], multiple: false };
export const RIGHT: InputPortSpec = { id: 'right', label: 'right', accepts: ['records', 'keyed'], multiple: false };
