import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { reportRun } from '../report/run-report.js';
import { winnersTable } from '../report/winners-table.js';
import type { Config } from '../run/config.js';
import { UserError } from '../run/errors.js';
import { REPORT_FILE, SWEEP_FILE } from '../run/files.js';
import { loadConfig } from '../run/load-config.js';
import { runEvolution, type RunResult } from '../run/run.js';
import { stoppedAt } from '../run/summary.js';
import { flag, intFlag, parseCommand, workersFlag } from './args.js';
import { findAbove } from './find-above.js';
import { progressLine } from './progress.js';
import { signalExit, withStopOnSignals } from './signals.js';

export interface RunPlan {
  config: Config;
  workers: number;
  out: string;
  force: boolean;
}

/** Everything `run` needs, validated: throws UserError on any bad argument or config. */
export function parseRunArgs(argv: string[]): RunPlan {
  const { values, positionals } = parseCommand(argv, {
    seed: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    force: { type: 'boolean' },
    set: { type: 'string', multiple: true },
  }, 1);
  const configPath = positionals[0];
  const overrides: Record<string, unknown> = {};
  if (values.seed !== undefined) overrides.seed = flag('seed', intFlag(0, 2 ** 31 - 1), values.seed, 'an integer seed ≥ 0');
  const config = loadConfig(configPath, values.set ?? [], overrides);
  const workers = workersFlag(values.workers, config.search.islands);
  const out = values.out ?? join('runs', runId(configPath, config.seed));
  refuseInsideSweep(out);
  return { config, workers, out, force: values.force ?? false };
}

/**
 * A sweep runs its own cells: a run placed under a sweep's directory (a cell's seed
 * directory, with or without --force) would be counted in its phase table as that cell's,
 * whatever its config. Checked before anything is made.
 */
function refuseInsideSweep(out: string): void {
  const sweep = findAbove(dirname(resolve(out)), SWEEP_FILE);
  if (sweep !== null) throw new UserError(`--out '${out}': inside the sweep in '${sweep}' (${SWEEP_FILE}); expected a directory outside any sweep (a sweep runs and resumes its own cells: npx mesa-evo sweep)`);
}

export async function runCommand(argv: string[]): Promise<number> {
  const { config, workers, out, force } = parseRunArgs(argv);
  const banner = `mesa-evo: run ${out} (seed ${config.seed}, ${workers} worker${workers === 1 ? '' : 's'}, budget ${config.search.budget} evaluations)`;
  // Replacing a run deletes its results: the banner says so, once the lock is held and it is done.
  let replaced = '';
  const onReplace = (removed: string[]) => (replaced = `\nmesa-evo: --force: removed what an earlier run left there (${removed.join(', ')})`);
  return finish(out, () => banner + replaced, (opts) => runEvolution(config, out, { ...opts, workers, force, onReplace }));
}

/**
 * Shared by run and resume: the banner (once the directory and checkpoint passed their
 * checks, so a refusal is the only line), progress, signals, and the closing table or resume hint.
 */
export async function finish(dir: string, banner: (generation: number) => string, start: (opts: Pick<Parameters<typeof runEvolution>[2], 'onProgress' | 'stopper' | 'onStart'>) => Promise<RunResult>): Promise<number> {
  const progress = progressLine(process.stderr);
  let result: RunResult;
  try {
    const onStart = (generation: number) => {
      process.stderr.write(`${banner(generation)}\n`);
      progress.starting();
    };
    result = await withStopOnSignals((stopper) => start({ onProgress: progress.update, stopper, onStart }));
  } finally {
    progress.done();
  }
  if (result.interrupted !== null) {
    process.stderr.write(`mesa-evo: stopped ${stoppedAt(result.summary.budget)}; checkpoint and partial summary written.\nContinue with: npx mesa-evo resume ${dir}\n`);
    remakeReport(dir);
    return signalExit(result.interrupted);
  }
  process.stdout.write(`\nLeader by compute budget (genome evaluations), ${(result.elapsedMs / 1000).toFixed(1)} s:\n\n${winnersTable(result.summary)}\n\n`);
  process.stdout.write(`Run directory: ${dir}  (summary.json, log.ndjson, config.json, checkpoint.json)\n`);
  remakeReport(dir);
  return 0;
}

/**
 * A report.html made before a resume would describe the run as it was then: made again
 * when there is one. The run's results are written already, so a failure here is a note.
 */
function remakeReport(dir: string): void {
  if (!existsSync(join(dir, REPORT_FILE))) return;
  try {
    reportRun(dir);
    process.stderr.write(`Report updated: ${join(dir, REPORT_FILE)}\n`);
  } catch (err) {
    process.stderr.write(`note: ${REPORT_FILE} was not made again (${(err as Error).message}); 'npx mesa-evo report ${dir}' makes it\n`);
  }
}

/** runs/<config name>-<UTC date and time>-s<seed>: sortable, and readable in a listing. */
function runId(configPath: string | undefined, seed: number): string {
  const name = configPath ? basename(configPath).replace(/\.json$/, '') : 'defaults';
  const t = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${name}-${t}-s${seed}`;
}
