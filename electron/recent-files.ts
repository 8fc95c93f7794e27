/** The recent-files list, kept in the user data folder (newest first, at most ten). */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class RecentFiles {
  private list: string[] = [];

  constructor(private readonly folder: string) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(join(folder, 'recent.json'), 'utf8'));
      if (Array.isArray(parsed)) this.list = parsed.filter((p): p is string => typeof p === 'string');
    } catch {
      this.list = [];
    }
  }

  all(): readonly string[] {
    return this.list;
  }

  add(path: string): void {
    this.list = [path, ...this.list.filter((p) => p !== path)].slice(0, 10);
    try {
      writeFileSync(join(this.folder, 'recent.json'), JSON.stringify(this.list));
    } catch {
      // a read-only profile: the list lives for this session only
    }
  }
}
