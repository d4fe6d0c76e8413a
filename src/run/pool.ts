import { existsSync, statSync } from 'node:fs';
import os from 'node:os';
import { Piscina } from 'piscina';
import { changePoints } from '../core/schedule.js';
import { TEXT_MEMO_NODES_PER_MEMBER, type EpochInput, type EpochOutput } from '../search/island.js';
import type { RunIsland } from '../search/search.js';
import { Breaker } from './breaker.js';
import type { Config } from './config.js';
import { EpochWorker } from './epoch-worker.js';
import { whileDoing } from './errors.js';
import type { Phases, Worlds } from './phases.js';
import { TaskBoard, type BoardSeat } from './task-board.js';
import { setThreadStartFlags, threadsStarted } from './v8-flags.js';

/** Worker threads when none are asked for: one per core, no more than there are islands. */
export function defaultWorkers(islands: number): number {
  return Math.min(os.availableParallelism(), islands);
}

export interface EpochRunner {
  runIsland: RunIsland;
  /**
   * True when island epochs run on other threads while this one reports (a pool). A report
   * then yields between its long steps (describing a genome, a deployment evaluation;
   * writing a checkpoint: up to ~50 ms each) and writes checkpoints without blocking, so
   * that finished epochs are taken and next tasks handed out meanwhile. In process the
   * islands run on this thread: each yield, and each step of an asynchronous write, ran
   * island epochs instead, so reports (checkpoints, the progress line, what a Ctrl-C keeps)
   * fell behind the search: at 4 s into a default run, by ~140 generations.
   */
  readonly background: boolean;
  close(): Promise<void>;
}

/** One turn of the event loop, where the workers' results and signals are handled. */
export function eventLoopTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Young-generation cap of each worker's heap (MB), at which each worker's young generation
 * starts (v8-flags.ts). V8 grows a busy thread's young generation towards 48 MB; the island
 * loop's garbage dies young, so a smaller one costs no measurable time and lowers resident
 * memory by 30–50 MB (README "Performance"). Smaller still, more survives into the old
 * generation: at 4 or 6 MB the workers' old spaces grew ~2.2 MB each over a default run
 * instead of ~0.5–0.75, and resident memory with them.
 */
const WORKER_YOUNG_GENERATION_MB = 8;

/**
 * Old-generation cap of each worker's heap (MB), from the config. A worker's live data is
 * bounded — its memos by size (epoch-worker.ts), the episodes, the texts it prints — and
 * measured at ~5.9 MB after a full collection on the default config, flat from generation
 * 200 to 1,000 (members live in typed arrays, which V8 keeps outside the heap); without a
 * cap V8 lets a busy thread's heap fill with garbage towards a limit it raises over
 * hundreds of generations, so resident memory kept rising long after the live data
 * stopped. The cap is 6 MB for the memos, code and the thread's own modules, plus twice an
 * estimate of the rest:
 * - the S-expressions the loop may print (one-byte strings, ~5 characters per node, 48
 *   bytes + 6 per node of a largest genome) for both populations of every island and the
 *   epoch's hall of fame, those it keeps across epochs (6 bytes per node, two generations
 *   of the text memo), and the views
 *   of the offspring buffer handed to the evaluator, one per length and horizon gene (~400
 *   bytes per length);
 * - 400 bytes plus 8 per context and per sensor for each episode of each model phase's
 *   worlds (a 64-context, 64-sensor world on 60,000 episodes each needed more than a flat
 *   400 bytes).
 * 11 MB on the default config (30 with search.maxSize=1000). Resident memory growth from
 * generation 100 to 1,000 was 9.2–12.2% at 13 MB and 7.9–9.0% at 12 (3 runs each): with
 * little garbage the heaps fill slowly, so a loose cap is reached inside that window. Once
 * the loop printed each genome once and handed the evaluator views (session 18), 12 MB gave
 * 9.9–12.4% and 11 MB 8.2–9.8% (3 alternating runs each; the code before, 5.6–9.5%). A
 * worker over it stops the run with an error naming the island, the cap and `--workers 0`
 * (in-process, no cap), and the run keeps its last checkpoint (tests/cli/resume.test.ts
 * injects such a fault).
 */
export function workerOldGenerationMb(config: Config): number {
  const s = config.search;
  const texts = (2 * s.islands * s.population + config.hallOfFame) * (48 + 6 * s.maxSize) + 2 * 6 * TEXT_MEMO_NODES_PER_MEMBER * s.population + 400 * s.maxSize;
  const phases = 1 + changePoints(config.schedule.generations).length;
  // A column of 8 bytes per episode for each context's shortcut and each sensor, and 400 bytes for the rest (labels, views, frames, derived columns).
  const perEpisode = 400 + 8 * (config.world.contexts + config.world.sensors);
  const episodeBytes = perEpisode * (config.train.episodes + config.deploy.episodes) * phases;
  return Math.ceil(6 + (2 * (texts + episodeBytes)) / 2 ** 20);
}

/**
 * One island epoch of a run, as the pool's workers take it: the run's config (JSON text)
 * with the epoch's input, and with a runner's first task the worlds the main thread has
 * built, so that a worker starting on the config need not generate them again.
 */
export interface EpochTask {
  config: string;
  input: EpochInput;
  worlds?: Worlds;
}

/**
 * The worlds the main thread has built for a run (Phases.worlds), asked for as its first
 * tasks are handed out. A worker builds its world from the config in ~50 ms of cold code
 * (and V8 then optimises that code on its helper threads, once per worker) as it starts;
 * a copy of the main thread's comes with the runner's first task, which every thread reads
 * (~130 bytes per episode).
 */
export type SharedWorlds = () => Worlds;

/**
 * A piscina pool of worker threads that run island epochs of any config they are given:
 * a sweep runs its cell-seeds one after another on one pool, so each cell does not pay
 * for starting threads, loading modules and V8 optimising the hot code again (on 2 cores,
 * `sweep configs/sweep-claim-b.json` took 43 s with a pool per cell-seed; README
 * "Performance"). Each worker keeps what it built for the last config it saw (world,
 * memos; epoch-worker.ts) and builds afresh when a task brings another.
 */
export interface EpochPool {
  /** Island epochs of `config` on this pool (the runner's close leaves the pool open: its owner closes it). */
  runner(config: Config, worlds?: SharedWorlds): EpochRunner;
  close(): Promise<void>;
}

/**
 * A pool of `threads` workers for runs of the given configs. Each thread serves a task
 * board (task-board.ts): it takes the oldest ready island epoch itself as soon as it
 * finishes one, in the order the search makes them ready (search.ts starts an island's
 * next epoch as soon as its inputs exist, so there is no barrier to balance). Each
 * worker's heap is capped at the largest cap the configs need (workerOldGenerationMb).
 */
export function openEpochPool(configs: readonly Config[], threads: number): EpochPool {
  if (configs.length === 0) throw new Error('a worker pool needs the config of at least one run');
  // Process-wide V8 flags that the threads' heaps take as they start (v8-flags.ts).
  setThreadStartFlags(threads, WORKER_YOUNG_GENERATION_MB);
  const heapMb = Math.max(...configs.map(workerOldGenerationMb));
  const pool = new Piscina<BoardSeat, void>({
    filename: workerFile(),
    minThreads: threads,
    maxThreads: threads,
    // One task per thread: serving the board, until the pool closes (so no thread is ever idle).
    concurrentTasksPerWorker: 1,
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, maxOldGenerationSizeMb: heapMb },
  });
  const board = new TaskBoard<EpochTask, EpochOutput>(threads, threadsStarted);
  const failed = (err: unknown): Error => {
    // run.ts names the island; what the pool knows is that its worker failed, and why.
    if ((err as { code?: unknown } | null)?.code !== 'ERR_WORKER_OUT_OF_MEMORY') return whileDoing('worker failed', err);
    return new Error(`worker failed: it ran out of its ${heapMb} MB heap, a cap estimated from the config (populations, search.maxSize, episodes); continuing with --workers 0 (resume, or the same sweep command) runs without the cap`, { cause: err });
  };
  // The first failure fails every epoch in flight and every later one: the run stops at
  // its first failure anyway (search.ts), and waits for the epochs in flight before it
  // reports it. Without this, epochs could wait for ever on a thread that is gone: workers
  // that fail while they start (loading modules) are replaced once, and then not again. A
  // worker that fails outside a task comes as an 'error' event, which would otherwise end
  // the process with a raw stack.
  const breaker = new Breaker();
  pool.on('error', (err: unknown) => breaker.trip(failed(err)));
  for (let slot = 0; slot < threads; slot++) {
    const seat = board.seat(slot);
    // A thread returns from serving only once the board is closed.
    pool.run(seat, { transferList: [seat.port] }).then(
      () => {},
      (err: unknown) => {
        if (board.closed) return; // the pool's own destroy ends the threads
        // The epoch the thread was running fails with it, and its race trips the breaker
        // (Breaker.guard) after rejecting itself first, so the failure a run reports names
        // that island; tripping here as well would reject every epoch at once, in no order.
        if (!board.threadFailed(slot, err)) breaker.trip(failed(err));
      },
    );
  }
  return {
    runner: (config: Config, worlds?: SharedWorlds) => {
      // A config the pool's cap is too small for (a cut-off cell resumed from a config.json
      // that differs from the sweep's cell) runs on a pool of its own, as a single run would.
      if (workerOldGenerationMb(config) > heapMb) return poolRunner(config, threads, worlds);
      // Text, compared by the workers to what they last built for: cheaper to send with every task than an object.
      const text = JSON.stringify(config);
      // The runner's first task carries the worlds: every thread reads every task (task-board.ts) and keeps them.
      let share = worlds;
      const taskOf = (input: EpochInput): EpochTask => {
        if (share === undefined) return { config: text, input };
        const task = { config: text, input, worlds: share() };
        share = undefined; // nothing of the worlds is kept for the rest of the run
        return task;
      };
      return {
        runIsland: (input: EpochInput) => {
          let task: EpochTask;
          try {
            task = taskOf(input);
          } catch (err) {
            // The main thread's own failure (building the world it sends), not a worker's.
            return Promise.reject(whileDoing('building the world to send to the workers', err));
          }
          return breaker.guard(() => board.post(task), failed);
        },
        background: true,
        close: async () => {},
      };
    },
    // Bounded: a pool whose workers failed while starting must not keep a failing run from
    // writing its checkpoint and exiting (the process's exit ends the threads anyway).
    close: () => {
      board.close();
      return Promise.race([pool.destroy(), new Promise<void>((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
    },
  };
}

/** Island epochs of one run on a pool of its own, closed with the runner. */
export function poolRunner(config: Config, threads: number, worlds?: SharedWorlds): EpochRunner {
  const pool = openEpochPool([config], threads);
  return { ...pool.runner(config, worlds), close: () => pool.close() };
}

const CLOSE_WAIT_MS = 10_000;

/**
 * The worker's code: one file bundled at build time (`npm run build`, esbuild; packages
 * included, so a worker resolves none) when it exists. Each worker thread loads its
 * modules afresh, and 35 small ES modules took a worker ~160 ms on the default run (~2%
 * of its time), the bundle about half that.
 * Unbundled, worker.js runs the same code.
 */
function workerFile(): string {
  const bundle = new URL('./worker.bundle.js', import.meta.url);
  const plain = new URL('./worker.js', import.meta.url);
  // A bundle older than the code it was made from (`tsc` run alone) would run old code on
  // workers while --workers 0 runs the new: then the modules themselves are loaded.
  return (existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(plain).mtimeMs ? bundle : plain).href;
}

/**
 * Runs island epochs in this thread: same results, no threads (tests, --workers 0).
 * `phases`: the run's problems, when the caller has them (the main thread describes genomes
 * in them), so that each phase's problem is built once.
 */
export function inProcessRunner(config: Config, phases?: Phases): EpochRunner {
  const worker = new EpochWorker(config, phases);
  return {
    runIsland: async (input: EpochInput) => {
      // Yield to the event loop first: otherwise the whole search runs in promise callbacks
      // and a signal (Ctrl-C) is not seen until it ends.
      await eventLoopTurn();
      return worker.run(input);
    },
    background: false,
    close: async () => {},
  };
}
