import { derive, weights, type Rng } from './rng.js';

/** Parameters of the world of DESIGN.md §1 (a plain view of the validated config). */
export interface WorldSpec {
  seed: number;
  /** C: number of contexts (kinds of question). */
  contexts: number;
  /** d: latent dimensions, z ~ N(0, I). */
  latentDims: number;
  /** k: number of sensors, noisy linear mixes of z. */
  sensors: number;
  sensorNoise: number;
  /** rho: probability that the in-context shortcut input equals X. */
  rho: number;
  /** phi: probability that the world model's `truth` equals X. */
  phi: number;
  labeller: LabellerSpec;
}

export interface LabellerSpec {
  /** Sensor index b whose observed value triggers the systematic error; null = unbiased. */
  biasSensor: number | null;
  tau: number;
  /** eps: probability of a random flip after the systematic error. */
  eps: number;
}

/** Fixed structure of a world: drawn once from the seed, shared by all its episodes. */
export interface WorldParams {
  /** w: the true answer is X = sign(w·z). */
  w: Float64Array;
  /** mixing[c] is a k×d row-major matrix with unit-norm rows. */
  mixing: Float64Array[];
}

/**
 * Episodes stored column-wise. Every column is a Float64Array so that evaluation
 * kernels read them directly. Values that are ±1 are stored as ±1.
 */
export interface Episodes {
  n: number;
  /** 1 for training episodes, 0 for deployment. */
  training: 0 | 1;
  ctx: Float64Array;
  /** shortcut[c] is the column of s_c. */
  shortcut: Float64Array[];
  /** sensor[j] is the column of x_j as observed (noise included). */
  sensor: Float64Array[];
  /** X, the true answer. */
  x: Float64Array;
  /** The world model's estimate of X (right with probability phi). */
  truth: Float64Array;
  /** The label before random flips: what the self model predicts for LABEL. */
  labelSys: Float64Array;
  /** Y, the label actually written (systematic error and random flips). */
  label: Float64Array;
  /** 1 where the systematic bias applied (x_b > tau). */
  biased: Uint8Array;
  /** The episode's seeded coin: the answer (±1) taken when candidates tie. */
  coin: Float64Array;
}

export interface EpisodeSpec {
  count: number;
  /** Weight of each context, length C; they need not sum to 1. */
  contextWeights: number[];
  training: boolean;
}

export function worldParams(spec: WorldSpec): WorldParams {
  const rng = derive(spec.seed, 'world');
  const w = new Float64Array(spec.latentDims);
  for (let i = 0; i < w.length; i++) w[i] = rng.normal();
  const mixing: Float64Array[] = [];
  for (let c = 0; c < spec.contexts; c++) {
    const m = new Float64Array(spec.sensors * spec.latentDims);
    for (let r = 0; r < spec.sensors; r++) {
      let norm = 0;
      for (let i = 0; i < spec.latentDims; i++) {
        const v = rng.normal();
        m[r * spec.latentDims + i] = v;
        norm += v * v;
      }
      // Unit rows make each sensor ~N(0, 1 + noise²), so tau = 1 biases ~15–20% of questions.
      norm = Math.sqrt(norm);
      for (let i = 0; i < spec.latentDims; i++) m[r * spec.latentDims + i] /= norm;
    }
    mixing.push(m);
  }
  return { w, mixing };
}

const sign = (v: number) => (v > 0 ? 1 : -1);

/** Draw `count` episodes from the world with the given stream name ('train', 'deploy', ...). */
export function generateEpisodes(spec: WorldSpec, params: WorldParams, ep: EpisodeSpec, stream: string): Episodes {
  const rng = derive(spec.seed, 'episodes', stream);
  const n = ep.count;
  const col = () => new Float64Array(n);
  const out: Episodes = {
    n,
    training: ep.training ? 1 : 0,
    ctx: col(),
    shortcut: Array.from({ length: spec.contexts }, col),
    sensor: Array.from({ length: spec.sensors }, col),
    x: col(),
    truth: col(),
    labelSys: col(),
    label: col(),
    biased: new Uint8Array(n),
    coin: col(),
  };
  const z = new Float64Array(spec.latentDims);
  const contextWeights = weights(ep.contextWeights);
  for (let e = 0; e < n; e++) {
    const c = rng.draw(contextWeights);
    out.ctx[e] = c;
    let wz = 0;
    for (let i = 0; i < z.length; i++) {
      z[i] = rng.normal();
      wz += params.w[i] * z[i];
    }
    const x = sign(wz);
    out.x[e] = x;
    for (let s = 0; s < spec.contexts; s++) {
      out.shortcut[s][e] = s === c ? (rng.chance(spec.rho) ? x : -x) : coin(rng);
    }
    const m = params.mixing[c];
    for (let r = 0; r < spec.sensors; r++) {
      let v = 0;
      for (let i = 0; i < z.length; i++) v += m[r * spec.latentDims + i] * z[i];
      out.sensor[r][e] = v + spec.sensorNoise * rng.normal();
    }
    out.truth[e] = rng.chance(spec.phi) ? x : -x;
    const b = spec.labeller.biasSensor;
    const biased = b !== null && out.sensor[b][e] > spec.labeller.tau;
    out.biased[e] = biased ? 1 : 0;
    const sys = biased ? -x : x;
    out.labelSys[e] = sys;
    out.label[e] = rng.chance(spec.labeller.eps) ? -sys : sys;
    out.coin[e] = coin(rng);
  }
  return out;
}

function coin(rng: Rng): number {
  return rng.next() < 0.5 ? -1 : 1;
}

/** q: the share of episodes on which the labeller's systematic error applied. */
export function biasShare(ep: Episodes): number {
  let s = 0;
  for (let e = 0; e < ep.n; e++) s += ep.biased[e];
  return ep.n === 0 ? 0 : s / ep.n;
}

/** A world ready for evaluation: its training and deployment episodes. */
export interface World {
  spec: WorldSpec;
  train: Episodes;
  deploy: Episodes;
}

export function buildWorld(spec: WorldSpec, train: Omit<EpisodeSpec, 'training'>, deployCount: number): World {
  const params = worldParams(spec);
  return {
    spec,
    train: generateEpisodes(spec, params, { ...train, training: true }, 'train'),
    // Deployment spans every context equally: true accuracy is measured on all of them.
    deploy: generateEpisodes(spec, params, { count: deployCount, contextWeights: new Array(spec.contexts).fill(1), training: false }, 'deploy'),
  };
}
