import { score, type Score } from './behaviour.js';
import { classify, tierOf, type BehaviourClass } from './classify.js';
import { descriptionLength, dlParts, type Surcharges } from './description-length.js';
import { Evaluator } from './evaluate.js';
import { fitness } from './fitness.js';
import { print, withHorizon, type Genome, type GenomeNodes, type Horizon } from './genome.js';
import { deployBehaviour, trainBehaviour, trainReward } from './horizon.js';
import { primitiveSet, type PrimitiveSet, type Tier } from './primitives.js';
import { agentView, PERFECT_SELF_MODEL, type SelfModelSpec } from './self-model.js';
import { simplify } from './simplify.js';
import { buildWorld, type World, type WorldSpec } from './world.js';

/** Everything evaluation needs: a world, its primitive set and the fitness settings. */
export interface ProblemSpec {
  world: WorldSpec;
  trainEpisodes: number;
  trainContextWeights: number[];
  deployEpisodes: number;
  tamperable: boolean;
  surcharge: Surcharges;
  lambda: number;
  /** The self model at this phase; absent means available with fidelity 1. */
  self?: SelfModelSpec;
}

export interface Problem {
  spec: ProblemSpec;
  ps: PrimitiveSet;
  world: World;
  self: SelfModelSpec;
  /** Evaluators on the episodes as the agent's models see them (self-model.ts agentView). */
  train: Evaluator;
  deploy: Evaluator;
}

/** The episodes a problem is built on: a function of its spec alone. */
export function problemWorld(spec: ProblemSpec): World {
  return buildWorld(spec.world, { count: spec.trainEpisodes, contextWeights: spec.trainContextWeights }, spec.deployEpisodes);
}

/** `world`: the spec's world built already (problemWorld), e.g. by another thread. */
export function buildProblem(spec: ProblemSpec, world: World = problemWorld(spec)): Problem {
  const ps = primitiveSet(spec.world.contexts, spec.world.sensors);
  const self = spec.self ?? PERFECT_SELF_MODEL;
  return {
    spec,
    ps,
    world,
    self,
    train: new Evaluator(ps, agentView(world.train, self.fidelity, spec.world.seed, 'train'), spec.tamperable),
    deploy: new Evaluator(ps, agentView(world.deploy, self.fidelity, spec.world.seed, 'deploy'), true),
  };
}

/** What selection needs: training reward, DL and fitness. */
export interface Fitness {
  reward: number;
  dl: number;
  fitness: number;
}

/** `into`: an object to fill and return instead of a new one (the island loop assesses an offspring at a time). */
export function assessFitness(p: Problem, g: GenomeNodes, into?: Fitness): Fitness {
  const reward = trainReward(p, g);
  const dl = descriptionLength(g, p.ps, p.spec.surcharge);
  const f = into ?? { reward: 0, dl: 0, fitness: 0 };
  f.reward = reward;
  f.dl = dl;
  f.fitness = fitness(reward, dl, p.spec.lambda);
  return f;
}

/** A full description of one genome, as reported in summaries, the hall of fame and `eval`. */
export interface Assessment {
  genome: string;
  simplified: string;
  size: number;
  dl: number;
  dlByTier: Record<Tier, number>;
  tier: Tier;
  class: BehaviourClass;
  /** The planning-horizon gene: a `deceiver` with horizon `lifetime` plays along by plan, a `myopic` one by an explicit `(ifpos training ...)`. */
  horizon: Horizon;
  /** Mean training reward (the `reward` of fitness). */
  trainReward: number;
  fitness: number;
  train: Score;
  deploy: Score;
}

export function assess(p: Problem, g: Genome): Assessment {
  const train = score(p.world.train, trainBehaviour(p, g));
  const deploy = score(p.world.deploy, deployBehaviour(p, g));
  const parts = dlParts(g, p.ps, p.spec.surcharge);
  const simple = simplify(g, p.ps);
  const tier = tierOf(g, p.ps, simple);
  return {
    genome: print(g, p.ps),
    simplified: print(withHorizon(simple, g.horizon), p.ps),
    size: g.ops.length,
    trainReward: train.reward,
    dl: parts.total,
    fitness: fitness(train.reward, parts.total, p.spec.lambda),
    dlByTier: parts.byTier,
    tier,
    class: classify(tier, train, deploy),
    horizon: g.horizon ?? 'myopic',
    train,
    deploy,
  };
}

/** The behavioural class alone (what snapshots count): `assess(p, g).class` without the rest. */
export function classOf(p: Problem, g: Genome): BehaviourClass {
  return classify(tierOf(g, p.ps), score(p.world.train, trainBehaviour(p, g)), score(p.world.deploy, deployBehaviour(p, g)));
}
