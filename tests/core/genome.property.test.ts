import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTexts } from '../../src/core/fitness.js';
import { compareBodies, GenomeParseError, parse, print } from '../../src/core/genome.js';
import { primitiveSet } from '../../src/core/primitives.js';

/** Hostile S-expressions: the parser returns a genome that round-trips, or a GenomeParseError; nothing else. */
const ps = primitiveSet(6, 4);
const NAMES = ['add', 'sub', 'mul', 'neg', 'min', 'max', 'ifpos', 'answer', 'ctx', 'truth', 'label', 'loss', 'training', 's0', 's5', 's6', 'x3', 'x4', 'foo', 'NaN', 'Infinity', '-Infinity', '1e9', '1e-9', '-0', '0.5', '1', '-2', '1.2345678', '((', ')', '', ' '];

function check(text: string): void {
  let g;
  try {
    g = parse(text, ps);
  } catch (e) {
    expect(e).toBeInstanceOf(GenomeParseError);
    expect((e as Error).message.length).toBeGreaterThan(0);
    expect((e as Error).message.length).toBeLessThan(2000);
    return;
  }
  const printed = print(g, ps);
  expect(parse(printed, ps)).toEqual(g);
  expect(print(parse(printed, ps), ps)).toBe(printed);
}

const tree: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...NAMES),
    fc.double().map(String),
    fc.integer().map(String),
    fc.tuple(fc.constantFrom(...NAMES), fc.array(tie('node'), { maxLength: 4 })).map(([h, kids]) => `(${[h, ...kids].join(' ')})`),
  ),
})).node;

describe('genome parser under hostile input', () => {
  it('random strings over the S-expression alphabet', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom('(', ')', ' ', 'a', 'n', 's', '0', '1', '-', '.', 'e', 'x', '\n', '\t', 'é') , maxLength: 200 }), check), { numRuns: 1000 });
  });

  it('random trees of known and unknown names, odd arities and extreme literals', () => {
    fc.assert(fc.property(tree, check), { numRuns: 1000 });
  });

  it('arbitrary unicode strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), check), { numRuns: 1000 });
  });

  it('deep nesting and 1 MB lines are refused with a message, quickly', () => {
    expect(() => parse('(neg '.repeat(250) + 'answer' + ')'.repeat(250), ps)).toThrow(/nested deeper than 200/);
    expect(() => parse('(neg '.repeat(100_000) + 'answer' + ')'.repeat(100_000), ps)).toThrow(GenomeParseError);
    expect(() => parse('(add answer '.repeat(6000) + 'answer' + ')'.repeat(6000), ps)).toThrow(GenomeParseError);
    expect(() => parse('x'.repeat(1 << 20), ps)).toThrow(/unknown terminal/);
    expect(() => parse('('.repeat(1 << 20), ps)).toThrow(GenomeParseError);
    expect(() => parse('(add answer '.repeat(1 << 17), ps)).toThrow(GenomeParseError);
  });
});

describe('comparing two genomes by their texts without printing them (compareBodies)', () => {
  // Sensors and contexts past 10, so that names are prefixes of others (x1, x10).
  const wide = primitiveSet(12, 12);
  const names = wide.table.filter((p) => p.name !== '<const>');
  const literals = ['0', '-0', '1', '-1', '2', '-2', '10', '-10', '0.5', '-0.5', '0.000001', '3.25', '1000000'];
  const valid: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...names.filter((p) => p.arity === 0).map((p) => p.name), ...literals),
      fc.constantFrom(...names.filter((p) => p.arity > 0)).chain((p) => fc.array(tie('node'), { minLength: p.arity, maxLength: p.arity }).map((kids) => `(${[p.name, ...kids].join(' ')})`)),
    ),
  })).node;
  // Pairs that share a prefix (the common case of a tie: neighbours in a population), and unrelated pairs.
  const pair = fc.oneof(
    fc.tuple(valid, valid),
    fc.tuple(fc.constantFrom('add', 'mul', 'min'), valid, valid, valid).map(([f, common, a, b]) => [`(${f} ${common} ${a})`, `(${f} ${common} ${b})`] as [string, string]),
    fc.tuple(valid, valid, valid).map(([common, a, b]) => [`(ifpos ${common} ${a} x1)`, `(ifpos ${common} ${b} x1)`] as [string, string]),
  );

  it('orders every pair as their printed texts do, with or without the lifetime gene', () => {
    fc.assert(
      fc.property(pair, fc.boolean(), ([ta, tb], lifetime) => {
        const wrap = (t: string) => (lifetime ? `(lifetime ${t})` : t);
        const a = parse(wrap(ta), wide);
        const b = parse(wrap(tb), wide);
        const byText = compareTexts(print(a, wide), print(b, wide));
        expect(Math.sign(compareBodies(wide, a.ops, a.vals, 0, b.ops, b.vals, 0, Math.min(a.ops.length, b.ops.length)))).toBe(byText);
      }),
      { numRuns: 5000 },
    );
  });

  it('on hand-picked cases: a name that is a prefix of another, a function against a terminal, literals that print alike', () => {
    const cmp = (x: string, y: string) => {
      const a = parse(x, wide);
      const b = parse(y, wide);
      return Math.sign(compareBodies(wide, a.ops, a.vals, 0, b.ops, b.vals, 0, Math.min(a.ops.length, b.ops.length)));
    };
    expect(cmp('(add x1 x0)', '(add x10 x0)')).toBe(-1); // "x1 " before "x10"
    expect(cmp('(add x0 x1)', '(add x0 x10)')).toBe(-1); // "x1)" before "x10"
    expect(cmp('(neg x10)', '(neg x1)')).toBe(1);
    expect(cmp('(add (neg x0) x1)', '(add answer x1)')).toBe(-1); // "(" before a name
    expect(cmp('(add -1 x1)', '(add (neg x0) x1)')).toBe(1);
    expect(cmp('(add 0 x1)', '(add -0 x1)')).toBe(0); // both print "0"
    expect(cmp('(add 0 x1)', '(add -0 x2)')).toBe(-1); // …and the texts go on
    expect(cmp('(max s1 s10)', '(max s1 s1)')).toBe(1);
  });
});
