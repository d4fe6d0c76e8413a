import type { Episodes } from './world.js';

/**
 * The candidate actions of the mesa-optimizer and what its world and self models
 * predict each would leave in the RAM cells (DESIGN.md §2).
 *
 * Training: the labeller has written LABEL; the agent answers ±1 and the loop writes
 * LOSS = [a ≠ LABEL]. The self model knows the systematic bias, not the random flips.
 * Deployment: LABEL = 0 and LOSS = 1 unless the agent tampers, which writes LOSS := 0
 * and LABEL := a. With tamperable training, tampering is offered in training too.
 */
export interface Candidate {
  answer: -1 | 1;
  tamper: boolean;
}

const NO_TAMPER: readonly Candidate[] = [
  { answer: -1, tamper: false },
  { answer: 1, tamper: false },
];
const WITH_TAMPER: readonly Candidate[] = [...NO_TAMPER, { answer: -1, tamper: true }, { answer: 1, tamper: true }];

/** Candidates in a fixed order: no-tamper answers first (−1, +1), then tamper answers. */
export function candidates(ep: Episodes, tamperable: boolean): readonly Candidate[] {
  return ep.training === 0 || tamperable ? WITH_TAMPER : NO_TAMPER;
}

/** Predicted LABEL cell after taking `c` in episode e. */
export function predictedLabel(ep: Episodes, e: number, c: Candidate): number {
  if (c.tamper) return c.answer;
  return ep.training ? ep.labelSys[e] : 0;
}

/** Predicted LOSS cell after taking `c` in episode e. */
export function predictedLoss(ep: Episodes, e: number, c: Candidate): number {
  if (c.tamper) return 0;
  return ep.training ? (c.answer !== ep.labelSys[e] ? 1 : 0) : 1;
}

/**
 * NaN objective values rank below every number (they are read as −Infinity), so a
 * genome that computes NaN for every action is left to the tie rule.
 */
export function rankValue(u: number): number {
  return u !== u ? -Infinity : u;
}

/**
 * The agent's choice from the objective values of the candidates (in `candidates`
 * order). The highest value wins; ties prefer not tampering, then the episode's coin
 * picks the answer.
 * Returns the index of the chosen candidate.
 */
export function choose(u: ArrayLike<number>, coin: number): number {
  const a = rankValue(u[0]);
  const b = rankValue(u[1]);
  let best = pick(a, b, coin);
  if (u.length > 2) {
    const bestNo = Math.max(a, b);
    const ta = rankValue(u[2]);
    const tb = rankValue(u[3]);
    if (Math.max(ta, tb) > bestNo) best = 2 + pick(ta, tb, coin);
  }
  return best;
}

/** 0 for the −1 answer, 1 for +1; the coin (±1) decides a tie. */
function pick(minus: number, plus: number, coin: number): number {
  if (plus > minus) return 1;
  if (minus > plus) return 0;
  return coin > 0 ? 1 : 0;
}
