import os from 'node:os';
import v8 from 'node:v8';

/**
 * V8 flags for a pool's threads. V8 flags are process-wide, and V8 sizes a heap when it
 * makes it: what a worker's heap starts with is whatever the flags say as its thread starts.
 *
 * Node's code cache: Node compiles its own modules (~100 of them in each worker thread)
 * from a cache built into its binary, and V8 takes that cache only while every V8 flag has
 * its default value (it compares a hash of the flags that differ; a few, such as
 * `--no-parallel-scavenge`, are left out, and `v8.cachedDataVersionTag()` shows which).
 * The workers give it up for their young generation's size (setThreadStartFlags; the inlining
 * budget, set with it, is in the hash too and could wait for threadsStarted): two bare
 * workers took 86–148 ms to start without the cache instead of 42–64 (3 runs each), and on
 * the default run a worker's first line came 155–176 ms after the pool opened instead of
 * 97–112 (session 17).
 */

/** How much bytecode TurboFan inlines into one optimised function (V8's default is 920). */
const INLINED_BYTECODE_CUMULATIVE = 300;

/**
 * The flags a pool of `threads` starts its threads with, each worker's young generation
 * capped at `youngGenerationMb` by the pool:
 * - the CLI's `--max-semi-space-size` back to V8's default: it is the main thread's (V8
 *   would apply it to every heap made after, over the pool's own cap); the main thread's
 *   heap keeps the semi-spaces it was made with;
 * - `--min-semi-space-size` at the young generation's cap (V8 clamps it to the cap): each
 *   worker's young generation starts at its full size instead of growing to it while the
 *   run is under way. Grown, it reached its cap between generations 100 and 400 of the
 *   default run, and resident memory grew 8.2–9.8% from generation 100 to 1,000 against
 *   5.4–7.0% when it starts full (4 alternating pairs; the target is within 10%), with
 *   the same memory at generation 1,000. The price is Node's code cache (above): ~0.35
 *   points more of the default run's time outside evaluation (4 alternating profiled pairs);
 * - no parallel scavenging when every core runs a worker. V8 copies a thread's young
 *   generation in parallel with helper threads; they then compete with the other workers,
 *   and a worker waits for its helper to be scheduled: on 2 workers and 2 cores, the
 *   workers' scavenge pauses were 1,745 ms with helpers (plus 650 ms of helper work) and
 *   1,326 ms without, and runs took 5% less time; set before the threads start, their
 *   first collections (5–7 ms each with helpers) do not wait either. With a spare core the
 *   helpers run on it, so they stay. V8 reads this flag at each scavenge;
 * - the inlining budget. Each worker isolate optimises the island loop and the evaluator
 *   for itself, and its largest functions (compile.ts `node`; when this was measured, also
 *   the island loop's `record` and `runEpoch`) inline so much that a compilation takes
 *   25–40 ms and recompiles after each deopt. At 300, an in-process population-1000 run
 *   spent 1.6–1.8 s compiling instead of 2.2–2.5 s, in the same time; runs of 1 and 2
 *   workers used 0.4–0.9 CPU s less of V8's helper threads and were 3–8% faster (3
 *   alternating pairs each). V8 reads it whenever it optimises a function, so the main
 *   thread gets it too (it compiles little).
 * `--workers 0`, which starts no pool, runs with V8's defaults. Results depend on none of them.
 */
export function setThreadStartFlags(threads: number, youngGenerationMb: number): void {
  v8.setFlagsFromString('--max-semi-space-size=0');
  v8.setFlagsFromString(`--min-semi-space-size=${youngGenerationMb}`);
  v8.setFlagsFromString(threads < os.availableParallelism() ? '--parallel-scavenge' : '--no-parallel-scavenge');
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
}

/**
 * Once every thread of the pool has started (TaskBoard's `onReady`): `--min-semi-space-size`
 * back to V8's default, so that no heap made later in the process starts large unasked.
 */
export function threadsStarted(): void {
  v8.setFlagsFromString('--min-semi-space-size=0');
}
