import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findAbove } from './find-above.js';

/**
 * The project's directory: the nearest one above `moduleUrl` with a package.json. Modules
 * run from src/ (tests) and from dist/src/ or dist/scripts/ (built), at different depths.
 */
export function packageRoot(moduleUrl: string): string {
  const root = findAbove(dirname(fileURLToPath(moduleUrl)), 'package.json');
  if (root === null) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
  return root;
}
