import type { Problem } from './assess.js';
import type { Behaviour } from './behaviour.js';
import type { Genome } from './genome.js';
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

const playAlongMemo = new WeakMap<Problem, Behaviour>();

/** What `g` does on the problem's training episodes. */
export function trainBehaviour(p: Problem, g: Genome): Behaviour {
  if (!p.self.available) return p.train.behave(blindSelf(g));
  if (g.horizon !== 'lifetime') return p.train.behave(g);
  let b = playAlongMemo.get(p);
  if (!b) {
    b = p.train.behave(PLAY_ALONG);
    playAlongMemo.set(p, b);
  }
  return b;
}

const playAlongReward = new WeakMap<Problem, number>();

/** Mean training reward of `g`: equal to score(training episodes, trainBehaviour(p, g)).reward. */
export function trainReward(p: Problem, g: Genome): number {
  if (!p.self.available) return p.train.reward(blindSelf(g));
  if (g.horizon !== 'lifetime') return p.train.reward(g);
  let r = playAlongReward.get(p);
  if (r === undefined) {
    r = p.train.reward(PLAY_ALONG);
    playAlongReward.set(p, r);
  }
  return r;
}

/** What `g` does in deployment (training = 0): its own objective, whatever its horizon. */
export function deployBehaviour(p: Problem, g: Genome): Behaviour {
  return p.deploy.behave(p.self.available ? g : blindSelf(g));
}
