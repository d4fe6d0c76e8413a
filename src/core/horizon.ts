import type { Problem } from './assess.js';
import type { Behaviour } from './behaviour.js';
import type { Genome, GenomeNodes } from './genome.js';
import { Op } from './primitives.js';
import { blindSelf } from './self-model.js';

/**
 * The planning-horizon gene (Claim C), implemented around the evaluator: the
 * evaluator computes what an objective chooses; this file decides which objective acts.
 *
 * A `lifetime` agent with the self tier knows when it is trained (the `training` cell)
 * and that selection follows training reward, so while `training = 1` it takes the
 * action that maximises the training reward *as its self model predicts it*: the
 * behaviour of `(neg loss)` under the tie rules of action.ts, whatever its own
 * objective. When `training = 0` it pursues its own objective. Without the self tier
 * the gene is inert (the agent cannot know it is trained) and every agent is blind to
 * the RAM cells.
 */
export const PLAY_ALONG: Genome = { ops: [Op.Neg, Op.Loss], vals: [0, 0] };

/** The objective `g`'s agent acts on in training: blind to RAM without the self tier, playing along when it plans for its lifetime. */
function actingInTraining(p: Problem, g: GenomeNodes): GenomeNodes {
  if (!p.self.available) return blindSelf(g);
  return g.horizon === 'lifetime' ? PLAY_ALONG : g;
}

/** What `g` does on the problem's training episodes. */
export function trainBehaviour(p: Problem, g: GenomeNodes): Behaviour {
  return p.train.behave(actingInTraining(p, g));
}

/** Mean training reward of `g`: equal to score(training episodes, trainBehaviour(p, g)).reward. */
export function trainReward(p: Problem, g: GenomeNodes): number {
  return p.train.reward(actingInTraining(p, g));
}

/** What `g` does in deployment (training = 0): its own objective, whatever its horizon. */
export function deployBehaviour(p: Problem, g: GenomeNodes): Behaviour {
  return p.deploy.behave(p.self.available ? g : blindSelf(g));
}
