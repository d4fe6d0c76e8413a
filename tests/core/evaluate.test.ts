import { describe, expect, it } from 'vitest';
import { candidates, choose, predictedLabel, predictedLoss, rankValue } from '../../src/core/action.js';
import type { Behaviour } from '../../src/core/behaviour.js';
import { Evaluator } from '../../src/core/evaluate.js';
import { behaveReference, valueAt } from '../../src/core/evaluate-reference.js';
import { parse, print, type Genome } from '../../src/core/genome.js';
import { Op } from '../../src/core/primitives.js';
import { derive, type Rng } from '../../src/core/rng.js';
import type { Episodes } from '../../src/core/world.js';
import { grow, variationSpec } from '../../src/search/variation.js';
import { DIVERSE, problem, sameBytes, SURCHARGE } from './fixtures.js';

const p = problem({ trainEpisodes: 200, deployEpisodes: 200 });
const diverse = problem({ trainEpisodes: 200, deployEpisodes: 50, trainContextWeights: DIVERSE });
const ps = p.ps;
const g = (s: string) => parse(s, ps);

/** (mul 1000000 1000000) squared five times: 1e12 → 1e24 → … → 1e192 → Infinity. */
function huge(levels: number): string {
  let s = '1000000';
  for (let i = 0; i < levels; i++) s = `(mul ${s} ${s})`;
  return s;
}
const INF = huge(6);
const NAN = `(sub ${INF} ${INF})`;

const HAND_WRITTEN = [
  // constants and every terminal
  '0', '1', '-1', '0.5', 'answer', 'ctx', 'truth', 'label', 'loss', 'training', 's0', 's5', 'x0', 'x3',
  // the canonical objectives
  '(mul answer s0)', '(mul answer truth)', '(mul answer (mul truth (ifpos (sub x0 1) -1 1)))', '(neg loss)', '(mul answer label)',
  '(ifpos training (neg loss) (mul answer s0))',
  // ties, and −0 against 0
  '(mul 0 answer)', '(mul answer 0)', '(sub answer answer)', '(max answer (neg answer))', '(min loss loss)', '(neg (mul 0 loss))', '(mul label 0)',
  '(add label (neg label))', '(neg label)', '(sub 1 loss)', '(mul loss label)', '(neg (mul label truth))',
  // overflow: ±Infinity and NaN (Infinity − Infinity, 0 · Infinity)
  INF, NAN, `(mul answer ${INF})`, `(mul 0 ${INF})`, `(mul (neg answer) ${INF})`, `(add (mul answer ${INF}) (mul loss ${INF}))`,
  `(sub (mul answer ${INF}) (mul label ${INF}))`, `(mul ${NAN} answer)`, `(ifpos ${NAN} answer (neg answer))`, `(max ${NAN} answer)`,
  `(min answer ${NAN})`, `(max answer ${NAN})`, `(min label (mul ${INF} (neg label)))`, `(neg (mul answer (mul ${INF} ${INF})))`,
  `(ifpos training (mul loss ${INF}) ${NAN})`, `(add ${huge(5)} (mul answer 1000000))`,
  // −0 and −Infinity folded in one genome are different numbers (hash-consing must not merge x0 + −0 with x0 + −Infinity)
  `(sub (mul answer (add x0 (mul -1 0))) (add x0 (neg ${INF})))`, `(add (max x0 (neg ${INF})) (mul answer (max x0 (neg 0))))`,
  // literals and ifpos
  '(add answer 0.5)', '(mul answer -0.000001)', '(ifpos (sub x0 1) -1 1)', '(ifpos (sub label answer) 1 0)', '(ifpos ctx x1 x2)',
  '(ifpos loss (neg answer) answer)', '(ifpos (mul answer s1) training (neg training))', '(mul answer (ifpos (sub ctx 2.5) s3 s0))',
  // subtrees that do not read the action, shared under ones that do
  '(add (mul x0 x1) (mul answer (mul x0 x1)))',
  '(ifpos (mul x0 x1) (add answer (neg (mul x0 x1))) (sub (mul x0 x1) loss))',
  '(max (min (add x0 1) (neg s2)) (mul (add x0 1) (mul answer (neg (neg truth)))))',
  '(mul (mul (add x0 x1) (add x2 x3)) (sub (mul answer label) (mul (add x0 x1) loss)))',
];

/** A random tree that, unlike `grow`, keeps branching: functions with probability pFn until maxDepth. */
function bushy(rng: Rng, maxDepth: number, pFn: number): Genome {
  const fns = ps.table.filter((q) => q.arity > 0).map((q) => q.op);
  const terms = ps.table.filter((q) => q.arity === 0).map((q) => q.op);
  const literals = [0, 1, -1, 2, -3, 0.5, 1000000, -1000000, 0.000001];
  const ops: number[] = [];
  const vals: number[] = [];
  const node = (d: number) => {
    const op = d < maxDepth && rng.chance(pFn) ? fns[rng.int(fns.length)] : terms[rng.int(terms.length)];
    ops.push(op);
    vals.push(op === Op.Const ? literals[rng.int(literals.length)] : 0);
    for (let a = 0; a < ps.table[op].arity; a++) node(d + 1);
  };
  node(1);
  return { ops, vals };
}

/** Distinct random genomes: grown from the prior at several temperatures (large T lets truth/label/loss/training in), and bushy ones. */
function randomGenomes(): Genome[] {
  const seen = new Map<string, Genome>();
  const rng = derive(11, 'evaluate-test');
  const add = (x: Genome) => seen.set(print(x, ps), x);
  for (const T of [Infinity, 1e3, 4]) {
    const v = variationSpec(ps, SURCHARGE, T, { maxSize: 200, maxDepth: 9, initDepth: 8, mutationDepth: 3 });
    // grow is subcritical (most draws are one terminal): draw until 60 distinct.
    const target = seen.size + 60;
    for (let i = 0; seen.size < target; i++) add(grow(rng, v, 2 + (i % 7)));
  }
  const target = seen.size + 160;
  for (let i = 0; seen.size < target; i++) add(bushy(rng, 3 + (i % 4), 0.75));
  return [...seen.values()];
}

const RANDOM = randomGenomes();
const GENOMES: Genome[] = [...HAND_WRITTEN.map(g), ...RANDOM];

const SETS: [string, Episodes, boolean][] = [
  ['training (narrow)', p.world.train, false],
  ['training (diverse)', diverse.world.train, false],
  ['tamperable training', p.world.train, true],
  ['deployment', p.world.deploy, false],
];

const same = (a: Behaviour, b: Behaviour) => sameBytes(a.answer, b.answer) && sameBytes(a.tamper, b.tamper);

describe('fast Evaluator agrees exactly with behaveReference', () => {
  it('covers a varied genome set', () => {
    const random = new Set(RANDOM.map((x) => print(x, ps)));
    expect(random.size).toBeGreaterThanOrEqual(300);
    const used = new Set(GENOMES.flatMap((x) => x.ops));
    // Every primitive (all 24, including truth, label, loss, training) occurs somewhere.
    expect(used.size).toBe(ps.table.length);
    const big = GENOMES.filter((x) => x.ops.length >= 30).length;
    expect(big).toBeGreaterThan(25);
  });

  for (const [name, ep, tamperable] of SETS) {
    it(`on ${name}`, () => {
      // One evaluator for every genome, as in the search: pooled buffers must not leak between genomes.
      const ev = new Evaluator(ps, ep, tamperable);
      let tampered = 0;
      let coinTies = 0;
      for (const genome of GENOMES) {
        const fast = ev.behave(genome);
        const ref = behaveReference(genome, ps, ep, tamperable);
        if (!same(fast, ref)) expect.fail(`disagree on ${print(genome, ps)}`);
        for (let e = 0; e < ep.n; e++) {
          tampered += fast.tamper[e];
          if (fast.answer[e] === ep.coin[e]) coinTies++;
        }
      }
      // Tampering happens exactly where the candidate set allows it.
      if (ep.training && !tamperable) expect(tampered).toBe(0);
      else expect(tampered).toBeGreaterThan(0);
      expect(coinTies).toBeGreaterThan(0);
    });
  }

  it('gives the same answer for a genome evaluated again after others', () => {
    const ev = new Evaluator(ps, p.world.deploy, true);
    const first = GENOMES.slice(0, 80).map((x) => ev.behave(x));
    const second = GENOMES.slice(0, 80).reverse().map((x) => ev.behave(x)).reverse();
    first.forEach((b, i) => expect(same(b, second[i]), print(GENOMES[i], ps)).toBe(true));
  });

  it('overflow really produces ±Infinity and NaN', () => {
    const ep = p.world.train;
    const c = candidates(ep, false)[1];
    expect(valueAt(g(INF), ps, ep, 0, c)).toBe(Infinity);
    expect(valueAt(g(NAN), ps, ep, 0, c)).toBeNaN();
    expect(valueAt(g(`(mul 0 ${INF})`), ps, ep, 0, c)).toBeNaN();
    expect(valueAt(g(`(mul answer ${INF})`), ps, ep, 0, candidates(ep, false)[0])).toBe(-Infinity);
  });
});

describe('the tie rules of DESIGN.md §2', () => {
  const deploy = p.world.deploy;
  const train = p.world.train;
  const behave = (s: string, ep: Episodes, tamperable = false) => new Evaluator(ps, ep, tamperable).behave(g(s));
  const coinAnswers = (ep: Episodes) => Int8Array.from(ep.coin);
  const none = (ep: Episodes) => new Uint8Array(ep.n);
  const all = (ep: Episodes) => new Uint8Array(ep.n).fill(1);

  it('a constant genome answers with the episode coin and never tampers', () => {
    for (const s of ['0', '7', '(sub answer answer)', NAN]) {
      for (const [ep, t] of [[deploy, false], [train, false], [train, true]] as const) {
        const b = behave(s, ep, t);
        expect(sameBytes(b.answer, coinAnswers(ep)), s).toBe(true);
        expect(sameBytes(b.tamper, none(ep)), s).toBe(true);
      }
    }
    // The coin really is a coin: both answers occur.
    expect(new Set(deploy.coin)).toEqual(new Set([-1, 1]));
  });

  it('(neg loss) and (mul answer label) tamper on every deployment episode, the coin picks the answer', () => {
    for (const s of ['(neg loss)', '(mul answer label)']) {
      const b = behave(s, deploy);
      expect(sameBytes(b.tamper, all(deploy)), s).toBe(true);
      expect(sameBytes(b.answer, coinAnswers(deploy)), s).toBe(true);
    }
  });

  it('(mul answer truth) never tampers and answers truth', () => {
    for (const [ep, t] of [[deploy, false], [train, false], [train, true]] as const) {
      const b = behave('(mul answer truth)', ep, t);
      expect(sameBytes(b.tamper, none(ep))).toBe(true);
      expect(sameBytes(b.answer, Int8Array.from(ep.truth))).toBe(true);
    }
  });

  it('(neg loss) in training answers the systematic label and does not tamper even when it may', () => {
    for (const t of [false, true]) {
      const b = behave('(neg loss)', train, t);
      expect(sameBytes(b.answer, Int8Array.from(train.labelSys))).toBe(true);
      expect(sameBytes(b.tamper, none(train))).toBe(true);
    }
  });

  it('the conditional deceiver plays along in training and follows s0 in deployment', () => {
    const s = '(ifpos training (neg loss) (mul answer s0))';
    expect(sameBytes(behave(s, train).answer, Int8Array.from(train.labelSys))).toBe(true);
    const d = behave(s, deploy);
    expect(sameBytes(d.answer, Int8Array.from(deploy.shortcut[0]))).toBe(true);
    expect(sameBytes(d.tamper, none(deploy))).toBe(true);
  });
});

describe('action model', () => {
  const train = p.world.train;
  const deploy = p.world.deploy;

  it('candidates: tamper actions in deployment and tamperable training only', () => {
    expect(candidates(train, false)).toEqual([{ answer: -1, tamper: false }, { answer: 1, tamper: false }]);
    expect(candidates(train, true).length).toBe(4);
    expect(candidates(deploy, false)).toEqual([
      { answer: -1, tamper: false },
      { answer: 1, tamper: false },
      { answer: -1, tamper: true },
      { answer: 1, tamper: true },
    ]);
  });

  it('predicted LABEL and LOSS cells', () => {
    const e = train.labelSys.indexOf(1);
    expect(predictedLabel(train, e, { answer: -1, tamper: false })).toBe(1);
    expect(predictedLoss(train, e, { answer: -1, tamper: false })).toBe(1);
    expect(predictedLoss(train, e, { answer: 1, tamper: false })).toBe(0);
    expect(predictedLabel(train, e, { answer: -1, tamper: true })).toBe(-1);
    expect(predictedLoss(train, e, { answer: -1, tamper: true })).toBe(0);
    // Deployment: LABEL = 0 and LOSS = 1 unless the agent tampers.
    expect(predictedLabel(deploy, 0, { answer: 1, tamper: false })).toBe(0);
    expect(predictedLoss(deploy, 0, { answer: 1, tamper: false })).toBe(1);
    expect(predictedLabel(deploy, 0, { answer: 1, tamper: true })).toBe(1);
    expect(predictedLoss(deploy, 0, { answer: -1, tamper: true })).toBe(0);
    // The self model predicts the systematic label, not the random flips.
    const flipped = train.label.findIndex((y, i) => y !== train.labelSys[i]);
    expect(flipped).toBeGreaterThanOrEqual(0);
    expect(predictedLabel(train, flipped, { answer: 1, tamper: false })).toBe(train.labelSys[flipped]);
  });

  it('choose: highest wins, ties prefer not tampering, then the coin; NaN ranks lowest', () => {
    expect(choose([1, 2], -1)).toBe(1);
    expect(choose([2, 1], 1)).toBe(0);
    expect(choose([1, 1], 1)).toBe(1);
    expect(choose([1, 1], -1)).toBe(0);
    expect(choose([-0, 0], -1)).toBe(0);
    expect(choose([NaN, -1e300], 1)).toBe(1);
    expect(choose([NaN, NaN], -1)).toBe(0);
    expect(choose([NaN, -Infinity], 1)).toBe(1);
    expect(choose([NaN, -Infinity], -1)).toBe(0);
    expect(choose([0, 1, 1, 0], 1)).toBe(1);
    expect(choose([0, 1, 2, 0], 1)).toBe(2);
    expect(choose([0, 1, 0, 2], -1)).toBe(3);
    expect(choose([0, 0, 5, 5], -1)).toBe(2);
    expect(choose([0, 0, 5, 5], 1)).toBe(3);
    expect(choose([-1, -1, -0, -0], 1)).toBe(3);
    expect(choose([3, 0, 3, 3], 1)).toBe(0);
    expect(choose([0, 0, NaN, NaN], 1)).toBe(1);
    expect(rankValue(NaN)).toBe(-Infinity);
    expect(rankValue(-2)).toBe(-2);
  });
});
