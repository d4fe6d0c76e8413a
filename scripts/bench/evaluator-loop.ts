import { parentPort, workerData } from 'node:worker_threads';
import { Evaluator } from '../../src/core/evaluate.js';
import { benchConfig, benchProblem, sampleGenomes } from './workload.js';

/**
 * Worker of the bench's evaluator ceiling (ceiling.ts): evaluates the same 300 sampled
 * genomes on 2,000 episodes, a fresh evaluator per pass (compiling included, as in a
 * run), for `workerData` ms after a warm-up; posts the number of genomes evaluated.
 * No messages or shared data while it runs: what 2 of these get over 1 is what the
 * machine gives this code.
 */
const p = benchProblem(2000);
const genomes = sampleGenomes(p, benchConfig(2000), 300, 'ceiling');
const pass = () => {
  const ev = new Evaluator(p.ps, p.world.train, false);
  let s = 0;
  for (const g of genomes) s += ev.reward(g);
  return s;
};
for (let i = 0; i < 5; i++) pass();
parentPort!.postMessage('ready');
parentPort!.once('message', () => {
  let units = 0;
  let sum = 0;
  const t = performance.now();
  while (performance.now() - t < (workerData as number)) {
    sum += pass();
    units += genomes.length;
  }
  parentPort!.postMessage(Number.isFinite(sum) ? units : units + 1);
});
