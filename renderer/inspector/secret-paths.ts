/**
 * The config fields (dotted paths, `sasl.password`) of the node in the inspector that hold
 * secrets, from its type's `capabilities.credentials`: their inputs mask what is typed.
 */
import { createContext } from 'react';

export const SecretPaths = createContext<ReadonlySet<string>>(new Set());
