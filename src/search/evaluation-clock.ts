/**
 * Wall time spent in the evaluator's calls from an island loop: what the bench's clock
 * reading of criterion (4) (time outside evaluation) adds up, without the CPU profiler,
 * which slows a run and its start-up most (README "Performance", session 21). `now` is the
 * time source (the loop reads no clock of its own); `ms` is the total so far.
 */
export interface EvaluationClock {
  readonly now: () => number;
  ms: number;
  /**
   * Time in the evaluator's cache of assessed genomes (fitness-memo.ts: each offspring
   * looked up by structure, a miss handed to the evaluator and stored), its evaluations
   * (in `ms`) left out. (4)'s target counts it as evaluation, as criterion (1) counts an
   * evaluator's caching.
   */
  cacheMs: number;
}

/** `f()`, its wall time added to `clock` when there is one. */
export function timed<T>(clock: EvaluationClock | undefined, f: () => T): T {
  if (clock === undefined) return f();
  const t0 = clock.now();
  try {
    return f();
  } finally {
    clock.ms += clock.now() - t0;
  }
}
