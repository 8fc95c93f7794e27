/**
 * classic-level (LevelDB, a native addon) loaded on first use, so a job that neither
 * checkpoints nor keeps state in LevelDB never loads native code (its sandbox then forbids
 * addons altogether).
 */
import type { ClassicLevel as ClassicLevelClass } from 'classic-level';

let loaded: typeof ClassicLevelClass | undefined;

/** The `ClassicLevel` class. @throws Error when the addon cannot be loaded. */
export async function classicLevel(): Promise<typeof ClassicLevelClass> {
  loaded ??= (await import('classic-level')).ClassicLevel;
  return loaded;
}
