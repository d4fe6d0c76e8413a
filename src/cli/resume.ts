import { requireRunDir } from '../report/run-dir.js';
import { UserError } from '../run/errors.js';
import { readRunConfig, resumeEvolution } from '../run/run.js';
import { parseCommand, workersFlag } from './args.js';
import { finish } from './run.js';

/** Continue a run from its last checkpoint; the result is the same as an uninterrupted run. */
export async function resumeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(argv, { workers: { type: 'string' } }, 1);
  const dir = positionals[0];
  if (dir === undefined) throw new UserError('expected a run directory', true);
  requireRunDir(dir);
  const config = readRunConfig(dir);
  const workers = workersFlag(values.workers, config.search.islands);
  return finish(dir, (generation) => `mesa-evo: resume ${dir} from generation ${generation} (${workers} worker${workers === 1 ? '' : 's'})`, (opts) => resumeEvolution(dir, { ...opts, workers }, config));
}
