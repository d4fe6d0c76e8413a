import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The nearest directory at or above `dir` (made absolute) that holds `file`, or null when none up to the root does. */
export function findAbove(dir: string, file: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, file))) return d;
    if (dirname(d) === d) return null;
  }
}
