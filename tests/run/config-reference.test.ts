import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configReference, REFERENCE_BEGIN, REFERENCE_END } from '../../src/run/config-reference.js';
import { configSchema } from '../../src/run/config.js';

describe('README config reference', () => {
  it('is the one generated from the zod schema (run `npm run docs` after changing the schema)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const a = readme.indexOf(REFERENCE_BEGIN) + REFERENCE_BEGIN.length;
    const b = readme.indexOf(REFERENCE_END);
    expect(readme.slice(a, b).trim()).toBe(configReference().trim());
  });

  it('lists every default the schema fills in', () => {
    const reference = configReference();
    const defaults = configSchema.parse({});
    const leaves = (o: object, path: string): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' && k !== 'mutation' && k !== 'contexts' ? leaves(v, `${path}${k}.`) : [`${path}${k}`]));
    for (const key of leaves(defaults, '')) expect(reference).toContain(`| \`${key}\` |`);
  });
});
