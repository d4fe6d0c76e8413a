import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The node flags the tool runs with: those of `npm start`, which the CLI's shebang
 * repeats (tests/cli/node-flags.test.ts). The bench's and the soak test's child runs use
 * them, so they measure the tool as users run it.
 */
export function toolNodeFlags(): string[] {
  // From scripts/ (tests) or dist/scripts/ (compiled): the nearest package.json above is the project's.
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  const start = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((t) => t.startsWith('--'));
}
