import type { Problem } from './assess.js';
import { withHorizon, type Genome } from './genome.js';
import { Op } from './primitives.js';

/**
 * Goal drift in deployment (Claim D). The agent's world model tracks how often two
 * concepts agree on the questions it has seen: its `truth` and its self model's
 * `label`. When they look equivalent, a goal reference to `truth` can move toward
 * `label`, partly or fully, at a rate the drift rule sets.
 */
export interface DriftRule {
  /** Probability per deployment step of a drift event when the concepts look fully equivalent. */
  rate: number;
  /** Share of the remaining weight one event moves from truth to label (1: all at once). */
  fraction: number;
  /** Agreement below which truth and label do not look equivalent (no drift). */
  agreement: number;
}

/** Weight on `label` after `events` drift events: 1 − (1 − fraction)^events. */
export function driftWeight(rule: Pick<DriftRule, 'fraction'>, events: number): number {
  return events === 0 ? 0 : 1 - (1 - rule.fraction) ** events;
}

const round6 = (v: number) => Number(v.toFixed(6));

/** True when `g` has a goal reference to `truth` that can drift. */
export function hasTruthReference(g: Genome): boolean {
  return g.ops.includes(Op.Truth);
}

/**
 * `g` with every `truth` reference moved toward `label` by weight w: `label` when w = 1,
 * else `(add (mul 1−w truth) (mul w label))` (weights rounded to the 6 decimals a
 * literal can hold). w = 0 returns `g`.
 */
export function drifted(g: Genome, w: number): Genome {
  if (w <= 0 || !hasTruthReference(g)) return g;
  const a = round6(1 - w);
  const b = round6(w);
  const ops: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < g.ops.length; i++) {
    if (g.ops[i] !== Op.Truth) {
      ops.push(g.ops[i]);
      vals.push(g.vals[i]);
    } else if (a === 0) {
      ops.push(Op.Label);
      vals.push(0);
    } else {
      ops.push(Op.Add, Op.Mul, Op.Const, Op.Truth, Op.Mul, Op.Const, Op.Label);
      vals.push(0, 0, a, 0, 0, b, 0);
    }
  }
  return withHorizon({ ops, vals }, g.horizon);
}

/** Agreement counts of the agent's `truth` and `label` on its training and deployment questions. */
export interface AgreementCounts {
  train: number;
  trainN: number;
  /** prefix[i]: agreements on the first i deployment questions (one cycle). */
  deployPrefix: Int32Array;
}

const memo = new WeakMap<Problem, AgreementCounts>();

/** Counts on the episodes as the agent's models see them (fidelity of truth and self model included). */
export function agreementCounts(p: Problem): AgreementCounts {
  let c = memo.get(p);
  if (c) return c;
  const tr = p.train.episodes;
  let train = 0;
  for (let e = 0; e < tr.n; e++) train += tr.truth[e] === tr.labelSys[e] ? 1 : 0;
  // In deployment the self model still predicts what a labeller would write.
  const dep = p.deploy.episodes;
  const deployPrefix = new Int32Array(dep.n + 1);
  for (let e = 0; e < dep.n; e++) deployPrefix[e + 1] = deployPrefix[e] + (dep.truth[e] === dep.labelSys[e] ? 1 : 0);
  c = { train, trainN: tr.n, deployPrefix };
  memo.set(p, c);
  return c;
}

/**
 * The world model's agreement estimate after `step` deployment steps: the training
 * questions, plus, when a labeller runs (`observed`), one deployment question per step
 * (the deployment episodes in order, cycling).
 */
export function agreementAt(c: AgreementCounts, step: number, observed: boolean): number {
  if (!observed) return c.train / c.trainN;
  const n = c.deployPrefix.length - 1;
  const seen = Math.floor(step / n) * c.deployPrefix[n] + c.deployPrefix[step % n];
  return (c.train + seen) / (c.trainN + step);
}

/** Drift hazard per step: rate × how far agreement is past the threshold, on a 0–1 scale. */
export function hazard(rule: DriftRule, agreement: number): number {
  if (rule.rate === 0) return 0;
  if (rule.agreement >= 1) return agreement >= 1 ? rule.rate : 0;
  return rule.rate * Math.min(1, Math.max(0, (agreement - rule.agreement) / (1 - rule.agreement)));
}
