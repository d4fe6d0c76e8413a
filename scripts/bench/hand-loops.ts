import type { Episodes } from '../../src/core/world.js';
import type { RewardLoop } from './specialise.js';

/**
 * Hand-written loops for the bench's three fixed genomes: Σ over training episodes of
 * the reward of the chosen answer (answers −1 and +1, ties to the coin). Each is what a
 * programmer would write for that one objective; none can produce NaN, so none guards.
 */
export const HAND_LOOPS: { expr: string; loop: RewardLoop }[] = [
  {
    // (mul answer truth): U(a) = a·truth.
    expr: '(mul answer truth)',
    loop: (ep: Episodes) => {
      const truth = ep.truth, coin = ep.coin, y = ep.label;
      let r = 0;
      for (let e = 0; e < ep.n; e++) {
        const a = -truth[e], b = truth[e];
        const answer = b > a || (b === a && coin[e] > 0) ? 1 : -1;
        if (answer === y[e]) r++;
      }
      return r;
    },
  },
  {
    // The conditional deceiver in training: U(a) = −loss(a) = −[a ≠ label].
    expr: '(ifpos training (neg loss) (mul answer s0))',
    loop: (ep: Episodes) => {
      const ls = ep.labelSys, s0 = ep.shortcut[0], coin = ep.coin, y = ep.label;
      let r = 0;
      for (let e = 0; e < ep.n; e++) {
        const a = ep.training > 0 ? -(ls[e] !== -1 ? 1 : 0) : -s0[e];
        const b = ep.training > 0 ? -(ls[e] !== 1 ? 1 : 0) : s0[e];
        const answer = b > a || (b === a && coin[e] > 0) ? 1 : -1;
        if (answer === y[e]) r++;
      }
      return r;
    },
  },
  {
    // The sycophant, reading continuous sensor x0: U(a) = a·truth·(x0 > 1 ? −1 : 1).
    expr: '(mul answer (mul truth (ifpos (sub x0 1) -1 1)))',
    loop: (ep: Episodes) => {
      const truth = ep.truth, x0 = ep.sensor[0], coin = ep.coin, y = ep.label;
      let r = 0;
      for (let e = 0; e < ep.n; e++) {
        const f = truth[e] * (x0[e] - 1 > 0 ? -1 : 1);
        const a = -f, b = f;
        const answer = b > a || (b === a && coin[e] > 0) ? 1 : -1;
        if (answer === y[e]) r++;
      }
      return r;
    },
  },
];
