import { fameEntryText, runHeader } from '../report/hall-of-fame-text.js';
import { readRunDir } from '../report/run-dir.js';
import { sexprTree } from '../report/sexpr-tree.js';
import { UserError } from '../run/errors.js';
import { flag, intFlag, parseCommand } from './args.js';

/** The hall of fame of a run, finished, still going or cut off. */
export async function inspectCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { top: { type: 'string' }, json: { type: 'boolean' } }, 1);
  if (positionals[0] === undefined) throw new UserError('expected a run directory', true);
  const top = values.top === undefined ? 10 : flag('top', intFlag(1, 10_000), values.top, 'a number of entries from 1 to 10000');
  const run = readRunDir(positionals[0]);
  const fame = run.hallOfFame.slice(0, top);
  if (values.json) {
    const { config: _config, marks: _marks, hallOfFame: _fame, ...facts } = run;
    process.stdout.write(JSON.stringify({ ...facts, hallOfFame: fame.map((f) => ({ ...f, tree: sexprTree(f.genome).join('\n') })) }) + '\n');
    return 0;
  }
  const out = [...runHeader(run), ''];
  if (fame.length === 0) out.push('hall of fame: empty (no generation finished yet)');
  else out.push(`Hall of fame, best ${fame.length} of ${run.hallOfFame.length}:`, '', fame.map((f, i) => fameEntryText(f, i + 1)).join('\n\n'));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
