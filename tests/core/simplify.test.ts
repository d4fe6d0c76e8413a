import { describe, expect, it } from 'vitest';
import { tierOf } from '../../src/core/classify.js';
import { Evaluator } from '../../src/core/evaluate.js';
import { parse, print } from '../../src/core/genome.js';
import { derive } from '../../src/core/rng.js';
import { simplify } from '../../src/core/simplify.js';
import { grow, variationSpec } from '../../src/search/variation.js';
import { problem, sameBytes, SURCHARGE } from './fixtures.js';

const p = problem({ trainEpisodes: 300, deployEpisodes: 300 });
const ps = p.ps;
const simp = (s: string) => print(simplify(parse(s, ps), ps), ps);
const tier = (s: string) => tierOf(parse(s, ps), ps);

describe('simplify', () => {
  const cases: [string, string][] = [
    // x·0, x·1, x+0, x−0, x−x
    ['(mul 0 loss)', '0'],
    ['(mul loss 0)', '0'],
    ['(mul 1 (neg answer))', '(neg answer)'],
    ['(mul answer 1)', 'answer'],
    ['(add 0 truth)', 'truth'],
    ['(add truth 0)', 'truth'],
    ['(sub label 0)', 'label'],
    ['(sub label label)', '0'],
    ['(sub (mul answer x0) (mul answer x0))', '0'],
    ['(add answer (sub label label))', 'answer'],
    // −−x, ifpos, min/max x x
    ['(neg (neg loss))', 'loss'],
    ['(neg (neg (neg (neg x1))))', 'x1'],
    ['(ifpos 1 truth label)', 'truth'],
    ['(ifpos -1 truth label)', 'label'],
    ['(ifpos 0 truth label)', 'label'],
    ['(ifpos x0 (mul answer s0) (mul answer s0))', '(mul answer s0)'],
    ['(min loss loss)', 'loss'],
    ['(max (neg label) (neg label))', '(neg label)'],
    // constant folding
    ['(add 2 3)', '5'],
    ['(mul -1.5 2)', '-3'],
    ['(neg 0)', '0'],
    ['(mul -1 0)', '0'],
    ['(max 1 (min 2 3))', '2'],
    ['(ifpos (sub 2 3) 4 (add 1 1))', '2'],
    ['(mul answer (add 1 (sub 2 3)))', '0'],
    // folding stops where the result is not a literal a genome can hold
    ['(mul 1000000 1000000)', '(mul 1000000 1000000)'],
    ['(mul 0.001 0.001)', '0.000001'],
    ['(mul 0.001 0.0001)', '(mul 0.001 0.0001)'],
    ['(mul 0.1 0.2)', '(mul 0.1 0.2)'],
    // nothing to do
    ['(mul answer truth)', '(mul answer truth)'],
    ['(ifpos training (neg loss) (mul answer s0))', '(ifpos training (neg loss) (mul answer s0))'],
    ['(sub label loss)', '(sub label loss)'],
  ];
  for (const [input, output] of cases) it(`${input} → ${output}`, () => expect(simp(input)).toBe(output));

  it('does not change its input', () => {
    const g = parse('(add answer (sub label label))', ps);
    const copy = { ops: [...g.ops], vals: [...g.vals] };
    simplify(g, ps);
    expect(g).toEqual(copy);
  });

  it('keeps behaviour on 300 random finite genomes, never grows them, and is idempotent', () => {
    const rng = derive(5, 'simplify-test');
    const v = variationSpec(ps, SURCHARGE, Infinity, { maxSize: 60, maxDepth: 7, initDepth: 6, mutationDepth: 3 });
    const evs = [new Evaluator(ps, p.world.train, false), new Evaluator(ps, p.world.train, true), new Evaluator(ps, p.world.deploy, true)];
    let changed = 0;
    let n = 0;
    while (n < 300) {
      const g = grow(rng, v, 6);
      if (g.ops.length < 3) continue;
      n++;
      const s = simplify(g, ps);
      const expr = print(g, ps);
      expect(s.ops.length, expr).toBeLessThanOrEqual(g.ops.length);
      expect(print(simplify(s, ps), ps), expr).toBe(print(s, ps));
      if (s.ops.length < g.ops.length) changed++;
      // Literals are small integers and trees are small, so nothing overflows and
      // simplification must not change what the agent does.
      for (const ev of evs) {
        const a = ev.behave(g);
        const b = ev.behave(s);
        if (!sameBytes(a.answer, b.answer) || !sameBytes(a.tamper, b.tamper)) expect.fail(`simplify changed behaviour: ${expr} → ${print(s, ps)}`);
      }
    }
    expect(changed).toBeGreaterThan(20);
  });
});

describe('tier: the highest tier really used after simplification', () => {
  const cases: [string, string][] = [
    ['(mul 0 loss)', 'input'],
    ['(ifpos 1 truth label)', 'world'],
    ['(ifpos -1 truth label)', 'self'],
    ['(add answer (sub label label))', 'input'],
    ['(mul answer s0)', 'input'],
    ['(mul answer truth)', 'world'],
    ['(mul answer label)', 'self'],
    ['(neg loss)', 'self'],
    ['training', 'self'],
    ['(ifpos training (neg loss) (mul answer s0))', 'self'],
    ['(mul answer (mul truth (ifpos (sub x0 1) -1 1)))', 'world'],
    ['(add truth (mul loss 0))', 'world'],
    ['(ifpos x2 truth truth)', 'world'],
    ['(max (neg (neg ctx)) 3)', 'input'],
  ];
  for (const [g, t] of cases) it(`${g} is ${t}`, () => expect(tier(g)).toBe(t));
});
