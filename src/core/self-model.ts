import { withHorizon, type Genome, type GenomeNodes } from './genome.js';
import { Op } from './primitives.js';
import { derive } from './rng.js';
import type { Episodes } from './world.js';

/** The agent's self model: how well it knows the labeller, and whether it exists yet. */
export interface SelfModelSpec {
  /** Self tier available: without it, `label`, `loss` and `training` read 0 and the lifetime gene is inert. */
  available: boolean;
  /** Probability that the self model knows the labeller's systematic error on a question. */
  fidelity: number;
}

export const PERFECT_SELF_MODEL: SelfModelSpec = { available: true, fidelity: 1 };

/**
 * The episodes as the agent's models see them: where the self model does not know the
 * labeller's systematic error (probability 1 − fidelity, per question), it predicts the
 * LABEL cell to hold its own `truth`. Each question's draw comes from a stream of its
 * own, so a higher fidelity knows a superset of the questions a lower one knows.
 * Fidelity 1 returns `ep` itself.
 */
export function agentView(ep: Episodes, fidelity: number, seed: number, stream: string): Episodes {
  if (fidelity >= 1) return ep;
  const rng = derive(seed, 'self-model', stream);
  const labelSys = new Float64Array(ep.n);
  for (let e = 0; e < ep.n; e++) labelSys[e] = rng.next() < fidelity ? ep.labelSys[e] : ep.truth[e];
  return { ...ep, labelSys };
}

/** The objective as an agent without a self model computes it: self-tier terminals read 0. */
export function blindSelf<G extends GenomeNodes>(g: G): G | Genome {
  // Most genomes read none of them: the same genome (never changed in place), no copy per evaluation.
  if (!readsSelf(g)) return g;
  const ops = Array.from(g.ops, (op) => (isSelfTerminal(op) ? Op.Const : op));
  const vals = Array.from(g.vals, (v, i) => (isSelfTerminal(g.ops[i]) ? 0 : v));
  return withHorizon({ ops, vals }, g.horizon);
}

function readsSelf(g: GenomeNodes): boolean {
  for (let i = 0; i < g.ops.length; i++) if (isSelfTerminal(g.ops[i])) return true;
  return false;
}

function isSelfTerminal(op: number): boolean {
  return op === Op.Label || op === Op.Loss || op === Op.Training;
}
