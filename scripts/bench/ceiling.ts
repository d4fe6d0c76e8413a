import { Worker } from 'node:worker_threads';

/**
 * What this machine gives to 2 threads right now: a loop over a small typed array (no
 * shared data, no messages) run for `ms` in 1 thread, then in `threads` threads at once;
 * returns the ratio of total work done. On an idle 2-core machine it is ~2; shared
 * cores, SMT siblings or other tenants' load make it lower, and no run can scale better.
 */
export async function threadCeiling(threads: number, ms = 2000): Promise<number> {
  const one = await busy(1, ms);
  const many = await busy(threads, ms);
  return many / one;
}

const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const a = new Float64Array(2048).map((_, i) => i * 0.37 - 300);
let units = 0, s = 0;
const t = performance.now();
while (performance.now() - t < workerData) {
  for (let r = 0; r < 100; r++) for (let e = 0; e < 2048; e++) s += a[e] > 0 ? a[e] * 1.0001 : -a[e];
  units++;
}
parentPort.postMessage(s > 0 ? units : units + 1);`;

async function busy(threads: number, ms: number): Promise<number> {
  const done = Array.from({ length: threads }, () => new Promise<number>((resolve, reject) => {
    const w = new Worker(LOOP, { eval: true, workerData: ms });
    w.once('message', (units: number) => {
      resolve(units);
      void w.terminate();
    });
    w.once('error', reject);
  }));
  return (await Promise.all(done)).reduce((a, b) => a + b, 0);
}
