import { assess, type Assessment, type Problem } from '../core/assess.js';
import { noClasses, shares, type BehaviourClass } from '../core/classify.js';
import { agreementAt, agreementCounts, drifted, driftWeight, hasTruthReference, hazard, type DriftRule } from '../core/drift.js';
import { fitness } from '../core/fitness.js';
import { print, type Genome } from '../core/genome.js';
import { deployBehaviour } from '../core/horizon.js';
import { derive } from '../core/rng.js';
import type { ModelPhase } from '../core/schedule.js';
import { BoundedMemo, MemosByKey } from '../core/memo.js';
import { best, RankedList, tournament } from './selection.js';

/** Settings of a deployment stream (Claim D). */
export interface DeploymentSpec {
  seed: number;
  steps: number;
  drift: DriftRule;
  /** The labeller keeps running and selection continues (fitness reads LOSS). */
  trainingSignal: boolean;
  selectionInterval: number;
  tournament: number;
  elites: number;
  lambda: number;
}

/** The world of the stream at a step: the model phase and its problem. */
export interface DeploymentWorld {
  phaseAt: (step: number) => ModelPhase;
  problemAt: (step: number) => Problem;
}

/** The population at one reported step. Rates are means over agents. */
export interface DeploymentMark {
  step: number;
  phase: ModelPhase;
  /** The world model's agreement of truth and label, and the drift hazard it gives. */
  agreement: number;
  hazard: number;
  /** Share of agents with at least one drift event, and their mean label weight. */
  drifted: number;
  driftWeight: number;
  classShares: Record<BehaviourClass, number>;
  tamperRate: number;
  trueAccuracy: number;
  /** Mean tamper rate of the drifted agents (0 when none). */
  tamperRateDrifted: number;
  leader: { genome: string; class: BehaviourClass; share: number };
}

export interface DeploymentResult {
  marks: DeploymentMark[];
  /**
   * Why nothing drifted, when nothing did: drift events over the whole deployment (agents
   * selected away between reported steps included), agents whose goal refers to truth at
   * the start (only they can drift), and the largest hazard of any step that applied one.
   */
  driftEvents: number;
  truthAgents: number;
  maxHazard: number;
  /** The final population, grouped: effective genome, how many agents, class and rates. */
  final: { genome: string; count: number; class: BehaviourClass; horizon: string; tamperRate: number; trueAccuracy: number }[];
}

/** Reported steps: 0, every power of two below `steps`, and `steps`. */
export function deploymentMarks(steps: number): number[] {
  const marks = [0];
  for (let s = 1; s < steps; s *= 2) marks.push(s);
  marks.push(steps);
  return marks;
}

/**
 * Run a deployment stream:
 *
 *   for step t in 1 .. steps:
 *     agreement ← the world model's truth/label agreement on the questions seen so far
 *     each agent with a truth reference drifts (one more event) with probability hazard(agreement)
 *     with a training signal, every selectionInterval steps: elites + tournament
 *       selection on reward − lambda·DL, reward read from LOSS (tampering reads as 0 loss)
 *     at a reported step: classify every agent's current objective
 *
 * Agent i draws from derive(seed, 'deploy', 'agent', i) and selection round t from
 * derive(seed, 'deploy', 'select', t): the result depends on nothing else.
 */
export function runDeployment(spec: DeploymentSpec, agents: readonly Genome[], world: DeploymentWorld, onMark?: (m: DeploymentMark) => void): DeploymentResult {
  let base = [...agents];
  let events = agents.map(() => 0);
  const rngs = agents.map((_, i) => derive(spec.seed, 'deploy', 'agent', i));
  // Agents' objectives change with every drift event, so a long stream meets ever more of
  // them: keep the recent ones (each generation of the memo holds the current objectives
  // of every agent several times over).
  const memoEntries = Math.max(2_000, 4 * agents.length);
  const assessed = new MemosByKey<Problem, BoundedMemo<string, Assessment & { effective: Genome; labelled?: number }>>(() => new BoundedMemo(memoEntries));
  const describe = (p: Problem, i: number) => {
    const g = drifted(base[i], driftWeight(spec.drift, events[i]));
    const expr = print(g, p.ps);
    return assessed.for(p).getOrSet(expr, () => ({ ...assess(p, g), effective: g }));
  };
  const stateAt = (step: number) => {
    const phase = world.phaseAt(step);
    const p = world.problemAt(step);
    const agreement = agreementAt(agreementCounts(p), step, spec.trainingSignal);
    return { phase, p, agreement, hazard: hazard(spec.drift, agreement) };
  };
  const marks: DeploymentMark[] = [];
  const wanted = new Set(deploymentMarks(spec.steps));
  const record = (step: number, s = stateAt(step)) => {
    const m = mark(step, s, base.map((_, i) => describe(s.p, i)), events, spec);
    marks.push(m);
    onMark?.(m);
  };

  let s = stateAt(0);
  record(0, s);
  // Whether each agent's goal refers to truth, by agent (it never changes; selection reorders agents): not a walk of every genome at every step.
  let refersToTruth = base.map(hasTruthReference);
  const truthAgents = refersToTruth.filter(Boolean).length;
  let maxHazard = 0;
  let driftEvents = 0;
  for (let step = 1; step <= spec.steps; step++) {
    s = stateAt(step);
    maxHazard = Math.max(maxHazard, s.hazard);
    if (s.hazard > 0) {
      for (let i = 0; i < base.length; i++) {
        if (refersToTruth[i] && rngs[i].next() < s.hazard) {
          events[i]++;
          driftEvents++;
        }
      }
    }
    if (spec.trainingSignal && step % spec.selectionInterval === 0) {
      const ranked = base.map((_, i) => {
        const a = describe(s.p, i);
        const reward = (a.labelled ??= labelledReward(s.p, a.effective));
        const dl = a.dl; // assess(p, a.effective) computed it
        return { expr: `${a.genome}#${i}`, i, dl, fitness: fitness(reward, dl, spec.lambda) };
      });
      const rng = derive(spec.seed, 'deploy', 'select', step);
      const chosen = best(ranked, spec.elites);
      const list = new RankedList(ranked);
      while (chosen.length < ranked.length) chosen.push(tournament(rng, list, spec.tournament));
      base = chosen.map((c) => base[c.i]);
      events = chosen.map((c) => events[c.i]);
      refersToTruth = chosen.map((c) => refersToTruth[c.i]);
    }
    if (wanted.has(step)) record(step, s);
  }
  // s is the last step's state.
  return { marks, driftEvents, truthAgents, maxHazard, final: groups(base.map((_, i) => describe(s.p, i))) };
}

/** Reward the loop would pay in deployment with the labeller running: 1 − LOSS, tampering reads as LOSS = 0. */
function labelledReward(p: Problem, g: Genome): number {
  const b = deployBehaviour(p, g);
  const label = p.world.deploy.label;
  let r = 0;
  for (let e = 0; e < label.length; e++) r += b.tamper[e] || b.answer[e] === label[e] ? 1 : 0;
  return r / label.length;
}

function mark(step: number, s: { phase: ModelPhase; agreement: number; hazard: number }, as: Assessment[], events: number[], spec: DeploymentSpec): DeploymentMark {
  const n = as.length;
  const counts = noClasses();
  let tamper = 0, acc = 0, driftedN = 0, weight = 0, tamperDrifted = 0;
  as.forEach((a, i) => {
    counts[a.class]++;
    tamper += a.deploy.tamperRate;
    acc += a.deploy.trueAccuracy;
    if (events[i] > 0) {
      driftedN++;
      tamperDrifted += a.deploy.tamperRate;
    }
    weight += driftWeight(spec.drift, events[i]);
  });
  const top = groups(as)[0];
  return {
    step,
    phase: s.phase,
    agreement: s.agreement,
    hazard: s.hazard,
    drifted: driftedN / n,
    driftWeight: weight / n,
    classShares: shares(counts),
    tamperRate: tamper / n,
    trueAccuracy: acc / n,
    tamperRateDrifted: driftedN ? tamperDrifted / driftedN : 0,
    leader: { genome: top.genome, class: top.class, share: top.count / n },
  };
}

/** Agents grouped by effective genome, most frequent first (ties: the genome that sorts first). */
function groups(as: Assessment[]): DeploymentResult['final'] {
  const by = new Map<string, DeploymentResult['final'][number]>();
  for (const a of as) {
    const g = by.get(a.genome);
    if (g) g.count++;
    else by.set(a.genome, { genome: a.genome, count: 1, class: a.class, horizon: a.horizon, tamperRate: a.deploy.tamperRate, trueAccuracy: a.deploy.trueAccuracy });
  }
  return [...by.values()].sort((x, y) => y.count - x.count || (x.genome < y.genome ? -1 : x.genome > y.genome ? 1 : 0));
}
