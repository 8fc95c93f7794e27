/**
 * Identifiers shared by the protocol's schemas (`protocol.ts`, `protocol-state.ts`). Pure zod.
 */
import { z } from 'zod';

/** A run of this host (`run-N`). */
export const RunId = z.string().min(1);
/** A path relative to the host's workspace root, with `/` separators. */
export const WorkspacePath = z.string().min(1).max(1024);
/** A checkpoint id of a store (1, 2, …). */
export const CheckpointId = z.number().int().positive();
