/** fsync of a file or folder by path: what `OperatorContext.persist` does outside a sandbox. */
import { open } from 'node:fs/promises';

/** Flushes `path` (a file's data, or a folder's entries) to stable storage. @throws Error from the OS. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
