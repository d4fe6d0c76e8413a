import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest directory at or above `dir` that holds `file`, or null when none up to the root does. */
export function findAbove(dir: string, file: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, file))) return d;
    if (dirname(d) === d) return null;
  }
}
