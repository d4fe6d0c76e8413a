import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GenomeParseError, parse, print } from '../../src/core/genome.js';
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
