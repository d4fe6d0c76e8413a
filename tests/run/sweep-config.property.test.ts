import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/run/errors.js';
import { cellConfig, cells, normaliseSweep } from '../../src/run/sweep-config.js';

/** Hostile sweep files: validation returns a sweep whose every cell validates, or throws one UserError; nothing else. */
const CONFIGS = fileURLToPath(new URL('../../configs', import.meta.url));

function check(raw: unknown): void {
  try {
    const sweep = normaliseSweep(raw, 'sw', 'name', CONFIGS);
    for (const cell of cells(sweep).slice(0, 50)) cellConfig(sweep, cell, sweep.seeds[0], 'cell');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    expect((e as Error).message).toMatch(/^(sw|cell)/);
    expect((e as Error).message).not.toMatch(/\n/);
  }
}

const KEYS = ['lambda', 'labeller.tau', 'labeller.biasSensor', 'labeller.eps', 'train.contexts', 'surcharge.self', 'search.budget', 'search.temperature', 'nope', 'search.popsize', '', '.', 'a..b', '__proto__', 'constructor'];
const value = fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom(NaN, Infinity, -1, 0, 1e308, 'inf', null, 0.01, 3));
const axis = fc.oneof(
  fc.record({ key: fc.constantFrom(...KEYS), values: fc.array(value, { maxLength: 4 }) }, { requiredKeys: [] }),
  fc.record({ name: fc.string({ maxLength: 8 }), levels: fc.array(fc.record({ label: fc.string({ maxLength: 6 }), set: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 2 }) }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 2 }),
);
const sweep = fc.record(
  {
    version: fc.constantFrom(1, 2, '1'),
    base: fc.oneof(fc.constantFrom('default.json', 'claim-b-diverse.json', 'missing.json', '../package.json', '/dev/null', ''), fc.jsonValue({ maxDepth: 2 })),
    set: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3 }),
    seeds: fc.oneof(fc.integer({ min: -2, max: 5 }), fc.array(fc.integer({ min: -1, max: 9 }), { maxLength: 4 }), fc.constant(1.5)),
    axes: fc.array(axis, { maxLength: 4 }),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

describe('sweep files under hostile input', () => {
  it('arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 1000 });
  });

  it('sweep-shaped objects with hostile keys, values, seeds and axes', () => {
    fc.assert(fc.property(sweep, check), { numRuns: 1000 });
  });
});
