/** React Flow types of the canvas: one node kind and one edge kind. */
import type { Edge, Node } from '@xyflow/react';
import type { EditorNode } from '../model/editor-document.ts';

export type FlowNode = Node<{ node: EditorNode }, 'pipeline'>;
export type FlowEdge = Edge<{ sourcePort: string }, 'throughput'>;
