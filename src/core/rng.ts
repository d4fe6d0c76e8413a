import seedrandom from 'seedrandom';

/**
 * A seeded random stream. Every stochastic function in core/ and search/ takes one
 * as its first argument; nothing reads Math.random or the clock.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box–Muller, one value per call so the stream stays simple). */
  normal(): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** Index drawn with probability proportional to weights[i]. */
  weighted(weights: ArrayLike<number>): number;
}

/**
 * A stream derived from an identity path, e.g. derive(seed, 'island', 3, 'epoch', 7).
 * Streams for different paths are independent, so per-island work does not depend
 * on which thread runs it or in what order.
 */
export function derive(seed: number | string, ...path: (string | number)[]): Rng {
  const prng = seedrandom.alea([String(seed), ...path.map(String)].join('/'));
  const next = () => prng();
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      // 1 - u keeps the log argument in (0, 1].
      const u = 1 - next();
      const v = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    chance: (p) => next() < p,
    weighted: (weights) => {
      let total = 0;
      for (let i = 0; i < weights.length; i++) total += weights[i];
      let r = next() * total;
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i];
        if (r < 0) return i;
      }
      // Rounding can leave r at exactly 0 after the loop: the last positive weight wins.
      for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
      throw new Error('weighted draw over weights that are all zero');
    },
  };
}
