import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { EvaluationClock } from '../search/evaluation-clock.js';
import type { EpochOutput } from '../search/island.js';
import type { Config } from './config.js';
import { EpochWorker } from './epoch-worker.js';
import { Phases, type Worlds } from './phases.js';
import type { EpochTask } from './pool.js';
import { serve, type BoardSeat } from './task-board.js';

/**
 * Fault injection for the fault-handling tests: MESA_EVO_FAULT="throw|exit|oom:ISLAND:GENERATION"
 * makes the epoch of that island containing that generation throw, kill its thread, or
 * fill its heap until V8 stops the thread at the pool's cap; MESA_EVO_FAULT="start" makes
 * every worker fail while it starts (loading its modules), and "start-exit" exit then.
 */
const fault = /^(throw|exit|oom):(\d+):(\d+)$/.exec(process.env.MESA_EVO_FAULT ?? '');
if (process.env.MESA_EVO_FAULT === 'start') throw new Error('injected fault while the worker starts');
if (process.env.MESA_EVO_FAULT === 'start-exit') process.exit(4);

/**
 * The bench's clock reading of criterion (4): with MESA_EVO_EVALUATION_CLOCK=DIR, this
 * worker times its evaluations and its evaluator's cache (evaluation-clock.ts) and writes
 * the totals so far, as {"ms": …, "cacheMs": …}, to DIR/<thread id>.json after each task:
 * over the same bytes of a file it keeps open (one pwrite, ~8 µs). Written whole each time
 * (writeFileSync: open, truncate, write, close) it took ~0.3 ms a task, ~0.5 points of the
 * very share it measures (session 22).
 */
const clockDir = process.env.MESA_EVO_EVALUATION_CLOCK;
const clock: (EvaluationClock & { dir: string; fd?: number }) | undefined = clockDir ? { dir: clockDir, now: () => performance.now(), ms: 0, cacheMs: 0 } : undefined;

/** Longer than any record written (two numbers as JSON), so that each overwrites the last whole. */
const CLOCK_RECORD_BYTES = 128;

/**
 * What this worker built for the config of its last task (world, memos): a sweep's pool
 * runs one config after another, and a run's tasks all bring the same text.
 */
let built: { config: string; worker: EpochWorker } | null = null;

/**
 * The worlds the main thread sent with the latest config's first task, whichever thread ran
 * that task: `seen` is given every task a thread reads, its own included, before it runs one.
 */
let sent: { config: string; worlds: Worlds } | null = null;

/** One island epoch (the profile tells a worker thread by this function's name: scripts/bench/profile.ts). */
function runIslandTask({ config, input }: EpochTask): EpochOutput {
  if (built?.config !== config) {
    built = null; // the last config's world and memos can go before the next is built
    const parsed = JSON.parse(config) as Config;
    built = { config, worker: new EpochWorker(parsed, new Phases(parsed, sent?.config === config ? sent.worlds : undefined), clock) };
  }
  if (fault) {
    const { island, startGeneration, endGeneration } = input;
    const g = Number(fault[3]);
    if (island === Number(fault[2]) && g > startGeneration && g <= endGeneration) {
      if (fault[1] === 'exit') process.exit(3);
      if (fault[1] === 'oom') for (const hog: number[][] = []; ; ) hog.push(new Array<number>(1 << 16).fill(g));
      throw new Error(`injected fault at generation ${g}`);
    }
  }
  const output = built.worker.run(input);
  if (clock) {
    clock.fd ??= openSync(join(clock.dir, `${threadId}.json`), 'w');
    writeSync(clock.fd, `${JSON.stringify({ ms: clock.ms, cacheMs: clock.cacheMs })}\n`.padEnd(CLOCK_RECORD_BYTES), 0);
  }
  return output;
}

/** Keep the worlds a task brings, whether or not this thread runs it. */
function seen(task: EpochTask): void {
  if (task.worlds !== undefined) sent = { config: task.config, worlds: task.worlds };
}

/** The piscina worker: its one task is to serve the pool's task board until the pool closes (task-board.ts). */
export default function serveBoard(seat: BoardSeat): void {
  serve(seat, runIslandTask, seen);
}
