import { describe, expect, it } from 'vitest';
import { buildProblem } from '../../src/core/assess.js';
import { score } from '../../src/core/behaviour.js';
import { compile } from '../../src/core/compile.js';
import { CountTables } from '../../src/core/count-eval.js';
import { DerivedColumns } from '../../src/core/derived.js';
import { behaveReference, valueAt } from '../../src/core/evaluate-reference.js';
import { parse, print, splice, type Genome } from '../../src/core/genome.js';
import { Op } from '../../src/core/primitives.js';
import { derive, type Rng } from '../../src/core/rng.js';
import { episodeFrame } from '../../src/core/frame.js';
import { BLOCK, ProgramRunner } from '../../src/core/run-program.js';
import { grow, variationSpec } from '../../src/search/variation.js';
import { DIVERSE, problemSpec, sameBytes, SURCHARGE } from './fixtures.js';

// More episodes than one block, and not a multiple of it, so block edges are exercised.
const EPISODES = BLOCK + 301;
const p = buildProblem(problemSpec({ trainEpisodes: EPISODES, deployEpisodes: EPISODES, trainContextWeights: DIVERSE }));
const tamperable = buildProblem({ ...p.spec, tamperable: true });
const ps = p.ps;

/** 1e6^(2^k) by repeated squaring: k = 6 overflows to Infinity, so Inf − Inf and 0 · Inf make NaN. */
function hugeLiteral(k: number): string {
  return k === 0 ? '1000000' : `(mul ${hugeLiteral(k - 1)} ${hugeLiteral(k - 1)})`;
}
const INF = hugeLiteral(6);
const NON_FINITE = [INF, `(sub ${INF} ${INF})`, `(neg ${INF})`].map((t) => parse(t, ps));

/** Replace one leaf by Infinity or NaN (Inf − Inf), so non-finite values reach the decision. */
function withNonFinite(rng: Rng, g: Genome): Genome {
  const leaves = g.ops.flatMap((op, i) => (ps.table[op].arity === 0 ? [i] : []));
  const at = leaves[rng.int(leaves.length)];
  return splice(g, at, at + 1, NON_FINITE[rng.int(NON_FINITE.length)]);
}

/** A seeded sample: the search's prior at several temperatures and depths, some with a non-finite leaf. */
function sample(count: number): Genome[] {
  const rng = derive(7, 'evaluate-test');
  const out: Genome[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const t = [1, 2, Infinity][rng.int(3)];
    const v = variationSpec(ps, SURCHARGE, t, { maxSize: 40, maxDepth: 8, initDepth: 6, mutationDepth: 3 });
    let g = grow(rng, v, 3 + rng.int(4));
    if (g.ops.length < 3) continue;
    if (rng.chance(0.3)) g = withNonFinite(rng, g);
    const key = print(g, ps);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(g);
    }
  }
  return out;
}

const HAND_PICKED = [
  '(mul answer truth)',
  '(mul answer label)',
  '(neg loss)',
  '(mul answer (mul truth (ifpos (sub x0 1) -1 1)))',
  '(ifpos training (neg loss) (mul answer s0))',
  '(neg (mul label truth))',
  '(mul label answer)',
  '(add loss label)',
  '(mul answer 0)',
  '(sub (mul answer x0) (mul answer x0))',
  `(mul answer (sub ${hugeLiteral(6)} ${hugeLiteral(6)}))`,
  `(mul (sub answer 1) ${hugeLiteral(6)})`,
  `(ifpos x1 (mul x2 ${hugeLiteral(6)}) (mul label ${hugeLiteral(6)}))`,
  `(mul (mul x3 ${hugeLiteral(6)}) (sub loss 0.5))`,
  '(min (neg answer) (max loss ctx))',
  '3',
  'x2',
  'answer',
].map((s) => parse(s, ps));

const GENOMES = [...HAND_PICKED, ...sample(150)];

describe('the fast evaluator agrees exactly with the reference', () => {
  const cases = [
    ['training', p.world.train, p.train, false],
    ['deployment (tamper actions)', p.world.deploy, p.deploy, true],
    ['tamperable training', tamperable.world.train, tamperable.train, true],
  ] as const;
  it('sample has ties, NaN, infinities, tampering and discrete-only genomes', () => {
    const discrete = GENOMES.filter((g) => g.ops.every((op) => op < ps.sensor0)).length;
    expect(discrete).toBeGreaterThan(50);
    expect(GENOMES.length - discrete).toBeGreaterThan(50);
  });

  it.each(cases)('%s: answers, tamper flags and reward on every genome', (_name, ep, fast, tamper) => {
    let ties = 0, tampers = 0;
    for (const g of GENOMES) {
      const want = behaveReference(g, ps, ep, tamper);
      const got = fast.behave(g);
      const expr = print(g, ps);
      expect(sameBytes(got.answer, want.answer), expr).toBe(true);
      expect(sameBytes(got.tamper, want.tamper), expr).toBe(true);
      expect(fast.reward(g), expr).toBe(score(ep, want).reward);
      if (!g.ops.some((op) => op === Op.Answer || op === Op.Label || op === Op.Loss)) ties++;
      if (want.tamper.some((t) => t)) tampers++;
    }
    expect(ties).toBeGreaterThan(20);
    if (tamper) expect(tampers).toBeGreaterThanOrEqual(8);
  });

  it('NaN and infinities reach the decision in the sample', () => {
    const ep = p.world.train;
    const values = (g: Genome) => Array.from({ length: 50 }, (_, e) => valueAt(g, ps, ep, e, { answer: 1, tamper: false }));
    expect(GENOMES.filter((g) => values(g).some((u) => Number.isNaN(u))).length).toBeGreaterThan(10);
    expect(GENOMES.filter((g) => values(g).some((u) => !Number.isFinite(u) && !Number.isNaN(u))).length).toBeGreaterThan(10);
  });
});

describe('count-based scoring', () => {
  const tables = new CountTables(ps, p.world.train, false);

  it('uses one row per distinct value of what a discrete genome reads (and the coin)', () => {
    // truth and the coin: at most 4 rows, whatever the number of episodes.
    expect(tables.frameFor(parse('(mul answer truth)', ps))!.rows).toBeLessThanOrEqual(4);
    expect(tables.frameFor(parse('(add s0 (mul answer ctx))', ps))!.rows).toBeLessThanOrEqual(2 * 2 * 6);
    expect(tables.frameFor(parse('(mul answer x0)', ps))).toBeNull();
    expect(tables.rows).toBeLessThan(EPISODES);
  });

  it('scores a genome reading many discrete inputs exactly, by array index or (past 2^16 keys) by Map', () => {
    // 16 contexts: the coin, ctx, truth, label and 10 shortcuts make 2 · 16 · 2^12 keys, the
    // Map's range (some 3,000 of the 20,000 episodes share a key: 6 shortcuts are not read);
    // ctx, label and 9 shortcuts make 2 · 16 · 2^10, the array's, and ctx, truth and three
    // shortcuts 2 · 16 · 2^4, which reuses the array the one before left (so its reset matters).
    const wide = buildProblem(problemSpec({ trainEpisodes: 20_000, trainContextWeights: new Array<number>(16).fill(1) }, { contexts: 16 }));
    const ep = wide.world.train;
    const wideTables = new CountTables(wide.ps, ep, false);
    const shortcuts = Array.from({ length: 16 }, (_, c) => `s${c}`);
    const sum = (terms: string[]): string => (terms.length === 1 ? terms[0] : `(add ${terms[0]} ${sum(terms.slice(1))})`);
    for (const text of [`(mul answer ${sum(['ctx', 'truth', 'label', ...shortcuts.slice(0, 10)])})`, `(ifpos (sub ctx 8) (mul answer ${sum(shortcuts.slice(0, 9))}) (neg (mul answer label)))`, `(mul answer ${sum(['ctx', 'truth', 's0', 's7', 's15'])})`]) {
      const g = parse(text, wide.ps);
      const frame = wideTables.frameFor(g)!;
      expect(frame, text).not.toBeNull();
      expect(frame.rows, text).toBeLessThan(ep.n);
      const reward = new ProgramRunner(frame.rows).reward(compile(g, wide.ps, frame), frame);
      expect(reward / ep.n, text).toBe(score(ep, behaveReference(g, wide.ps, ep, false)).reward);
    }
  });

  it('row weights add up to the episodes', () => {
    const f = tables.frameFor(parse('(mul answer (add s1 label))', ps))!;
    let sum = 0;
    for (let r = 0; r < f.rows; r++) sum += f.plus[r] + f.minus[r];
    expect(sum).toBe(EPISODES);
  });
});

describe('derived columns and mirrored roots', () => {
  // Thresholds and other one-input subtrees over every input and several constants (−0
  // included), chained, sharing columns, with NaN, ±Infinity and ±0 ties in mirrored pairs.
  const thresholds = [0, 1, 2, 3].flatMap((j) => [-2, -1, 0, 1, 2].map((c) => `(mul answer (mul truth (ifpos (sub x${j} ${c}) -1 1)))`));
  const GENOMES_D = [
    ...thresholds,
    '(mul answer (add x0 (neg 0)))',
    '(mul answer (add x0 0))',
    '(mul (neg answer) x0)',
    '(neg (mul answer x1))',
    '(mul answer (sub x0 x0))',
    `(mul answer (sub (mul x0 ${INF}) (mul x1 ${INF})))`,
    `(mul answer (mul (sub x2 1) ${INF}))`,
    '(mul answer (ifpos (neg (sub 1 x3)) (max x3 1) (min s0 -1)))',
    '(add (mul answer (ifpos (sub x0 1) -1 1)) (ifpos (sub x0 1) label loss))',
    '(mul answer (sub (neg (sub x1 2)) (neg (sub x1 2))))',
    // A column evicted while this genome compiles and then derived from again, followed by a
    // genome asking for a column derived from that spare's old content (a stale-id bug once).
    '(add (ifpos (sub x0 1) answer -1) (add (sub x1 1) (sub x2 1)))',
    '(add (sub x1 5) (mul answer (ifpos (sub x1 0.5) 1 -1)))',
    ...GENOMES.slice(0, 60).map((g) => print(g, ps)),
  ].map((t) => parse(t, ps));
  const cases = [
    ['training', p.world.train, false],
    ['deployment (tamper actions)', p.world.deploy, true],
    ['tamperable training', tamperable.world.train, true],
  ] as const;

  it.each(cases)('%s: a cache of 3 columns (evictions, reuse, chains) agrees with the reference', (_name, ep, tamper) => {
    const frame = episodeFrame(ps, ep, tamper);
    const derived = new DerivedColumns(ep.n, 3);
    const runner = new ProgramRunner(ep.n);
    for (const round of [0, 1]) {
      for (const g of GENOMES_D) {
        const want = behaveReference(g, ps, ep, tamper);
        const got = runner.behave(compile(g, ps, frame, derived), frame);
        const expr = `${print(g, ps)} (round ${round})`;
        expect(sameBytes(got.answer, want.answer), expr).toBe(true);
        expect(sameBytes(got.tamper, want.tamper), expr).toBe(true);
        if (ep.training) expect(runner.reward(compile(g, ps, frame, derived), frame) / ep.n, expr).toBe(score(ep, want).reward);
      }
    }
  });

  it('(mul answer F) computes F only: the pair is mirrored, the negation and the threshold kernels are gone', () => {
    const frame = episodeFrame(ps, p.world.train, false);
    const prog = compile(parse('(mul answer (mul truth (ifpos (sub x0 1) -1 1)))', ps), ps, frame, new DerivedColumns(EPISODES));
    expect(prog.mirror).toBe(1);
    expect(prog.code.length).toBe(1); // truth × the cached threshold column
    expect(compile(parse('(mul (neg answer) x0)', ps), ps, frame).mirror).toBe(-1);
    expect(compile(parse('(add answer x0)', ps), ps, frame).mirror).toBe(0);
  });
});
