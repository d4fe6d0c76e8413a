import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../src/run/config.js';
import { validateConfig } from '../../src/run/load-config.js';
import { runEvolution } from '../../src/run/run.js';

/** A real seeded evolution, in this thread, into a fresh temporary run directory. */
export async function evolve(input: ConfigInput) {
  const config = validateConfig(input, 'test config');
  const out = join(mkdtempSync(join(tmpdir(), 'mesa-evo-test-')), 'run');
  return runEvolution(config, out, { workers: 0 });
}
