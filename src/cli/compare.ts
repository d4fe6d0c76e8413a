import { compareText } from '../report/compare-text.js';
import { readRunDir } from '../report/run-dir.js';
import { UserError } from '../run/errors.js';
import { parseCommand } from './args.js';

/** Runs side by side: config differences, leader by budget, class shares, best fitness, speed. */
export async function compareCommand(argv: string[]): Promise<number> {
  const { positionals } = parseCommand(argv, {}, 1000);
  if (positionals.length < 2) throw new UserError(`expected at least two run directories, got ${positionals.length}`, true);
  const runs = positionals.map(readRunDir);
  process.stdout.write(compareText(runs) + '\n');
  return 0;
}
