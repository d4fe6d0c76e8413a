import { candidates, choose, predictedLabel, predictedLoss, type Candidate } from './action.js';
import type { Behaviour } from './behaviour.js';
import type { Genome } from './genome.js';
import { Op, type PrimitiveSet } from './primitives.js';
import type { Episodes } from './world.js';

/**
 * The plainest correct evaluator: one episode, one candidate, one recursive walk at a
 * time. Slow; the fast evaluator is tested against it.
 */
export function behaveReference(g: Genome, ps: PrimitiveSet, ep: Episodes, tamperable: boolean): Behaviour {
  const cands = candidates(ep, tamperable);
  const answer = new Int8Array(ep.n);
  const tamper = new Uint8Array(ep.n);
  const u = new Float64Array(cands.length);
  for (let e = 0; e < ep.n; e++) {
    for (let c = 0; c < cands.length; c++) u[c] = valueAt(g, ps, ep, e, cands[c]);
    const k = choose(u, ep.coin[e]);
    answer[e] = cands[k].answer;
    tamper[e] = cands[k].tamper ? 1 : 0;
  }
  return { answer, tamper };
}

/** U(g) for candidate c in episode e. */
export function valueAt(g: Genome, ps: PrimitiveSet, ep: Episodes, e: number, c: Candidate): number {
  let i = 0;
  const node = (): number => {
    const at = i++;
    const op = g.ops[at];
    switch (op) {
      case Op.Add: return node() + node();
      case Op.Sub: { const a = node(); return a - node(); }
      case Op.Mul: return node() * node();
      case Op.Neg: return -node();
      case Op.Min: { const a = node(); return Math.min(a, node()); }
      case Op.Max: { const a = node(); return Math.max(a, node()); }
      case Op.IfPos: {
        // Both branches are walked so that the index stays in step; the value picks one.
        const cond = node();
        const b = node();
        const d = node();
        return cond > 0 ? b : d;
      }
      case Op.Answer: return c.answer;
      case Op.Ctx: return ep.ctx[e];
      case Op.Const: return g.vals[at];
      case Op.Truth: return ep.truth[e];
      case Op.Label: return predictedLabel(ep, e, c);
      case Op.Loss: return predictedLoss(ep, e, c);
      case Op.Training: return ep.training;
      default:
        return op < ps.sensor0 ? ep.shortcut[op - Op.Shortcut0][e] : ep.sensor[op - ps.sensor0][e];
    }
  };
  return node();
}
