import { Worker } from 'node:worker_threads';

/**
 * What this machine gives to 2 threads right now, as the ratio of total work done in
 * `threads` threads at once to the work of 1 thread in the same time, for two kinds of
 * code: a plain loop over a small typed array, and the tool's evaluator on sampled
 * genomes (evaluator-loop.ts). No shared data, no messages while they run. On an idle
 * 2-core machine both are ~2; shared cores, other tenants' load, or clock speed that
 * drops when both cores are busy make them lower, and no run can scale better.
 */
export async function threadCeiling(threads: number, ms = 2000): Promise<{ loop: number; evaluator: number }> {
  const ratio = async (code: string | URL, evalCode: boolean) => {
    const one = await busy(code, evalCode, 1, ms);
    return (await busy(code, evalCode, threads, ms)) / one;
  };
  return { loop: await ratio(LOOP, true), evaluator: await ratio(new URL('./evaluator-loop.js', import.meta.url), false) };
}

const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const a = new Float64Array(2048).map((_, i) => i * 0.37 - 300);
parentPort.postMessage('ready');
parentPort.once('message', () => {
  let units = 0, s = 0;
  const t = performance.now();
  while (performance.now() - t < workerData) {
    for (let r = 0; r < 100; r++) for (let e = 0; e < 2048; e++) s += a[e] > 0 ? a[e] * 1.0001 : -a[e];
    units++;
  }
  parentPort.postMessage(s > 0 ? units : units + 1);
});`;

/** Start `threads` workers, wait until all are ready (warm), then let them run `ms` at once; total units. */
async function busy(code: string | URL, evalCode: boolean, threads: number, ms: number): Promise<number> {
  const workers = Array.from({ length: threads }, () => new Worker(code, { eval: evalCode, workerData: ms }));
  try {
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      w.once('message', () => resolve());
      w.once('error', reject);
    })));
    const done = workers.map((w) => new Promise<number>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    }));
    for (const w of workers) w.postMessage('go');
    return (await Promise.all(done)).reduce((a, b) => a + b, 0);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
