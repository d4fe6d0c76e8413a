/**
 * Schedules of the agent's models (DESIGN.md issue 4, "a growing world model"): the
 * fidelity of `truth` (phi) and of the self model, as step functions of a clock — the
 * generation in training, the step in deployment. Step functions keep the number of
 * distinct model phases small, so each phase's world is built once and fitness stays a
 * pure function of (genome, phase).
 */

/** From clock value `from` on, the quantity equals `value` (until the next step). */
export interface Step {
  from: number;
  value: number;
}

/** Steps in increasing `from` order; empty means "the base value throughout". */
export type Schedule = readonly Step[];

/** The value of `s` at clock `t`: the last step with from ≤ t, else `base`. */
export function scheduled(s: Schedule, t: number, base: number): number {
  let v = base;
  for (const step of s) {
    if (step.from > t) break;
    v = step.value;
  }
  return v;
}

/** What the agent's models can do at one moment. */
export interface ModelPhase {
  /** Probability that the world model's `truth` equals X. */
  phi: number;
  /** Probability that the self model knows the labeller's systematic error on a question. */
  selfFidelity: number;
  /** Whether the self tier (label, loss, training, the lifetime plan) is available at all. */
  selfAvailable: boolean;
}

export interface ModelSchedule {
  phi: Schedule;
  selfFidelity: Schedule;
}

/**
 * The phase at clock `t`. The self tier becomes available once the world model's
 * fidelity reaches `selfThreshold` ("the agent eventually develops an awareness of the
 * RAM location").
 */
export function phaseAt(base: { phi: number; selfFidelity: number }, selfThreshold: number, schedule: ModelSchedule, t: number): ModelPhase {
  const phi = scheduled(schedule.phi, t, base.phi);
  return { phi, selfFidelity: scheduled(schedule.selfFidelity, t, base.selfFidelity), selfAvailable: phi >= selfThreshold };
}

/** A phase's identity: equal keys give identical worlds and fitness. */
export function phaseKey(p: ModelPhase): string {
  return `${p.phi}/${p.selfFidelity}/${p.selfAvailable ? 1 : 0}`;
}

/** Clock values at which the phase may change (each phase has its own problem and memos: pool.ts counts them for the heap cap). */
export function changePoints(schedule: ModelSchedule): number[] {
  return [...new Set([...schedule.phi, ...schedule.selfFidelity].map((s) => s.from))].sort((a, b) => a - b);
}
