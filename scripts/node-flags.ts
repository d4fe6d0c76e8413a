import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../src/cli/package-root.js';

/**
 * The node flags the tool runs with: those of `npm start` (`node FLAGS… script …`), which
 * the CLI's shebang repeats (tests/cli/node-flags.test.ts). The bench's, the soak test's
 * and the CLI tests' child runs use them, so they run the tool as users do.
 */
export function toolNodeFlags(): string[] {
  return (flags ??= startFlags());
}

let flags: string[] | undefined;

function startFlags(): string[] {
  const dir = packageRoot(import.meta.url);
  const start = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [node, ...rest] = start.split(/\s+/);
  if (node !== 'node') throw new Error(`package.json's start script does not begin with 'node': ${start}`);
  // Node's own flags come before the script; what follows the script is the tool's arguments.
  const end = rest.findIndex((t) => !t.startsWith('--'));
  return end < 0 ? rest : rest.slice(0, end);
}
