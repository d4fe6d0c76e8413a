import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { assess, buildProblem, type Assessment, type Problem } from '../core/assess.js';
import { parse } from '../core/genome.js';
import { evaluationsAt } from '../search/budget.js';
import { finalGeneration, search, type EpochEvent } from '../search/search.js';
import { problemSpec, searchSpec, type Config } from './config.js';
import { UserError } from './errors.js';
import { openRunLog } from './log.js';
import { inProcessRunner, poolRunner } from './pool.js';
import { buildSummary, shares, type Summary } from './summary.js';

export interface RunOptions {
  config: Config;
  out: string;
  /** Worker threads; 0 runs every island in this thread. */
  workers: number;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  generation: number;
  finalGeneration: number;
  evaluations: number;
  totalEvaluations: number;
  best: Assessment;
  elapsedMs: number;
}

export interface RunResult {
  dir: string;
  summary: Summary;
  elapsedMs: number;
}

/** Refuse an output directory that already holds a run: existing run data is never touched. */
export function prepareRunDir(out: string): void {
  if (existsSync(join(out, 'config.json')) || existsSync(join(out, 'summary.json')) || existsSync(join(out, 'log.ndjson'))) {
    throw new UserError(`--out '${out}': a run already exists there; expected a new directory`);
  }
  mkdirSync(out, { recursive: true });
}

/** Run one evolution: config.json, log.ndjson and summary.json in `out`. */
export async function runEvolution(opts: RunOptions): Promise<RunResult> {
  const { config, out } = opts;
  prepareRunDir(out);
  writeFileSync(join(out, 'config.json'), JSON.stringify(config, null, 2) + '\n');
  const log = openRunLog(join(out, 'log.ndjson'));
  const spec = searchSpec(config);
  const problem: Problem = buildProblem(problemSpec(config));
  const last = finalGeneration(spec);
  const t0 = performance.now();
  log.info(
    { event: 'run-start', seed: config.seed, workers: opts.workers, finalGeneration: last, evaluations: evaluationsAt(spec, last), machine: { cpus: os.availableParallelism(), node: process.version, platform: `${os.platform()}-${os.arch()}` } },
    'run started',
  );
  const runner = opts.workers > 0 ? poolRunner(config, opts.workers) : inProcessRunner(config);
  const bestMemo = new Map<string, Assessment>();
  const onEpoch = (e: EpochEvent) => {
    for (const s of e.stats) log.info({ event: 'generation', island: s.island, generation: s.generation, best: s.best, meanFitness: s.meanFitness, meanSize: s.meanSize, distinct: s.distinct });
    for (const f of e.newFame) log.info({ event: 'hall-of-fame', ...describe(problem, bestMemo, f.expr), generation: f.generation });
    for (const m of e.newMarks) log.info({ event: 'budget', k: m.k, generation: m.generation, evaluations: m.evaluations, classShares: shares(m.classCounts), best: m.best.expr, bestClass: describe(problem, bestMemo, m.best.expr).class });
    if (e.state.generation < e.finalGeneration) log.info({ event: 'migration', generation: e.state.generation, size: spec.migrationSize });
    opts.onProgress?.({
      generation: e.state.generation,
      finalGeneration: e.finalGeneration,
      evaluations: evaluationsAt(spec, e.state.generation),
      totalEvaluations: evaluationsAt(spec, e.finalGeneration),
      best: describe(problem, bestMemo, e.state.hallOfFame[0].expr),
      elapsedMs: performance.now() - t0,
    });
  };
  let state;
  try {
    state = await search(spec, runner.runEpochs, { onEpoch });
  } finally {
    await runner.close();
  }
  const summary = buildSummary(config, spec, problem, state, last);
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  const elapsedMs = performance.now() - t0;
  log.info({ event: 'run-end', generation: state.generation, evaluations: summary.budget.evaluations, elapsedMs, evaluationsPerSecond: summary.budget.evaluations / (elapsedMs / 1000) }, 'run finished');
  log.flush();
  return { dir: out, summary, elapsedMs };
}

function describe(problem: Problem, memo: Map<string, Assessment>, expr: string): Assessment {
  let a = memo.get(expr);
  if (!a) {
    a = assess(problem, parse(expr, problem.ps));
    if (memo.size > 2_000) memo.clear(); // bounded: memory stays flat on long runs
    memo.set(expr, a);
  }
  return a;
}
