import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEvolution } from '../../src/run/run.js';
import { benchConfig } from './workload.js';

/**
 * Child process of the bench: one whole run of the default config (2,000 training
 * episodes) with `--set` overrides, in a process of its own so that its memory and CPU
 * profile are its own. Prints one JSON line: wall time, genome evaluations, and the
 * resident memory when the run passed each of the `--rss-at` generations.
 *
 *   node dist/scripts/bench/run-probe.js WORKERS [--rss-at G ...] [key=value ...]
 */
const [workersArg, ...rest] = process.argv.slice(2);
const rssAt: number[] = [];
const sets: string[] = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--rss-at') rssAt.push(Number(rest[++i]));
  else sets.push(rest[i]);
}
const config = benchConfig(2000, sets);
const rss: Record<number, number> = {};
const out = join(mkdtempSync(join(tmpdir(), 'mesa-evo-bench-')), 'run');
const result = await runEvolution(config, out, {
  workers: Number(workersArg),
  onProgress: (p) => {
    for (const g of rssAt) {
      if (rss[g] === undefined && p.generation >= g) {
        (globalThis as { gc?: () => void }).gc?.();
        rss[g] = process.memoryUsage().rss;
      }
    }
  },
});
process.stdout.write(JSON.stringify({ elapsedMs: result.elapsedMs, evaluations: result.summary.budget.evaluations, rss, out }) + '\n');
