import { existsSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Assessment } from '../core/assess.js';
import { evaluationsAt } from '../search/budget.js';
import { evaluationsDone, finalGeneration, initialState, search, type EpochEvent, type SearchState } from '../search/search.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkpointState, readCheckpoint, searchStateOf, writeCheckpoint, writeCheckpointAsync } from './checkpoint.js';
import type { Config } from './config.js';
import { primitivesOf, searchSpec } from './specs.js';
import { UserError, whileDoing } from './errors.js';
import { RUN_DIR_FILES, RUN_FILES, SWEEP_FILE } from './files.js';
import { loadConfig, validateConfig } from './load-config.js';
import { openRunLog } from './log.js';
import { withRunLock } from './run-lock.js';
import { Phases } from './phases.js';
import { eventLoopTurn, inProcessRunner, poolRunner, type EpochPool } from './pool.js';
import { Interrupted, Stopper } from './stopper.js';
import { buildSummary, type Summary } from './summary.js';
import { shares } from '../core/classify.js';

export interface RunOptions {
  /** Worker threads; 0 runs every island in this thread. */
  workers: number;
  onProgress?: (p: Progress) => void;
  /** Requests a stop at any moment (signals); the run checkpoints its last barrier and returns. */
  stopper?: Stopper;
  /**
   * Called once the run directory and checkpoint have been checked, just before the search
   * starts (the CLI's banner), with the generation it starts from (0 for a new run).
   */
  onStart?: (generation: number) => void;
  /** Worker threads to run on (a sweep's, shared by its cell-seeds) instead of a pool of the run's own; with `workers` > 0. */
  pool?: EpochPool;
}

export interface Progress {
  generation: number;
  finalGeneration: number;
  evaluations: number;
  totalEvaluations: number;
  best: Assessment;
  elapsedMs: number;
  /** Evaluations done before this process started (resume), excluded from rates. */
  evaluationsBefore: number;
}

export interface RunResult {
  dir: string;
  summary: Summary;
  elapsedMs: number;
  /** The signal that stopped the run early, or null when it ran to the end. */
  interrupted: string | null;
}

/** Make the run's directory if it does not exist: a path that is a file, or under one, is a user error. */
function makeRunDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UserError(`--out '${out}': not a directory; expected a directory for the run (new, or a run to replace with --force)`);
  try {
    mkdirSync(out, { recursive: true });
  } catch (err) {
    throw new UserError(`--out '${out}': cannot be created (${(err as NodeJS.ErrnoException).code ?? 'error'}); expected a path where a directory can be made`);
  }
}

/**
 * Refuse an output directory that already holds a run, unless `force` (then the files
 * the old run and its reports wrote are removed; nothing else is touched). Checked under
 * the directory's lock, before anything is written or started, so a refusal leaves the
 * directory as it was.
 */
function clearRunDir(out: string, force: boolean): string[] {
  // A sweep's directory has a summary.json too: never replace a sweep with a run.
  if (existsSync(join(out, SWEEP_FILE))) throw new UserError(`--out '${out}': a sweep is there (${SWEEP_FILE}); expected a directory for a run, not a sweep's`);
  const present = RUN_DIR_FILES.filter((f) => existsSync(join(out, f)));
  if (present.length > 0) {
    // Only a report or a deployment left: they describe a run that is gone, so they would be wrong beside this one.
    const what = present.some((f) => (Object.values(RUN_FILES) as string[]).includes(f)) ? 'a run already exists there' : "an earlier run's report or deployment is there";
    if (!force) throw new UserError(`--out '${out}': ${what} (${present.join(', ')}); expected a new directory, or --force to replace it`);
    for (const f of RUN_DIR_FILES) rmSync(join(out, f), { force: true });
  }
  return present;
}

/** Start a new run in `out`: config.json, log.ndjson, checkpoint.json and summary.json. */
export async function runEvolution(config: Config, out: string, opts: RunOptions & ReplaceOptions): Promise<RunResult> {
  makeRunDir(out);
  return withRunLock(out, () => startLocked(config, out, opts));
}

export interface ReplaceOptions {
  /** Replace a run already in the directory (its files are removed) instead of refusing. */
  force?: boolean;
  /** Called with the files of the run that `force` removed, when there was one (the CLI says so). */
  onReplace?: (removed: string[]) => void;
}

/** A new run in `out`, whose lock the caller holds. */
function startLocked(config: Config, out: string, opts: RunOptions & ReplaceOptions): Promise<RunResult> {
  const removed = clearRunDir(out, opts.force ?? false);
  if (removed.length > 0) opts.onReplace?.(removed);
  writeFileAtomic(join(out, RUN_FILES.config), JSON.stringify(config, null, 2) + '\n');
  return continueRun(config, out, initialState(), opts, 'run-start');
}

/**
 * The validated config.json of a run directory, with `key=value` sets and overrides
 * applied (deploy's flags). Throws UserError when it is missing or damaged.
 */
export function readRunConfig(dir: string, sets: string[] = [], overrides: Record<string, unknown> = {}): Config {
  const configPath = join(dir, RUN_FILES.config);
  if (!existsSync(configPath)) throw new UserError(`'${dir}': no ${RUN_FILES.config} there; expected a run directory made by mesa-evo run`);
  return loadConfig(configPath, sets, overrides);
}

/** Continue the run in `dir` from its checkpoint; `config` is its config.json when the caller has read it already. */
export function resumeEvolution(dir: string, opts: RunOptions, config?: Config): Promise<RunResult> {
  return withRunLock(dir, () => {
    // A finished run has nothing to continue: resuming would only log a second, empty session over its timing.
    const finished = completeSummary(dir);
    if (finished) throw new UserError(`'${dir}': the run is already finished (generation ${finished.budget.generations}); nothing to resume. A longer run is a new run: 'npx mesa-evo run' with a larger search.budget`);
    return resumeLocked(dir, opts, config ?? readRunConfig(dir));
  });
}

/**
 * A sweep's cell-seed that was started and lost: resume it from its checkpoint (the same
 * result as an uninterrupted run); when its files are too damaged to resume, start it
 * again with `config`. All under one hold of its lock, so no other process is in the
 * directory while it is read or cleared (one that another process holds is refused
 * before anything is read). One finished meanwhile, by that process, is done.
 */
export function resumeOrRestart(dir: string, config: Config, opts: RunOptions): Promise<RunResult> {
  return withRunLock(dir, async () => {
    const finished = completeSummary(dir);
    if (finished) return { dir, summary: finished, elapsedMs: 0, interrupted: null };
    try {
      return await resumeLocked(dir, opts, readRunConfig(dir));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return await startLocked(config, dir, { ...opts, force: true });
    }
  });
}

/** The summary.json of a run that reached its end; null when it did not (an interrupted run writes a partial one), or the file is missing or unreadable. */
export function completeSummary(dir: string): Summary | null {
  try {
    const s = JSON.parse(readFileSync(join(dir, RUN_FILES.summary), 'utf8')) as Summary;
    return s.complete === true ? s : null;
  } catch {
    return null;
  }
}

/** Resume the run in `dir`, whose lock the caller holds and which has not finished. */
async function resumeLocked(dir: string, opts: RunOptions, config: Config): Promise<RunResult> {
  const ckptPath = join(dir, RUN_FILES.checkpoint);
  const logPath = join(dir, RUN_FILES.log);
  let state = initialState();
  let logBytes = 0;
  if (existsSync(ckptPath)) {
    const ckpt = readCheckpoint(ckptPath);
    // Both validated: a run made before a config field existed compares with its default filled in.
    if (JSON.stringify(validateConfig(ckpt.config, ckptPath)) !== JSON.stringify(config)) {
      throw new UserError(`'${dir}': ${RUN_FILES.checkpoint} was written for a different config than ${RUN_FILES.config}; expected the two to match`);
    }
    state = searchStateOf(ckpt.state, primitivesOf(config), ckptPath);
    logBytes = ckpt.logBytes;
    // Cut off after its final checkpoint, before summary.json: the search is done and the log holds its end; write the summary only.
    const spec = searchSpec(config);
    const last = finalGeneration(spec);
    if (state.populations !== null && state.generation >= last) {
      opts.onStart?.(state.generation);
      return { dir, summary: writeRunSummary(dir, buildSummary(config, spec, new Phases(config), state, last)), elapsedMs: 0, interrupted: null };
    }
  }
  const logSize = existsSync(logPath) ? statSync(logPath).size : 0;
  if (logSize < logBytes) {
    throw new UserError(`'${dir}': ${RUN_FILES.log} is truncated (${logSize} bytes, the checkpoint expects at least ${logBytes}); expected the log the checkpoint was written with`);
  }
  // Events after the checkpoint will happen again, identically: drop them rather than log them twice.
  if (existsSync(logPath)) truncateSync(logPath, logBytes);
  // A log cut back to nothing (no checkpoint yet) starts afresh; one that keeps its run-start (a stop before generation 0 was made) is resumed.
  return continueRun(config, dir, state, opts, logBytes === 0 ? 'run-start' : 'resume');
}

function writeRunSummary(dir: string, summary: Summary): Summary {
  writeFileAtomic(join(dir, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/**
 * Run the search from `from` to the budget's end, logging, checkpointing and reporting
 * progress; write summary.json. On a stop request or a failure, write a checkpoint of
 * the last epoch barrier (and, for a stop, a partial summary.json) first.
 */
async function continueRun(config: Config, dir: string, from: SearchState, opts: RunOptions, startEvent: 'run-start' | 'resume'): Promise<RunResult> {
  opts.onStart?.(from.generation);
  const logPath = join(dir, RUN_FILES.log);
  const log = openRunLog(logPath);
  const spec = searchSpec(config);
  const phases = new Phases(config);
  const ps = primitivesOf(config);
  const last = finalGeneration(spec);
  const t0 = performance.now();
  const evaluationsBefore = evaluationsDone(spec, from);
  log.info(
    { event: startEvent, seed: config.seed, generation: from.generation, workers: opts.workers, finalGeneration: last, evaluations: evaluationsAt(spec, last), machine: { cpus: os.availableParallelism(), node: process.version, platform: `${os.platform()}-${os.arch()}` } },
    startEvent === 'resume' ? `resumed at generation ${from.generation}` : 'run started',
  );
  // Periodic checkpoints are written without blocking the event loop; the last one, on a
  // stop or a failure, synchronously. The two never overlap: the next report waits for a
  // periodic write (search.ts chains reports), and the search settles only after its
  // report chain has, before the last one is written.
  const checkpointAt = (state: SearchState) => {
    log.flush();
    return { path: join(dir, RUN_FILES.checkpoint), payload: { config, state: checkpointState(state, ps), logBytes: statSync(logPath).size } };
  };
  const failedCheckpoint = (path: string, state: SearchState, err: unknown) => whileDoing(`writing ${path} at generation ${state.generation}`, err);
  const checkpoint = (state: SearchState) => {
    const { path, payload } = checkpointAt(state);
    try {
      writeCheckpoint(path, payload);
    } catch (err) {
      throw failedCheckpoint(path, state, err);
    }
  };
  const checkpointAsync = async (state: SearchState) => {
    const { path, payload } = checkpointAt(state);
    await writeCheckpointAsync(path, payload).catch((err: unknown) => {
      throw failedCheckpoint(path, state, err);
    });
  };
  const writeSummary = (state: SearchState) => writeRunSummary(dir, buildSummary(config, spec, phases, state, last));

  const stopper = opts.stopper ?? new Stopper();
  // The main thread builds the world of the phase the run starts in as the first epochs are
  // handed out (while a new pool's workers start), and the workers take a copy of it; in
  // process, the islands use the main thread's problems themselves.
  const worlds = () => {
    phases.worldAt(from.generation);
    return phases.worlds();
  };
  const runner = opts.workers === 0 ? inProcessRunner(config, phases) : opts.pool ? opts.pool.runner(config, worlds) : poolRunner(config, opts.workers, worlds);
  // Each island epoch races the stop request, so a signal does not wait for epochs in flight.
  // A failure names the island and generations, whichever runner it came from.
  const runIsland = (input: Parameters<typeof runner.runIsland>[0]) =>
    stopper.race(
      runner.runIsland(input).catch((err: unknown) => {
        throw whileDoing(`island ${input.island}, generations ${input.startGeneration}–${input.endGeneration}`, err);
      }),
    );
  let lastState = from;
  let lastCheckpoint = { generation: from.generation, at: performance.now() };
  // Between a report's long steps: a pool's epochs go on meanwhile (EpochRunner.background).
  const pause = runner.background ? eventLoopTurn : async () => {};
  const afterEpoch = async (e: EpochEvent) => {
    await logEpoch(log, e, spec.migrationSize, (expr, generation) => phases.describe(expr, generation), pause);
    // What the summary will describe again (in the phase it ends in): the hall, as it stands.
    phases.holdOnly(e.state.hallOfFame.map((f) => f.expr), e.state.generation);
    lastState = e.state;
    const due = e.state.generation - lastCheckpoint.generation >= config.checkpoint.every || performance.now() - lastCheckpoint.at >= config.checkpoint.minutes * 60_000;
    if (due && e.state.generation < last) {
      if (runner.background) {
        await pause();
        await checkpointAsync(e.state);
      } else checkpoint(e.state);
      lastCheckpoint = { generation: e.state.generation, at: performance.now() };
    }
    opts.onProgress?.({
      generation: e.state.generation,
      finalGeneration: e.finalGeneration,
      evaluations: evaluationsAt(spec, e.state.generation),
      totalEvaluations: evaluationsAt(spec, e.finalGeneration),
      best: phases.describe(e.state.hallOfFame[0].expr, e.state.generation),
      elapsedMs: performance.now() - t0,
      evaluationsBefore,
    });
  };

  let state: SearchState;
  try {
    const searching = search(spec, runIsland, { onEpoch: afterEpoch, shouldStop: () => stopper.reason !== null }, from);
    // The main thread's own problem (it describes genomes in the log and progress), built
    // once the first epochs are handed to the workers (only its world before: they take a
    // copy), which build their evaluators meanwhile (or start, with a new pool). Built at the
    // first epoch's report instead, it held up the workers' next tasks (each waited ~100 ms);
    // built before the search, a sweep's warm workers waited for it.
    phases.at(from.generation);
    state = await searching;
    if (stopper.reason !== null) throw new Interrupted(stopper.reason);
  } catch (err) {
    await runner.close().catch(() => {});
    if (err instanceof Interrupted) {
      checkpoint(lastState);
      const summary = writeSummary(lastState);
      log.info({ event: 'interrupted', reason: err.reason, generation: lastState.generation }, 'run interrupted');
      log.flush();
      return { dir, summary, elapsedMs: performance.now() - t0, interrupted: err.reason };
    }
    // The last barrier's state is sound whatever failed after it: keep it resumable.
    let saved = '';
    try {
      checkpoint(lastState);
      saved = `; checkpoint at generation ${lastState.generation} kept: continue with 'npx mesa-evo resume ${dir}'`;
    } catch {
      saved = '; the previous checkpoint (if any) is intact';
    }
    log.info({ event: 'failed', error: (err as Error).message, generation: lastState.generation });
    log.flush();
    throw new Error(`${(err as Error).message}${saved}`, { cause: err });
  }
  await runner.close();
  checkpoint(state);
  const summary = writeSummary(state);
  const elapsedMs = performance.now() - t0;
  const done = summary.budget.evaluations - evaluationsBefore;
  log.info({ event: 'run-end', generation: state.generation, evaluations: summary.budget.evaluations, elapsedMs, evaluationsPerSecond: done / (elapsedMs / 1000) }, 'run finished');
  log.flush();
  return { dir, summary, elapsedMs, interrupted: null };
}

/** An epoch's events in the log, with `pause` before each genome it describes (reports stay in order: search.ts chains them). */
async function logEpoch(log: Logger, e: EpochEvent, migrationSize: number, describe: (expr: string, generation: number) => Assessment, pause: () => Promise<void>): Promise<void> {
  for (const s of e.stats) log.info({ event: 'generation', island: s.island, generation: s.generation, best: s.best, meanFitness: s.meanFitness, meanSize: s.meanSize, distinct: s.distinct });
  for (const f of e.newFame) {
    await pause();
    log.info({ event: 'hall-of-fame', ...describe(f.expr, f.generation), generation: f.generation });
  }
  for (const m of e.newMarks) {
    await pause();
    log.info({ event: 'budget', k: m.k, generation: m.generation, evaluations: m.evaluations, classShares: shares(m.classCounts), best: m.best.expr, bestClass: describe(m.best.expr, m.generation).class });
  }
  if (e.state.generation < e.finalGeneration) log.info({ event: 'migration', generation: e.state.generation, size: migrationSize });
}
