import { assess, buildProblem, problemWorld, type Assessment, type Problem, type ProblemSpec } from '../core/assess.js';
import { parse } from '../core/genome.js';
import { BoundedMemo, MemosByKey } from '../core/memo.js';
import { changePoints, phaseKey, type ModelPhase } from '../core/schedule.js';
import type { World } from '../core/world.js';
import type { Config } from './config.js';
import { problemSpec, trainingPhase } from './specs.js';

/** The worlds of a run's model phases, by phase key (schedule.ts phaseKey): plain data another thread can be sent. */
export type Worlds = Record<string, World>;

/**
 * Problems by model phase, each built once: `at(generation)` returns the same object
 * for every generation of one phase (the island loop re-evaluates when it changes).
 */
export class Phases {
  private readonly byKey = new Map<string, Problem>();
  /** Worlds by phase key: built here, or given (the main thread's, sent to the workers with a run's first task). */
  private readonly worldsByKey: Map<string, World>;
  /** Assessments by genome, per phase (the last two used), bounded so memory stays flat on long runs. */
  private readonly assessments = new MemosByKey<Problem, BoundedMemo<string, Assessment>>(() => new BoundedMemo(2_000), 2);

  /**
   * Assessments kept beyond the memo's bound, in one phase: the hall of fame's (holdOnly). A
   * hall of thousands is described entry by entry as genomes enter it, and the summary
   * describes the whole hall again at the end, when the memo of 2,000 had long let most of
   * them go (hallOfFame=10000: ~2 s of the main thread's, with the workers done).
   */
  private held: { problem: Problem; byExpr: Map<string, Assessment> } | null = null;

  /** Generations at which the training phase may change, and the problem of each stretch between them once asked for. */
  private readonly points: number[];
  private readonly byStretch: (Problem | undefined)[] = [];

  constructor(readonly config: Config, worlds: Worlds = {}) {
    this.points = changePoints(config.schedule.generations);
    this.worldsByKey = new Map(Object.entries(worlds));
  }

  of(phase: ModelPhase): Problem {
    const key = phaseKey(phase);
    let p = this.byKey.get(key);
    if (!p) {
      const spec = problemSpec(this.config, phase);
      p = buildProblem(spec, this.world(key, spec));
      this.byKey.set(key, p);
    }
    return p;
  }

  /** The world of the phase named `key`, built once (the first step of its problem, and all a worker needs sent). */
  private world(key: string, spec: ProblemSpec): World {
    let w = this.worldsByKey.get(key);
    if (!w) {
      w = problemWorld(spec);
      this.worldsByKey.set(key, w);
    }
    return w;
  }

  /** The world of the model phase of `generation`, built if it is not yet. */
  worldAt(generation: number): World {
    const phase = trainingPhase(this.config, generation);
    return this.world(phaseKey(phase), problemSpec(this.config, phase));
  }

  /** Every world built or given so far. */
  worlds(): Worlds {
    return Object.fromEntries(this.worldsByKey);
  }

  at(generation: number): Problem {
    // The phase is the same between two change points: asked per island and generation, it
    // was computed and named (phaseKey, a string) each time (0.16% of a worker's time).
    let k = 0;
    while (k < this.points.length && this.points[k] <= generation) k++;
    return (this.byStretch[k] ??= this.of(trainingPhase(this.config, generation)));
  }

  /** A genome assessed in the model phase of `generation`: how runs report it (log, progress, summary). */
  describe(expr: string, generation: number): Assessment {
    const problem = this.at(generation);
    const held = this.held?.problem === problem ? this.held.byExpr.get(expr) : undefined;
    return held ?? this.assessments.for(problem).getOrSet(expr, () => assess(problem, parse(expr, problem.ps)));
  }

  /**
   * Keep the assessments of these genomes, in the phase of `generation`, however many others
   * are described later, and no others: those already made (a genome assessed in another
   * phase, or not yet, is not assessed here).
   */
  holdOnly(exprs: readonly string[], generation: number): void {
    const problem = this.at(generation);
    const memo = this.assessments.for(problem);
    const before = this.held?.problem === problem ? this.held.byExpr : undefined;
    const byExpr = new Map<string, Assessment>();
    for (const expr of exprs) {
      const a = before?.get(expr) ?? memo.peek(expr);
      if (a !== undefined) byExpr.set(expr, a);
    }
    this.held = { problem, byExpr };
  }
}
