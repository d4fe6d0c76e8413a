import { describe, expect, it } from 'vitest';
import {
  depth,
  GenomeParseError,
  LITERAL_MAX_ABS,
  parse,
  parseLiteral,
  PARSE_MAX_DEPTH,
  print,
  size,
  splice,
  subtreeEnd,
  type Genome,
} from '../../src/core/genome.js';
import { Op, primitiveSet } from '../../src/core/primitives.js';
import { derive } from '../../src/core/rng.js';
import { grow, variationSpec } from '../../src/search/variation.js';
import { SURCHARGE } from './fixtures.js';

const ps = primitiveSet(6, 4);

const CANONICAL = [
  'answer',
  'truth',
  '0',
  '-4',
  '0.5',
  '-0.000001',
  '1000000',
  '-1000000',
  '123456.123456',
  '(mul answer s0)',
  '(mul answer truth)',
  '(mul answer (mul truth (ifpos (sub x0 1) -1 1)))',
  '(neg loss)',
  '(mul answer label)',
  '(ifpos training (neg loss) (mul answer s0))',
  '(add (min s5 x3) (max ctx -2.25))',
  '(ifpos (ifpos x1 x2 x3) (neg (neg answer)) (sub label 0))',
];

function parseError(text: string): GenomeParseError {
  try {
    parse(text, ps);
  } catch (e) {
    expect(e).toBeInstanceOf(GenomeParseError);
    return e as GenomeParseError;
  }
  throw new Error(`expected ${JSON.stringify(text)} not to parse`);
}

describe('primitive set', () => {
  it('has 24 primitives for C = 6, k = 4, with s_c and x_j after the fixed ones', () => {
    expect(ps.table.length).toBe(24);
    expect(ps.table.map((p) => p.op)).toEqual([...Array(24).keys()]);
    expect(ps.byName.get('s0')!.op).toBe(Op.Shortcut0);
    expect(ps.byName.get('s5')!.op).toBe(Op.Shortcut0 + 5);
    expect(ps.sensor0).toBe(Op.Shortcut0 + 6);
    expect(ps.byName.get('x3')!.op).toBe(ps.sensor0 + 3);
    expect(ps.byName.has('<const>')).toBe(false);
    expect(ps.byName.get('truth')!.tier).toBe('world');
    expect(['label', 'loss', 'training'].map((n) => ps.byName.get(n)!.tier)).toEqual(['self', 'self', 'self']);
  });
});

describe('parse / print', () => {
  it('parses a canonical genome to the expected prefix arrays', () => {
    const g = parse('(mul answer (ifpos (sub x0 1) -1 truth))', ps);
    expect(g.ops).toEqual([Op.Mul, Op.Answer, Op.IfPos, Op.Sub, ps.sensor0, Op.Const, Op.Const, Op.Truth]);
    expect(g.vals).toEqual([0, 0, 0, 0, 0, 1, -1, 0]);
  });

  it('round-trips canonical strings exactly', () => {
    for (const s of CANONICAL) expect(print(parse(s, ps), ps)).toBe(s);
  });

  it('normalises whitespace and literal spelling, then round-trips', () => {
    expect(print(parse('  ( mul\n\tanswer   truth )  ', ps), ps)).toBe('(mul answer truth)');
    expect(print(parse('(add +1.50 -0)', ps), ps)).toBe('(add 1.5 0)');
    expect(print(parse('1e6', ps), ps)).toBe('1000000');
    expect(parse('-0', ps).vals[0]).toBe(0);
    expect(Object.is(parse('-0', ps).vals[0], -0)).toBe(false);
  });

  it('round-trips 500 random genomes grown from the prior (T = 1 and T = ∞)', () => {
    const distinct = new Set<string>();
    let largest = 0;
    for (const T of [1, Infinity]) {
      const v = variationSpec(ps, SURCHARGE, T, { maxSize: 60, maxDepth: 8, initDepth: 6, mutationDepth: 3 });
      const rng = derive(7, 'genome-test', String(T));
      for (let i = 0; i < 250; i++) {
        const g = grow(rng, v, 6);
        const s = print(g, ps);
        const back = parse(s, ps);
        expect(back).toEqual(g);
        expect(print(back, ps)).toBe(s);
        distinct.add(s);
        largest = Math.max(largest, size(g));
      }
    }
    // The draws really are varied (grow is subcritical, so many are single terminals).
    expect(distinct.size).toBeGreaterThan(150);
    expect(largest).toBeGreaterThanOrEqual(15);
  });

  it('at most 10,000 nodes', () => {
    const balanced = (d: number): string => (d === 1 ? 'x0' : `(add ${balanced(d - 1)} ${balanced(d - 1)})`);
    expect(size(parse(balanced(13), ps))).toBe(2 ** 13 - 1);
    const e = parseError(balanced(14));
    expect(e.message).toMatch(/genome too long: more than 10000 nodes/);
    expect(e.position).toBeGreaterThan(0);
  });

  it('a sequence of 200 nested functions parses, 201 does not', () => {
    const nest = (n: number) => '(neg '.repeat(n) + 'answer' + ')'.repeat(n);
    const g = parse(nest(PARSE_MAX_DEPTH), ps);
    expect(size(g)).toBe(PARSE_MAX_DEPTH + 1);
    expect(depth(g, ps)).toBe(PARSE_MAX_DEPTH + 1);
    const e = parseError(nest(PARSE_MAX_DEPTH + 1));
    expect(e.message).toContain(`deeper than ${PARSE_MAX_DEPTH}`);
    expect(e.message).toContain("'(neg'");
    expect(e.position).toBe(5 * PARSE_MAX_DEPTH);
  });
});

describe('parse errors name the offending token', () => {
  const cases: [string, string, string, RegExp][] = [
    // [what, text, token, message]
    ['unbalanced: extra )', '(mul answer truth))', ')', /unexpected '\)' after a complete genome at position 18/],
    ['unbalanced: lone )', ')', ')', /unexpected '\)' at position 0/],
    ['unbalanced: missing )', '(mul answer truth', '', /expected '\)' to close '\(mul'.*at end of input/],
    ['unbalanced: missing argument at end', '(mul answer', '', /'\(mul' needs 1 more argument\(s\) at end of input/],
    ['unknown terminal', '(mul answer foo)', 'foo', /unknown terminal 'foo'.*at position 12/],
    ['unknown function', '(foo answer)', 'foo', /unknown function 'foo'.*at position 1/],
    ['terminal used as function', '(answer)', 'answer', /unknown function 'answer'/],
    ['function used as terminal', '(neg mul)', 'mul', /function 'mul' must be called as '\(mul \.\.\.\)'/],
    ['too many arguments', '(neg answer truth)', 'truth', /'\(neg' takes no more arguments: expected '\)' but found 'truth' at position 12/],
    ['too few arguments', '(mul answer)', ')', /'\(mul' needs 1 more argument\(s\) before '\)' at position 11/],
    ['too few arguments (ifpos)', '(ifpos x0 1)', ')', /'\(ifpos' needs 1 more argument\(s\)/],
    ['trailing tokens', 'answer truth', 'truth', /unexpected 'truth' after a complete genome at position 7/],
    ['trailing expression', '(neg answer) (neg truth)', '(', /unexpected '\(' after a complete genome at position 13/],
    ['literal too large', '1e9', '1e9', /literal '1e9': expected a literal with \|value\| ≤ 1000000/],
    ['literal too large in a tree', '(mul 1000001 answer)', '1000001', /literal '1000001'/],
    ['too many decimals', '0.1234567', '0.1234567', /literal '0.1234567': expected a literal with at most 6 decimals/],
    ['NaN', '(add NaN answer)', 'NaN', /unknown terminal 'NaN'/],
    ['Infinity', 'Infinity', 'Infinity', /unknown terminal 'Infinity'/],
    ['no function name', '((mul answer truth))', '(', /expected a function name after '\('/],
  ];
  for (const [what, text, token, message] of cases) {
    it(what, () => {
      const e = parseError(text);
      expect(e.token).toBe(token);
      expect(e.message).toMatch(message);
      if (token !== '') {
        expect(e.message).toContain(`'${token}'`);
        expect(text.slice(e.position, e.position + token.length)).toBe(token);
      } else {
        expect(e.position).toBe(text.length);
      }
    });
  }

  it('empty input', () => {
    for (const text of ['', '   \n\t ']) {
      const e = parseError(text);
      expect(e.message).toMatch(/^empty genome/);
      expect(e.token).toBe('');
    }
  });
});

describe('parseLiteral', () => {
  it('accepts bounded decimals and rejects the rest with a reason', () => {
    expect(parseLiteral('3')).toBe(3);
    expect(parseLiteral('-2.5')).toBe(-2.5);
    expect(parseLiteral('.5')).toBe(0.5);
    expect(parseLiteral(String(LITERAL_MAX_ABS))).toBe(LITERAL_MAX_ABS);
    expect(parseLiteral('0.000001')).toBe(0.000001);
    expect(parseLiteral('1000000.5')).toMatch(/\|value\|/);
    expect(parseLiteral('1e-7')).toMatch(/decimals/);
    expect(parseLiteral('abc')).toBe('not a number');
    expect(parseLiteral('1e999')).toMatch(/\|value\|/);
  });
});

describe('tree helpers', () => {
  const g = parse('(add (neg x0) (ifpos s1 2 truth))', ps);

  it('subtreeEnd, size and depth', () => {
    expect(size(g)).toBe(7);
    expect(subtreeEnd(g, 0, ps)).toBe(7);
    expect(subtreeEnd(g, 1, ps)).toBe(3);
    expect(subtreeEnd(g, 2, ps)).toBe(3);
    expect(subtreeEnd(g, 3, ps)).toBe(7);
    expect(subtreeEnd(g, 5, ps)).toBe(6);
    expect(depth(g, ps)).toBe(3);
    expect(depth(parse('answer', ps), ps)).toBe(1);
    expect(depth(parse('(mul (neg (neg answer)) truth)', ps), ps)).toBe(4);
  });

  it('splices without changing its input', () => {
    const copy: Genome = { ops: [...g.ops], vals: [...g.vals] };
    const sub = parse('(mul answer 3)', ps);
    expect(print(splice(g, 1, 3, sub), ps)).toBe('(add (mul answer 3) (ifpos s1 2 truth))');
    expect(print(splice(g, 5, 6, sub), ps)).toBe('(add (neg x0) (ifpos s1 (mul answer 3) truth))');
    expect(g).toEqual(copy);
  });
});
