import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ThreadTime {
  /** Sampled time of the thread (ms), idle included. */
  totalMs: number;
  /** Time with an evaluation frame on the stack (V8 reports inlined callees as their caller, so assess.js counts too). */
  evaluationMs: number;
  /** Time waiting for a task (task-board.ts `claim`, in Atomics.wait; piscina's atomicsWaitLoop before the board): no island epoch ready, an island waiting for its ring neighbour. */
  waitingMs: number;
  /** Garbage collection (V8 reports it apart from the frames that allocated). */
  gcMs: number;
  /** The rest of the time outside evaluation, by part of the loop (LoopPart). */
  loopMs: Record<LoopPart, number>;
  /** True for a piscina worker thread (it ran island tasks). */
  worker: boolean;
  /** The same sampled and evaluation time after the thread's first START_UP_MS (modules, world, V8 compiling the hot code). */
  afterStartUp: { totalMs: number; evaluationMs: number; memoMs: number };
}

/** How long a worker's start-up weighs (ms from its first sample): 30–60% of each of its first two seconds is outside evaluation, ~22% of each second after (default config). */
export const START_UP_MS = 2000;

/**
 * The evaluator's modules: a genome's training reward and behaviour (by horizon), its
 * description length and fitness. V8's profile reports a function inlined into another as
 * that caller, so evaluation inlined into the loop (assessFitness into assessMember) counts as
 * the loop: the share outside evaluation errs high, never low.
 */
const EVALUATION = ['assess', 'evaluate', 'compile', 'run-program', 'count-eval', 'frame', 'behaviour', 'horizon', 'description-length'].map((f) => `/core/${f}.js`);

/**
 * Parts of the time outside evaluation, other than waiting and garbage collection. The
 * memo is the evaluator's cache across genomes (hashing an offspring, looking it up,
 * storing a miss, handing it to the evaluator); adding the offspring to the next
 * population is not part of it. The class memo of budget-mark snapshots counts as
 * statistics, with its caller.
 */
export const LOOP_PARTS = ['memo', 'adding offspring', 'variation', 'selection', 'statistics, hall of fame, output', 'taking in members', 'loop, other', 'messages, start-up'] as const;
export type LoopPart = (typeof LOOP_PARTS)[number];

/**
 * The part of the loop a stack (its frames from the sampled function outwards) belongs to:
 * the nearest frame of ours that names one (random draws and genome helpers count for
 * their caller); none under runEpoch is piscina's messages, module loading and the
 * worker's start-up.
 */
export function loopPart(frames: { functionName: string; url: string }[]): LoopPart {
  if (!frames.some((f) => f.functionName === 'runEpoch')) return 'messages, start-up';
  const ours = frames.filter((f) => f.url.includes('/dist/src/') && !f.url.includes('/node_modules/'));
  const fileOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);
  // The fitness memo's tables are genome stores too: anything under them is the memo's, as
  // is assessing members (looking each up, storing a miss, handing it to the evaluator):
  // assessFrom too, into which V8 may inline assessMember and what it calls (the profile
  // then names assessFrom alone: its own time, and loadMember's copy under it).
  if (ours.some((f) => fileOf(f.url) === 'fitness-memo.js' || f.functionName === 'assessMember' || f.functionName === 'assessFrom')) return 'memo';
  // Frames walked from the sampled function outwards: a store's append counts for whoever
  // called it (the offspring's for the loops that make members; elites, members taken in and
  // the hall of fame's for theirs).
  let appending = false;
  let elite = false;
  for (const { functionName: fn, url } of ours) {
    const file = fileOf(url);
    // Genome helpers shared by every store, and the class memo (memo.js) and the text memo (genome-memo.js), count for their caller.
    if ((file === 'genome-buffer.js' && ['copyNodes', 'sameAt', 'genomeAt'].includes(fn)) || file === 'memo.js' || file === 'genome-memo.js') continue;
    if (['genome-store.js', 'genome-table.js', 'population.js'].includes(file) && ['add', 'addFrom', 'addMember', 'appendGenome'].includes(fn)) {
      appending = true;
      elite ||= fn === 'addMember';
      continue;
    }
    if (fn === 'hashAt') return 'memo';
    if (appending && !elite && ['nextGeneration', 'initialPopulation', 'reevaluate'].includes(fn)) return 'adding offspring';
    if (fn === 'incoming') return 'taking in members';
    if (file === 'variation.js' || file === 'genome-buffer.js' || fn === 'offspring') return 'variation';
    if (file === 'selection.js' || file === 'fitness.js' || (file === 'population.js' && ['compare', 'same'].includes(fn))) return 'selection';
    if (file === 'hall-of-fame.js' || ['record', 'generationStats', 'distinct', 'snapshot', 'output'].includes(fn) || (file === 'population.js' && ['member', 'expr'].includes(fn))) return 'statistics, hall of fame, output';
  }
  return 'loop, other';
}

/** Time per thread from the .cpuprofile files that `node --cpu-prof` wrote into `dir`. */
export function threadTimes(dir: string): ThreadTime[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => threadTime(unbundled(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile)));
}

/**
 * The profile with each function of a bundled file (the pool's worker.bundle.js) given the
 * URL of the module it came from, so that parts are told by file as in unbundled code:
 * esbuild starts each module's code with a `// dist/src/…` comment line, and the profiler
 * gives each function's line.
 */
export function unbundled<P extends CpuProfile>(p: P): P {
  const modules = new Map<string, { line: number; path: string }[]>();
  for (const n of p.nodes) {
    const url = n.callFrame.url;
    if (!url.endsWith('.bundle.js')) continue;
    let starts = modules.get(url);
    if (starts === undefined) {
      starts = [];
      readFileSync(fileURLToPath(url), 'utf8').split('\n').forEach((text, line) => {
        const m = /^\/\/ (\S+\.js)$/.exec(text);
        if (m) starts!.push({ line, path: m[1] });
      });
      modules.set(url, starts);
    }
    let at = -1;
    while (at + 1 < starts.length && starts[at + 1].line <= n.callFrame.lineNumber) at++;
    if (at >= 0) n.callFrame.url = `${url.slice(0, url.lastIndexOf('/dist/'))}/${starts[at].path}`;
  }
  return p;
}

/** A profile's nodes by id, each node's parent, and whether a node's stack is inside evaluation (memoised). */
function stacks(p: CpuProfile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Whether a node's stack (itself or an ancestor) is inside evaluation, memoised per node.
  const inEval = new Map<number, boolean>();
  const evaluating = (id: number): boolean => {
    const known = inEval.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id)!;
    const up = parent.get(id);
    const v = EVALUATION.some((u) => n.callFrame.url.endsWith(u)) || (up !== undefined && evaluating(up));
    inEval.set(id, v);
    return v;
  };
  return { byId, parent, evaluating };
}

/** A sampled frame that is a thread waiting for its next task: the task board's claim (task-board.ts), or piscina's own wait. */
function waiting(f: { functionName: string; url: string }): boolean {
  return (f.functionName === 'claim' && f.url.endsWith('/task-board.js')) || f.functionName === 'atomicsWaitLoop';
}

/** True for a piscina worker thread's profile (it ran island tasks). */
function isWorker(p: CpuProfile): boolean {
  return p.nodes.some((n) => n.callFrame.functionName === 'runIslandTask');
}

export function threadTime(p: CpuProfile): ThreadTime {
  const { byId, parent, evaluating } = stacks(p);
  let totalUs = 0;
  let evalUs = 0;
  let waitUs = 0;
  let gcUs = 0;
  let lateUs = 0;
  let lateEvalUs = 0;
  let lateMemoUs = 0;
  const loopMs = Object.fromEntries(LOOP_PARTS.map((k) => [k, 0])) as Record<LoopPart, number>;
  // The part of the loop a sample's stack belongs to, memoised per node like `evaluating`.
  const partOf = new Map<number, LoopPart>();
  const part = (id: number): LoopPart => {
    let known = partOf.get(id);
    if (known === undefined) {
      const frames = [];
      for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) frames.push(byId.get(up)!.callFrame);
      partOf.set(id, (known = loopPart(frames)));
    }
    return known;
  };
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    totalUs += dt;
    const late = totalUs > START_UP_MS * 1000;
    if (late) lateUs += dt;
    const frame = byId.get(p.samples[i])!.callFrame;
    if (evaluating(p.samples[i])) {
      evalUs += dt;
      if (late) lateEvalUs += dt;
    }
    else if (waiting(frame)) waitUs += dt;
    else if (frame.functionName === '(garbage collector)') gcUs += dt;
    else {
      const k = part(p.samples[i]);
      loopMs[k] += dt / 1000;
      if (late && k === 'memo') lateMemoUs += dt;
    }
  }
  const worker = isWorker(p);
  return { totalMs: totalUs / 1000, evaluationMs: evalUs / 1000, waitingMs: waitUs / 1000, gcMs: gcUs / 1000, loopMs, worker, afterStartUp: { totalMs: lateUs / 1000, evaluationMs: lateEvalUs / 1000, memoMs: lateMemoUs / 1000 } };
}

/** Where the workers' time outside evaluation went: by function, and by second of each worker's life. */
export interface OutsideDetail {
  /** Sampled ms outside evaluation by "function file ← caller", summed over the workers, largest first. */
  byFunction: [string, number][];
  /** Per second since each worker's first sample, summed over the workers: [ms outside evaluation, ms sampled]. */
  bySecond: [number, number][];
}

/** The workers' time outside evaluation in the .cpuprofile files of `dir`, by function (self time) and by second. */
export function outsideDetail(dir: string): OutsideDetail {
  const byFunction = new Map<string, number>();
  const bySecond: [number, number][] = [];
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
    const p = unbundled(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile);
    if (!isWorker(p)) continue;
    const { byId, parent, evaluating } = stacks(p);
    let us = 0;
    for (let i = 0; i < p.samples.length; i++) {
      const dt = p.timeDeltas[i] ?? 0;
      us += dt;
      const second = (bySecond[Math.floor(us / 1e6)] ??= [0, 0]);
      second[1] += dt / 1000;
      if (evaluating(p.samples[i])) continue;
      second[0] += dt / 1000;
      const { functionName, url } = byId.get(p.samples[i])!.callFrame;
      const up = parent.get(p.samples[i]);
      const caller = up === undefined ? '' : byId.get(up)!.callFrame.functionName;
      const key = `${functionName || '(anonymous)'} ${url.slice(url.lastIndexOf('/') + 1)} ← ${caller || '(root)'}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + dt / 1000);
    }
  }
  return { byFunction: [...byFunction].sort((a, b) => b[1] - a[1]), bySecond: Array.from(bySecond, (s) => s ?? [0, 0]) };
}
