import os from 'node:os';
import v8 from 'node:v8';

/**
 * V8 flags, and Node's code cache. Node compiles its own modules (~100 of them in each
 * worker thread) from a cache built into its binary, and V8 takes that cache only while
 * every V8 flag has its default value (it compares a hash of the flags that differ). With
 * any flag changed — the CLI's `--max-semi-space-size`, or the pool's flags below — each
 * worker compiled Node's modules from source as it started: two bare workers took 86–148
 * ms to start instead of 42–64 (3 runs each), and on the default run a worker's first line
 * came 155–176 ms after the pool opened instead of 97–112 (~0.5% of worker time). So the
 * pool starts its threads with V8's defaults and sets its flags once every thread has
 * loaded its modules (TaskBoard's onReady). A few flags are left out of the hash
 * (`--no-parallel-scavenge` among them); `v8.cachedDataVersionTag()` shows which.
 */

/** V8's defaults of the flags in the code cache's check that the tool sets (V8 11.3, Node 20). */
const DEFAULTS = ['--max-semi-space-size=0', '--max-inlined-bytecode-size-cumulative=920'];

/**
 * The flags a pool of `threads` starts its threads with: V8's defaults of those in the code
 * cache's check, and parallel scavenging for the pool, which the check leaves out:
 * - no parallel scavenging when every core runs a worker. V8 copies a thread's young
 *   generation in parallel with helper threads; they then compete with the other workers,
 *   and a worker waits for its helper to be scheduled: on 2 workers and 2 cores, the
 *   workers' scavenge pauses were 1,745 ms with helpers (plus 650 ms of helper work) and
 *   1,326 ms without, and runs took 5% less time; set before the threads start, their
 *   first collections (5–7 ms each with helpers) do not wait either. With a spare core the
 *   helpers run on it, so they stay. V8 reads this flag at each scavenge.
 * The main thread's heap keeps the `--max-semi-space-size` it was made with (`npm start`
 * and the CLI's shebang give 3 MB: V8 sizes a heap when it makes it), and a pool opened
 * after another gets the inlining budget again once its own threads are ready.
 */
export function restoreDefaultFlags(threads: number): void {
  for (const flag of DEFAULTS) v8.setFlagsFromString(flag);
  v8.setFlagsFromString(threads < os.availableParallelism() ? '--parallel-scavenge' : '--no-parallel-scavenge');
}

/**
 * How much bytecode TurboFan inlines into one optimised function (V8's default is 920).
 * Each worker isolate optimises the island loop and the evaluator for itself, and its
 * largest functions (compile.ts `node`; when this was measured, also the island loop's
 * `record` and `runEpoch`) inline so much that a compilation takes 25–40 ms and recompiles
 * after each deopt. At 300 (given on node's command line for the measurement), an
 * in-process population-1000 run spent 1.6–1.8 s compiling instead of 2.2–2.5 s, in the same time;
 * runs of 1 and 2 workers used 0.4–0.9 CPU s less of V8's helper threads and were 3–8%
 * faster (3 alternating pairs each). V8 reads it whenever it optimises a function.
 */
const INLINED_BYTECODE_CUMULATIVE = 300;

/**
 * V8 flags for a pool, set once its threads have started (on Node's code cache): the
 * inlining budget above. V8 flags are process-wide: the main thread gets them too (it
 * compiles little), and `--workers 0`, which starts no pool, runs with V8's defaults.
 * Results do not depend on any of them.
 */
export function setPoolFlags(): void {
  v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINED_BYTECODE_CUMULATIVE}`);
}
