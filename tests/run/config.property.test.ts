import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { configSchema } from '../../src/run/config.js';
import { UserError } from '../../src/run/errors.js';
import { validateConfig } from '../../src/run/load-config.js';

/** Hostile configs: validation returns a config or throws one UserError line naming a field; nothing else. */
function check(raw: unknown): void {
  try {
    validateConfig(raw, 'cfg');
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    const msg = (e as Error).message;
    expect(msg).toMatch(/^cfg: (unknown field '|field ')/);
    expect(msg).not.toMatch(/\n/);
  }
}

const DEFAULTS = configSchema.parse({});
const leaves = (o: object, path: string[] = []): string[][] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && !Array.isArray(v) ? [[...path, k], ...leaves(v, [...path, k])] : [[...path, k]]));
const PATHS = leaves(DEFAULTS);
const hostileValue = fc.oneof(fc.jsonValue(), fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2 ** 53 + 1, '', 'inf', null, [], {}), fc.double(), fc.integer());

function setPath(obj: Record<string, unknown>, path: string[], value: unknown) {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
}

describe('config validation under hostile input', () => {
  it('arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), check), { numRuns: 1000 });
  });

  it('valid configs with one to three fields set to hostile values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS), hostileValue), { minLength: 1, maxLength: 3 }), (edits) => {
        const raw = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
        // Cloned: fast-check reuses its constant {} and [], and setting a field inside one that is also a value would make a cycle no JSON file can hold.
        for (const [path, value] of edits) setPath(raw, path, structuredClone(value));
        check(raw);
      }),
      { numRuns: 1000 },
    );
  });

  it('unknown keys at any depth are named', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PATHS.filter((p) => p.length < 3)), fc.string({ minLength: 1, maxLength: 12 }), (path, key) => {
        const raw = structuredClone(DEFAULTS) as unknown as Record<string, unknown>;
        const parent = path.slice(0, -1);
        let o = raw;
        for (const p of parent) o = o[p] as Record<string, unknown>;
        if (key in o || key === '__proto__') return;
        o[key] = 1;
        expect(() => validateConfig(raw, 'cfg')).toThrow(/unknown field|field '/);
      }),
      { numRuns: 1000 },
    );
  });
});
