import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Packages a module's value imports reach, following relative imports (`import type` is erased by tsc). */
function packagesReached(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // Static imports and re-exports at the start of a line, and dynamic import(): none other occur in src/.
    for (const m of source.matchAll(/^(?:import|export)\s+(?!type\b)(?:[^'"`;]*?\sfrom\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) visit(join(dirname(file), spec.replace(/\.js$/, '.ts')));
      else packages.add(spec.startsWith('node:') ? 'node' : spec.split('/')[0]);
    }
  };
  visit(join(ROOT, entry));
  return packages;
}

describe('worker threads load only what they use', () => {
  it('the worker imports no zod (specs.ts derives from a config validated on the main thread)', () => {
    const worker = packagesReached('src/run/worker.ts');
    expect([...worker].sort()).toEqual(['piscina', 'seedrandom']);
  });

  it('the walk sees zod where it is imported', () => {
    expect(packagesReached('src/run/load-config.ts').has('zod')).toBe(true);
  });
});
