import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's directory: the nearest one above `moduleUrl` with a package.json. Modules
 * run from src/ (tests) and from dist/src/ or dist/scripts/ (built), at different depths.
 */
export function packageRoot(moduleUrl: string): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    if (dirname(dir) === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = dirname(dir);
  }
  return dir;
}
