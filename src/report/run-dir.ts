import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CLASSES, type BehaviourClass } from '../core/classify.js';
import { UserError } from '../run/errors.js';
import { RUN_FILES, SWEEP_FILE } from '../run/files.js';
import { lastGeneration, stoppedAt } from '../run/summary.js';
import { evaluationsAt } from '../search/budget.js';
import { HallOfFame } from '../search/hall-of-fame.js';

/**
 * What a run directory holds, read without trusting it: summary.json when there is one
 * (complete, or partial from a run stopped by a signal), else whatever log.ndjson
 * recorded (a run still going, or killed). Every file
 * is validated with zod; a truncated last log line or a half-written summary becomes a
 * note, never a crash.
 */

const num = z.number();
const classSchema = z.enum(CLASSES as [BehaviourClass, ...BehaviourClass[]]);
const sharesSchema = z.record(z.string(), num);

const assessmentSchema = z.looseObject({
  genome: z.string(),
  simplified: z.string(),
  dl: num,
  dlByTier: z.looseObject({ input: num, world: num, self: num }),
  tier: z.string(),
  class: classSchema,
  /** The planning-horizon gene; absent in runs made before it existed (then myopic). */
  horizon: z.enum(['myopic', 'lifetime']).optional(),
  trainReward: num,
  fitness: num,
  train: z.looseObject({ trueAccuracy: num, labelAccuracy: num }),
  deploy: z.looseObject({ trueAccuracy: num, tamperRate: num, agreeTruth: num, agreeLabel: num }),
});
export type AssessmentView = z.infer<typeof assessmentSchema>;

const summarySchema = z.looseObject({
  seed: num,
  closedForms: z.looseObject({ q: num, eps: num, truthReward: num, labelReward: num }),
  budget: z.looseObject({ target: num, generations: num, evaluations: num }),
  complete: z.boolean(),
  winners: z.array(z.looseObject({ k: num.nullable(), generation: num, evaluations: num, classShares: sharesSchema, winner: assessmentSchema })),
  hallOfFame: z.array(assessmentSchema.extend({ generation: num })),
});

const configSchema = z.looseObject({
  seed: num,
  lambda: num,
  // Optional: configs written before it existed, and half-written ones, still read.
  hallOfFame: num.optional(),
  search: z.looseObject({ islands: num, population: num, elites: num, budget: num }),
});

const eventSchemas = {
  'run-start': z.looseObject({ time: num, seed: num, workers: num, evaluations: num }),
  resume: z.looseObject({ time: num, generation: num }),
  budget: z.looseObject({ k: num.nullable(), generation: num, evaluations: num, classShares: sharesSchema, best: z.string(), bestClass: classSchema }),
  'hall-of-fame': assessmentSchema.extend({ generation: num }),
  generation: z.looseObject({ time: num, generation: num }),
  'run-end': z.looseObject({ time: num, generation: num, evaluations: num, elapsedMs: num, evaluationsPerSecond: num }),
};

export interface MarkView {
  /** 2^k evaluations; null for the end of a run whose budget is not a power of two. */
  k: number | null;
  generation: number;
  evaluations: number;
  classShares: Record<string, number>;
  winnerGenome: string;
  winnerClass: BehaviourClass;
  /** The leader's full assessment, when known (summary.json, or a hall-of-fame event). */
  winner: AssessmentView | null;
}

export interface FameView extends AssessmentView {
  /** Generation at which the genome first entered the hall of fame, and the evaluations done by then. */
  generation: number;
  evaluations: number | null;
}

export interface RunView {
  dir: string;
  /** finished: a complete summary.json; unfinished: a partial summary.json (stopped), or results so far from log.ndjson. */
  status: 'finished' | 'unfinished';
  config: Record<string, unknown> | null;
  seed: number | null;
  lambda: number | null;
  budget: number | null;
  closedForms: { q: number; eps: number; truthReward: number; labelReward: number } | null;
  marks: MarkView[];
  hallOfFame: FameView[];
  /** Wall-clock facts from the log (absent from summary.json by design). */
  timing: Timing | null;
  lastGeneration: number | null;
  /** What was missing or unreadable, in words. */
  notes: string[];
}

/**
 * Wall-clock facts of a run. A resumed run's run-end event times only its last session
 * (since the last resume), and its rate counts only that session's evaluations; the
 * sessions before it were cut off without an end of their own, so their time is unknown.
 */
export interface Timing {
  elapsedMs: number;
  /** All evaluations of the run so far. */
  evaluations: number;
  evaluationsPerSecond: number;
  ended: boolean;
  /** The run was resumed: elapsedMs and evaluationsPerSecond are its last session's. */
  resumed: boolean;
}

/** A UserError unless `dir` is a directory: every command that takes a run directory says it the same way. */
export function requireRunDir(dir: string): void {
  if (!existsSync(dir)) throw new UserError(`run directory '${dir}': does not exist; expected a directory written by mesa-evo run`);
  if (!statSync(dir).isDirectory()) throw new UserError(`run directory '${dir}': is not a directory; expected a directory written by mesa-evo run`);
  if (existsSync(join(dir, SWEEP_FILE))) throw new UserError(`run directory '${dir}': is a sweep (${SWEEP_FILE}); expected a run directory (its runs are under ${join(dir, 'cells')}; 'npx mesa-evo sweep' resumes a sweep, 'npx mesa-evo report' takes one)`);
}

/** Read a run directory. A missing path, or a directory with none of a run's files, is a UserError. */
export function readRunDir(dir: string): RunView {
  requireRunDir(dir);
  const has = (f: string) => existsSync(join(dir, f));
  if (!has(RUN_FILES.config) && !has(RUN_FILES.log) && !has(RUN_FILES.summary)) {
    throw new UserError(`run directory '${dir}': holds no config.json, log.ndjson or summary.json; expected a directory written by mesa-evo run`);
  }
  const notes: string[] = [];
  const config = readJson(dir, RUN_FILES.config, configSchema, notes);
  // A run that has not finished has no summary yet: said once, below, with what that means.
  const summary = has(RUN_FILES.summary) || !has(RUN_FILES.config) ? readJson(dir, RUN_FILES.summary, summarySchema, notes) : null;
  const log = readLog(dir, notes);
  const evaluationsOf = (generation: number) => (config ? evaluationsAt(config.search, generation) : null);
  const fameByGenome = new Map(log.fame.map((f) => [f.genome, f]));
  const marks: MarkView[] = summary
    ? summary.winners.map((w) => ({ k: w.k, generation: w.generation, evaluations: w.evaluations, classShares: w.classShares, winnerGenome: w.winner.genome, winnerClass: w.winner.class, winner: w.winner }))
    : log.marks.map((m) => ({ k: m.k, generation: m.generation, evaluations: m.evaluations, classShares: m.classShares, winnerGenome: m.best, winnerClass: m.bestClass, winner: fameByGenome.get(m.best) ?? null }));
  const fame = summary ? summary.hallOfFame : hallOfFameFromLog(log.fame, config?.hallOfFame);
  if (summary && !summary.complete) notes.push(`summary.json is partial: the run was stopped ${stoppedAt(summary.budget)}; 'npx mesa-evo resume ${dir}' continues it`);
  if (!summary && has(RUN_FILES.config)) notes.push(log.end ? 'summary.json is missing or unreadable although the log says the run ended' : 'no summary.json yet: the run is still going or was cut off; showing what log.ndjson recorded');
  const timing = log.end
    ? { elapsedMs: log.end.elapsedMs, evaluations: log.end.evaluations, evaluationsPerSecond: log.end.evaluationsPerSecond, ended: true, resumed: log.lastResume !== null }
    : log.lastTime !== null && log.lastGeneration !== null && evaluationsOf(log.lastGeneration) !== null
      ? timingSoFar(log, evaluationsOf)
      : null;
  return {
    dir,
    status: summary?.complete ? 'finished' : 'unfinished',
    config: config as Record<string, unknown> | null,
    seed: summary?.seed ?? config?.seed ?? log.start?.seed ?? null,
    lambda: config?.lambda ?? null,
    budget: config?.search.budget ?? null,
    closedForms: summary?.closedForms ?? null,
    marks,
    hallOfFame: fame.map((f) => ({ ...f, evaluations: evaluationsOf(f.generation) })),
    timing,
    lastGeneration: summary ? lastGeneration(summary.budget) : log.lastGeneration,
    notes,
  };
}

/** An unfinished run's time to its last logged generation: since its start, or (resumed) since its last resume, with that session's rate. */
function timingSoFar(log: LogContent, evaluationsOf: (generation: number) => number | null): Timing | null {
  const from = log.lastResume ?? (log.start ? { time: log.start.time, generation: 0 } : null);
  if (from === null) return null;
  const elapsedMs = log.lastTime! - from.time;
  const evaluations = evaluationsOf(log.lastGeneration!)!;
  const done = from.generation === 0 ? evaluations : evaluations - (evaluationsOf(from.generation) ?? 0);
  return { elapsedMs, evaluations, evaluationsPerSecond: elapsedMs > 0 ? done / (elapsedMs / 1000) : 0, ended: false, resumed: log.lastResume !== null };
}

/** A JSON file of a run directory checked against `schema`, or null with a note saying what was wrong. */
export function readJson<T>(dir: string, file: string, schema: z.ZodType<T>, notes: string[]): T | null {
  const path = join(dir, file);
  if (!existsSync(path)) {
    notes.push(`${file} is missing`);
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    notes.push(`${file} is not valid JSON (half-written?); ignored`);
    return null;
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    notes.push(`${file}: field '${issue.path.join('.')}': ${issue.message}; ignored`);
    return null;
  }
  return r.data;
}

type Ev<K extends keyof typeof eventSchemas> = z.infer<(typeof eventSchemas)[K]>;

interface LogContent {
  start: Ev<'run-start'> | null;
  marks: Ev<'budget'>[];
  fame: Ev<'hall-of-fame'>[];
  end: Ev<'run-end'> | null;
  /** The last resume event: where the last session started (the end's timing is that session's). */
  lastResume: Ev<'resume'> | null;
  lastGeneration: number | null;
  lastTime: number | null;
}

/** The events of log.ndjson that reports use; unreadable lines are counted in a note and skipped. */
function readLog(dir: string, notes: string[]): LogContent {
  const out: LogContent = { start: null, marks: [], fame: [], end: null, lastResume: null, lastGeneration: null, lastTime: null };
  const path = join(dir, RUN_FILES.log);
  if (!existsSync(path)) {
    notes.push('log.ndjson is missing');
    return out;
  }
  let bad = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      bad++;
      continue;
    }
    const event = (raw as { event?: unknown })?.event;
    if (typeof event !== 'string' || !(event in eventSchemas)) continue;
    const r = eventSchemas[event as keyof typeof eventSchemas].safeParse(raw);
    if (!r.success) {
      bad++;
      continue;
    }
    const e = r.data;
    if (event === 'run-start') out.start = e as Ev<'run-start'>;
    else if (event === 'budget') out.marks.push(e as Ev<'budget'>);
    else if (event === 'hall-of-fame') out.fame.push(e as Ev<'hall-of-fame'>);
    else if (event === 'run-end') out.end = e as Ev<'run-end'>;
    else if (event === 'resume') out.lastResume = e as Ev<'resume'>;
    else {
      out.lastGeneration = Math.max(out.lastGeneration ?? 0, (e as Ev<'generation'>).generation);
      out.lastTime = (e as Ev<'generation'>).time;
    }
  }
  if (bad) notes.push(`log.ndjson: ${bad} unreadable line${bad === 1 ? '' : 's'} skipped (a run cut off mid-write?)`);
  return out;
}

/**
 * The hall of fame at the log's last merge: its events replayed, in order, into a hall of
 * the configured size, as the search's merges took them in (each event was an entry that
 * was new there). A genome let go and taken back after a model phase change is logged
 * again, with its new fitness: the replay keeps the event its entry came from.
 */
function hallOfFameFromLog(events: Ev<'hall-of-fame'>[], size: number | undefined): Ev<'hall-of-fame'>[] {
  const hof = new HallOfFame(size ?? Infinity);
  const source = new Map<string, Ev<'hall-of-fame'>>();
  for (const e of events) {
    if (hof.update({ expr: e.genome, reward: e.trainReward, dl: e.dl, fitness: e.fitness, generation: e.generation }) === 'new') source.set(e.genome, e);
  }
  return hof.list().map((h) => ({ ...source.get(h.expr)!, generation: h.generation }));
}
