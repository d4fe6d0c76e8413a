/// <reference path="./seedrandom-alea.d.ts" />
import alea from 'seedrandom/lib/alea.js';

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
  /** The same draw over weights whose total is known (`weights`): what hot loops use. */
  draw(w: Weights): number;
}

/** Weights with their total, summed once: a draw over them need not sum them again. */
export interface Weights<T extends ArrayLike<number> = ArrayLike<number>> {
  readonly values: T;
  readonly total: number;
}

/** `values` with their total, summed in index order (as a draw over the bare values sums them). */
export function weights<T extends ArrayLike<number>>(values: T): Weights<T> {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return { values, total };
}

/**
 * A stream derived from an identity path, e.g. derive(seed, 'island', 3, 'epoch', 7).
 * Streams for different paths are independent, so per-island work does not depend
 * on which thread runs it or in what order.
 */
export function derive(seed: number | string, ...path: (string | number)[]): Rng {
  return new AleaStream([String(seed), ...path.map(String)].join('/'));
}

/**
 * seedrandom's Alea generator, stepped here. seedrandom seeds it; `next` is its step, the
 * same arithmetic, so every draw is the same number. Why not call seedrandom's function:
 * it is a new closure per stream, and a run derives a stream per island epoch, so V8
 * optimised the draws again for each epoch and deoptimised their callers ("wrong call
 * target"). Methods of one class are optimised once per thread.
 */
class AleaStream implements Rng {
  // Declared, not defined: an ES2022 class field starts as undefined, after which V8 keeps
  // the field as a tagged value and boxes every number stored in it (a 16-byte heap number
  // per draw, ~300 bytes per offspring). Assigned first in the constructor, the fields hold
  // doubles in place.
  declare private c: number;
  declare private s0: number;
  declare private s1: number;
  declare private s2: number;

  constructor(key: string) {
    const state = alea(key, { state: true }).state();
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
  }

  /** Alea's step as seedrandom 3.0.5 has it (lib/alea.js `me.next`), so the numbers are the same. */
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    return (this.s2 = t - this.c);
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  normal(): number {
    // 1 - u keeps the log argument in (0, 1].
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  weighted(values: ArrayLike<number>): number {
    return this.draw(weights(values));
  }

  draw(w: Weights): number {
    const { values, total } = w;
    // A zero, NaN (a missing weight) or infinite total would make the draw below fall
    // through to the last positive weight every time: fail instead (a test's weights once lacked one).
    if (!(total > 0 && total < Infinity)) throw badWeights(values, total);
    let r = this.next() * total;
    for (let i = 0; i < values.length; i++) {
      r -= values[i];
      if (r < 0) return i;
    }
    // Rounding can leave r at exactly 0 after the loop: the last positive weight wins (the
    // total is positive, so there is one).
    let i = values.length - 1;
    while (i > 0 && !(values[i] > 0)) i--;
    return i;
  }
}

function badWeights(weights: ArrayLike<number>, total: number): Error {
  const list = `[${Array.from(weights).join(', ')}]`;
  if (total === 0) return new Error('weighted draw over weights that are all zero');
  if (total === Infinity) return new Error(`weighted draw over weights whose total overflows: ${list}`);
  return new Error(`weighted draw over weights that are not all numbers ≥ 0: ${list}`);
}
