import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
let cpu: ReturnType<typeof threadCpu> = null;
const out = join(mkdtempSync(join(tmpdir(), 'mesa-evo-bench-')), 'run');
const result = await runEvolution(config, out, {
  workers: Number(workersArg),
  onProgress: (p) => {
    // The pool's threads are gone once the run returns: read their CPU time at the last epoch's
    // report (every epoch's reading took ~50 ms of the main thread per run, taken from the workers).
    if (p.generation >= p.finalGeneration) cpu = threadCpu(Number(workersArg));
    for (const g of rssAt) {
      if (rss[g] === undefined && p.generation >= g) {
        (globalThis as { gc?: () => void }).gc?.();
        rss[g] = process.memoryUsage().rss;
      }
    }
  },
});
process.stdout.write(JSON.stringify({ elapsedMs: result.elapsedMs, evaluations: result.summary.budget.evaluations, rss, out, cpu }) + '\n');

/**
 * CPU seconds of this process's threads (Linux /proc; null elsewhere): the main thread,
 * the `workers` busiest other threads (the pool's workers), and the rest (V8's compiler
 * and garbage-collector helpers, libuv). Node names none of them, hence "busiest".
 */
function threadCpu(workers: number): { main: number; workers: number; other: number } | null {
  try {
    const ticks = 100; // USER_HZ on Linux
    const cpu = readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return { main: Number(tid) === process.pid, seconds: (Number(fields[11]) + Number(fields[12])) / ticks };
    });
    const others = cpu.filter((t) => !t.main).map((t) => t.seconds).sort((a, b) => b - a);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    return { main: sum(cpu.filter((t) => t.main).map((t) => t.seconds)), workers: sum(others.slice(0, workers)), other: sum(others.slice(workers)) };
  } catch {
    return null;
  }
}
