import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ThreadTime {
  /** Sampled time of the thread (ms), idle included. */
  totalMs: number;
  /** Time with an evaluation frame on the stack (V8 reports inlined callees as their caller, so assess.js counts too). */
  evaluationMs: number;
  /** Time waiting for a task (piscina's atomicsWaitLoop): the epoch barrier, the main thread. */
  waitingMs: number;
  /** Garbage collection (V8 reports it apart from the frames that allocated). */
  gcMs: number;
  /** True for a piscina worker thread (it ran island tasks). */
  worker: boolean;
}

const EVALUATION = ['assess', 'evaluate', 'compile', 'run-program', 'count-eval', 'frame', 'behaviour'].map((f) => `/core/${f}.js`);

/** Time per thread from the .cpuprofile files that `node --cpu-prof` wrote into `dir`. */
export function threadTimes(dir: string): ThreadTime[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => threadTime(JSON.parse(readFileSync(join(dir, f), 'utf8')) as CpuProfile));
}

function threadTime(p: CpuProfile): ThreadTime {
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
  let totalUs = 0;
  let evalUs = 0;
  let waitUs = 0;
  let gcUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    totalUs += dt;
    const name = byId.get(p.samples[i])!.callFrame.functionName;
    if (evaluating(p.samples[i])) evalUs += dt;
    else if (name === 'atomicsWaitLoop') waitUs += dt;
    else if (name === '(garbage collector)') gcUs += dt;
  }
  const worker = p.nodes.some((n) => n.callFrame.functionName === 'runIslandTask');
  return { totalMs: totalUs / 1000, evaluationMs: evalUs / 1000, waitingMs: waitUs / 1000, gcMs: gcUs / 1000, worker };
}
