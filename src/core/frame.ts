import { candidates, predictedLabel, predictedLoss, type Candidate } from './action.js';
import { Op, type PrimitiveSet } from './primitives.js';
import type { Episodes } from './world.js';

/** A terminal's value over a frame's rows: one number for every row, or a column. */
export type Binding = number | Float64Array;

/**
 * What a program reads, row by row: every terminal's value for every candidate action,
 * the tie coin, and what each row is worth when the agent answers +1 or −1 (the reward
 * weights). A frame is either the episodes themselves (weight 1 on the written label) or
 * one row per distinct combination of discrete inputs, weighted by how many episodes
 * share it (count-eval.ts). Programs run unchanged on both.
 */
export interface Frame {
  rows: number;
  cands: readonly Candidate[];
  coin: Float64Array;
  /** Reward of answering +1 / −1 on each row (tampering earns both: LOSS reads 0). */
  plus: Float64Array;
  minus: Float64Array;
  /** bind(op, c): the value of terminal `op` (not a literal) for candidate c. */
  bind(op: number, c: number): Binding;
}

/** Scalars for terminals that do not vary over episodes: they fold into constants at compile time. */
export function frameOf(ps: PrimitiveSet, ep: Episodes, tamperable: boolean, plus: Float64Array, minus: Float64Array): Frame {
  const cands = candidates(ep, tamperable);
  const label: Binding[] = [];
  const loss: Binding[] = [];
  const lossColumns = new Map<number, Float64Array>();
  for (const c of cands) {
    // Tampering, and every deployment action, leave the cells at values that do not depend on the episode.
    if (c.tamper || !ep.training) {
      label.push(predictedLabel(ep, 0, c));
      loss.push(predictedLoss(ep, 0, c));
      continue;
    }
    label.push(ep.labelSys);
    let col = lossColumns.get(c.answer);
    if (!col) {
      col = new Float64Array(ep.n);
      for (let e = 0; e < ep.n; e++) col[e] = predictedLoss(ep, e, c);
      lossColumns.set(c.answer, col);
    }
    loss.push(col);
  }
  return new ColumnFrame(ps, ep, cands, label, loss, plus, minus);
}

/** A class, not an object literal with a method: each literal's `bind` was a closure of its own, optimised afresh. */
class ColumnFrame implements Frame {
  readonly rows: number;
  readonly coin: Float64Array;

  constructor(
    private readonly ps: PrimitiveSet,
    private readonly ep: Episodes,
    readonly cands: readonly Candidate[],
    private readonly label: Binding[],
    private readonly loss: Binding[],
    readonly plus: Float64Array,
    readonly minus: Float64Array,
  ) {
    this.rows = ep.n;
    this.coin = ep.coin;
  }

  bind(op: number, c: number): Binding {
    const { ep, ps } = this;
    switch (op) {
      case Op.Answer: return this.cands[c].answer;
      case Op.Label: return this.label[c];
      case Op.Loss: return this.loss[c];
      case Op.Training: return ep.training;
      case Op.Ctx: return ep.ctx;
      case Op.Truth: return ep.truth;
      default:
        if (op < Op.Shortcut0) throw new Error(`binding a frame: opcode ${op} is not an input terminal`);
        return op < ps.sensor0 ? ep.shortcut[op - Op.Shortcut0] : ep.sensor[op - ps.sensor0];
    }
  }
}

/** The frame of every episode: each row is worth 1 when the answer matches the written label Y. */
export function episodeFrame(ps: PrimitiveSet, ep: Episodes, tamperable: boolean): Frame {
  const plus = new Float64Array(ep.n);
  const minus = new Float64Array(ep.n);
  if (ep.training) {
    for (let e = 0; e < ep.n; e++) {
      plus[e] = ep.label[e] > 0 ? 1 : 0;
      minus[e] = ep.label[e] < 0 ? 1 : 0;
    }
  }
  return frameOf(ps, ep, tamperable, plus, minus);
}
