import os from 'node:os';
import { basename, join } from 'node:path';
import { winnersTable } from '../report/winners-table.js';
import { loadConfig } from '../run/load-config.js';
import { runEvolution } from '../run/run.js';
import { flag, intFlag, parseCommand } from './args.js';
import { progressLine } from './progress.js';

export const RUN_USAGE = 'mesa-evo run [config.json] [--seed N] [--workers N] [--out runs/ID] [--set key=value ...]';

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand('run', argv, {
    seed: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    set: { type: 'string', multiple: true },
  }, 1);
  const configPath = positionals[0];
  const overrides: Record<string, unknown> = {};
  if (values.seed !== undefined) overrides.seed = flag('seed', intFlag(0, 2 ** 31 - 1), values.seed, 'an integer seed ≥ 0');
  const config = loadConfig(configPath, values.set ?? [], overrides);
  const workers = values.workers === undefined ? Math.min(os.availableParallelism(), config.search.islands) : flag('workers', intFlag(0, 1024), values.workers, 'a number of worker threads (0 runs in this thread)');
  const out = values.out ?? join('runs', runId(configPath, config.seed));
  const progress = progressLine(process.stderr);
  process.stderr.write(`mesa-evo: run ${out} (seed ${config.seed}, ${workers} worker${workers === 1 ? '' : 's'}, budget ${config.search.budget} evaluations)\n`);
  const result = await runEvolution({ config, out, workers, onProgress: progress.update });
  progress.done();
  process.stdout.write(`\nLeader by compute budget (genome evaluations), ${(result.elapsedMs / 1000).toFixed(1)} s:\n\n${winnersTable(result.summary)}\n\n`);
  process.stdout.write(`Run directory: ${out}  (summary.json, log.ndjson, config.json)\n`);
  return 0;
}

/** runs/<config name>-<UTC date and time>-s<seed>: sortable, and readable in a listing. */
function runId(configPath: string | undefined, seed: number): string {
  const name = configPath ? basename(configPath).replace(/\.json$/, '') : 'defaults';
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${name}-${t}-s${seed}`;
}
