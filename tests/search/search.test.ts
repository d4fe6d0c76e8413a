import { beforeAll, describe, expect, it } from 'vitest';
import { assess, assessFitness, buildProblem, type Problem } from '../../src/core/assess.js';
import type { BehaviourClass } from '../../src/core/classify.js';
import { CLASSES } from '../../src/core/classify.js';
import { compareRanked } from '../../src/core/fitness.js';
import { parse } from '../../src/core/genome.js';
import { budgetMarks, evaluationsAt } from '../../src/search/budget.js';
import type { FameEntry } from '../../src/search/member.js';
import { runEpoch, type EpochInput, type EpochOutput, type GenerationStats, type IslandContext } from '../../src/search/island.js';
import { MemosByKey } from '../../src/core/memo.js';
import { FitnessMemo } from '../../src/search/fitness-memo.js';
import { finalGeneration, search, type RunIsland, type SearchSpec, type SearchState } from '../../src/search/search.js';
import { migrateInto } from '../../src/search/migration.js';
import { dataOf, membersOf, sizeOf } from '../../src/search/population-data.js';
import { checkpointState, searchStateOf, type CheckpointState } from '../../src/run/checkpoint.js';
import { variationSpec } from '../../src/search/variation.js';
import { problemSpec, SURCHARGE } from '../core/fixtures.js';

const SPEC: SearchSpec = { islands: 3, population: 16, elites: 2, budget: 700, migrationInterval: 3, migrationSize: 2, hallOfFame: 8 };

/** Everything an island epoch needs, built in-process (no threads, no files), as EpochWorker does. */
function context(seed: number): IslandContext {
  const problem = buildProblem(problemSpec({ trainEpisodes: 200, deployEpisodes: 200 }, { seed }));
  const classes = new Map<string, BehaviourClass>();
  const memos = new MemosByKey<Problem, FitnessMemo>(() => new FitnessMemo(Infinity));
  return {
    problemAt: () => problem,
    memoFor: (p) => memos.for(p),
    // T = 4 lets truth and the self terminals into the search at this small budget.
    variation: variationSpec(problem.ps, SURCHARGE, 4, { maxSize: 30, maxDepth: 8, initDepth: 4, mutationDepth: 3 }),
    spec: {
      seed,
      population: SPEC.population,
      elites: SPEC.elites,
      tournament: 3,
      crossover: 0.5,
      mutationWeights: { subtree: 0.5, point: 0.35, hoist: 0.15, horizon: 0 },
      hallOfFame: SPEC.hallOfFame,
    },
    classOf: (_p, pop, i) => {
      const expr = pop.expr(i);
      let c = classes.get(expr);
      if (c === undefined) classes.set(expr, (c = assess(problem, pop.genome(i)).class));
      return c;
    },
  };
}

interface Trace {
  outputs: EpochOutput[];
  stats: GenerationStats[];
  events: string[];
}

type Order = 'forward' | 'reverse' | 'scrambled';

/**
 * In-process runIsland. `order` decides how long each epoch takes to come back (a few
 * turns of the event loop), so islands finish in a different order, as threads would.
 * `trace.events` records when each island epoch started and finished.
 */
function runner(ctx: IslandContext, trace: Trace, order: Order = 'forward', turns?: (island: number, epoch: number) => number): RunIsland {
  return async (input: EpochInput) => {
    trace.events.push(`start ${input.island}:${input.epoch}`);
    // Inputs are plain data: each island gets a deep copy, as a worker thread would.
    const out = runEpoch(ctx, structuredClone(input));
    const delay = turns?.(input.island, input.epoch) ?? (order === 'forward' ? 0 : order === 'reverse' ? SPEC.islands - input.island : (input.island * 7 + input.epoch * 3) % 5);
    for (let i = 0; i < delay; i++) await new Promise((r) => setImmediate(r));
    trace.outputs.push(out);
    trace.events.push(`end ${input.island}:${input.epoch}`);
    return structuredClone(out);
  };
}

const newTrace = (): Trace => ({ outputs: [], stats: [], events: [] });

async function run(seed: number, order: Order = 'forward', ctx = context(seed)): Promise<{ state: SearchState; trace: Trace }> {
  const trace = newTrace();
  const state = await search(SPEC, runner(ctx, trace, order), { onEpoch: (e) => void trace.stats.push(...e.stats) });
  return { state, trace };
}

describe('search (in-process island model)', () => {
  let a: { state: SearchState; trace: Trace };
  beforeAll(async () => {
    a = await run(1);
  });

  it('reaches the final generation of the budget', () => {
    const last = finalGeneration(SPEC);
    expect(last).toBe(Math.ceil((700 - 48) / 42));
    expect(a.state.generation).toBe(last);
    expect(a.state.epoch).toBe(Math.ceil(last / SPEC.migrationInterval));
    expect(a.state.populations!.length).toBe(3);
    for (const pop of a.state.populations!) expect(sizeOf(pop)).toBe(16);
  });

  it('is deterministic: the same seed gives a deep-equal final state', async () => {
    const b = await run(1);
    expect(b.state).toEqual(a.state);
    expect(b.trace.stats).toEqual(a.trace.stats);
  });

  it('a different seed gives a different run', async () => {
    const c = await run(2);
    expect(c.state).not.toEqual(a.state);
    expect(c.state.populations).not.toEqual(a.state.populations);
  });

  it('does not depend on the order islands finish in', async () => {
    for (const order of ['reverse', 'scrambled'] as const) {
      const b = await run(1, order);
      expect(b.state).toEqual(a.state);
      expect(b.trace.stats).toEqual(a.trace.stats);
    }
  });

  it('starts an island\'s next epoch as soon as it and the island before it on the ring have finished, with no barrier', async () => {
    // Island 2 is slow in every epoch: islands 0 and 1 go on without waiting for it where the ring allows.
    const trace = newTrace();
    const state = await search(SPEC, runner(context(1), trace, 'forward', (island) => (island === 2 ? 6 : 0)));
    expect(state).toEqual(a.state);
    const at = (e: string) => trace.events.indexOf(e);
    expect(at('start 1:1')).toBeLessThan(at('end 2:0'));
    for (let k = 1; k < state.epoch; k++) {
      for (let i = 0; i < SPEC.islands; i++) {
        const before = (i + SPEC.islands - 1) % SPEC.islands;
        expect(at(`start ${i}:${k}`)).toBeGreaterThan(at(`end ${i}:${k - 1}`));
        expect(at(`start ${i}:${k}`)).toBeGreaterThan(at(`end ${before}:${k - 1}`));
      }
    }
  });

  it("lets go of a merged epoch's outputs (population, rank, statistics, snapshots, hall of fame), never of what an input or a state holds, with or without migration", async () => {
    for (const migrationSize of [SPEC.migrationSize, 0]) {
      const spec = { ...SPEC, migrationSize };
      const given: EpochOutput[] = [];
      const inputs: EpochInput[] = [];
      const trace = newTrace(); // the runner's own outputs, which the search never sees
      const inner = runner(context(1), trace);
      const states: SearchState[] = [];
      const state = await search(spec, async (input) => {
        inputs.push(structuredClone(input));
        const out = await inner(input);
        given.push(out);
        return out;
      }, { onEpoch: (e) => void states.push(e.state) });
      if (migrationSize > 0) expect(state).toEqual(a.state);
      // Every epoch but the last is merged and let go before the search ends.
      const released = given.filter((o) => o.epoch < state.epoch - 1);
      expect(released).toHaveLength(SPEC.islands * (state.epoch - 1));
      const held = (o: EpochOutput) => [sizeOf(o.population), o.rank.length, o.stats.length, o.snapshots.length, o.hallOfFame.length];
      for (const o of released) expect(held(o), `island ${o.island} epoch ${o.epoch}`).toEqual([0, 0, 0, 0, 0]);
      for (const o of given.filter((o) => o.epoch === state.epoch - 1)) expect(held(o).slice(0, 2)).toEqual([16, 16]);
      expect(given.filter((o) => o.epoch === state.epoch - 1).every((o) => o.stats.length > 0 && o.hallOfFame.length > 0)).toBe(true);
      // Each epoch's input is the migration of the previous epoch's outputs as they came back.
      const original = (island: number, epoch: number) => trace.outputs.find((o) => o.island === island && o.epoch === epoch)!;
      for (const input of inputs.filter((i) => i.epoch > 0)) {
        const before = Array.from({ length: SPEC.islands }, (_, island) => original(island, input.epoch - 1));
        expect(input.population, `island ${input.island} epoch ${input.epoch}`).toEqual(migrateInto(before, input.island, migrationSize));
      }
      // Without migration a state's populations are the outputs' own objects: they stay whole.
      for (const st of states) for (const pop of st.populations!) expect(sizeOf(pop)).toBe(16);
    }
  });

  it('does not depend on state left in a reused context', async () => {
    const ctx = context(1);
    await run(2, 'forward', context(2));
    await run(1, 'forward', ctx);
    expect((await run(1, 'reverse', ctx)).state).toEqual(a.state);
  });

  it('resumes bit-identically from a barrier (state through JSON, as a checkpoint)', async () => {
    const ctx = context(1);
    const trace = newTrace();
    let epochs = 0;
    const partial = await search(SPEC, runner(ctx, trace), { onEpoch: () => void epochs++, shouldStop: () => epochs >= 2 });
    expect(partial.epoch).toBe(2);
    expect(partial.generation).toBe(2 * SPEC.migrationInterval);
    // Through the checkpoint's own form: populations as members' text, parsed back.
    const ps = ctx.problemAt(0).ps;
    const restored: SearchState = searchStateOf(JSON.parse(JSON.stringify(checkpointState(partial, ps))) as CheckpointState, ps, 'test');
    const resumed = await search(SPEC, runner(context(1), trace), {}, restored);
    expect(resumed).toEqual(a.state);
  });

  it("hands each epoch the bound of the hall merged max(2, islands) epochs before, whatever the timing, and the bound changes no result", async () => {
    const lag = Math.max(2, SPEC.islands);
    const traced = async (order: Order, turns?: (island: number, epoch: number) => number, strip = false) => {
      const inputs: EpochInput[] = [];
      const halls: FameEntry[][] = [];
      const inner = runner(context(1), newTrace(), order, turns);
      let entries = 0;
      const state = await search(SPEC, async (input) => {
        inputs.push(structuredClone(input));
        const out = await inner(strip ? { ...input, fameBound: undefined } : input);
        entries += out.hallOfFame.length;
        return out;
      }, { onEpoch: (e) => void halls.push(e.state.hallOfFame) });
      return { state, entries, bounds: inputs.sort((x, y) => x.epoch - y.epoch || x.island - y.island).map((i) => [i.epoch, i.island, i.fameBound]) };
    };
    const bounded = await traced('forward');
    // The bound of epoch k is the merged hall's last entry after epoch k − lag (the hall is full by then).
    const halls: FameEntry[][] = [];
    await search(SPEC, runner(context(1), newTrace()), { onEpoch: (e) => void halls.push(e.state.hallOfFame) });
    for (const [epoch, island, bound] of bounded.bounds as [number, number, unknown][]) {
      if (epoch < lag) expect(bound, `island ${island} epoch ${epoch}`).toBeUndefined();
      else {
        const hall = halls[epoch - lag];
        expect(hall).toHaveLength(SPEC.hallOfFame);
        expect(bound, `island ${island} epoch ${epoch}`).toEqual({ fitness: hall.at(-1)!.fitness, dl: hall.at(-1)!.dl });
      }
    }
    expect(bounded.state).toEqual(a.state);
    for (const [order, turns] of [['reverse'], ['scrambled'], ['forward', (island: number) => (island === 2 ? 6 : 0)]] as [Order, ((i: number, e: number) => number)?][]) {
      const other = await traced(order, turns);
      expect(other.bounds).toEqual(bounded.bounds);
      expect(other.state).toEqual(a.state);
    }
    // The epochs' halls without their bounds hold more entries, and merge into the same run.
    const unbounded = await traced('forward', undefined, true);
    expect(unbounded.state).toEqual(a.state);
    expect(bounded.entries).toBeLessThan(unbounded.entries * 0.75);
  });

  it('reports each new hall-of-fame entry as the merged hall of fame holds it (earliest generation over islands)', async () => {
    let reported = 0;
    await search(SPEC, runner(context(1), newTrace(), 'scrambled'), {
      onEpoch: (e) => {
        for (const f of e.newFame) {
          expect(e.state.hallOfFame).toContainEqual(f);
          reported++;
        }
      },
    });
    expect(reported).toBeGreaterThanOrEqual(SPEC.hallOfFame);
  });

  it('counts evaluations as the closed form of the budget', () => {
    const total = a.trace.outputs.reduce((s, o) => s + o.evaluations, 0);
    expect(total).toBe(evaluationsAt(SPEC, a.state.generation));
    expect(total).toBeGreaterThanOrEqual(SPEC.budget);
  });

  it('records a result at every budget mark, with class counts of every member', () => {
    const marks = budgetMarks(SPEC, a.state.generation);
    expect(a.state.marks.map(({ k, generation, evaluations }) => ({ k, generation, evaluations }))).toEqual(marks);
    for (const mark of a.state.marks) {
      const counts = CLASSES.reduce((s, c) => s + mark.classCounts[c], 0);
      expect(counts).toBe(SPEC.islands * SPEC.population);
      // The mark's best is the best of the islands' bests at that generation.
      const atGen = a.trace.stats.filter((s) => s.generation === mark.generation).map((s) => s.best);
      expect(atGen.length).toBe(SPEC.islands);
      expect(mark.best).toEqual(atGen.sort(compareRanked)[0]);
    }
  });

  it('keeps a hall of fame of distinct genomes, best first, with true fitness values', () => {
    const ctx = context(1);
    const hof = a.state.hallOfFame;
    expect(hof.length).toBe(SPEC.hallOfFame);
    expect(new Set(hof.map((e) => e.expr)).size).toBe(hof.length);
    expect([...hof].sort(compareRanked)).toEqual(hof);
    for (const e of hof) {
      const f = assessFitness(ctx.problemAt(0), parse(e.expr, ctx.problemAt(0).ps));
      expect(f).toEqual({ reward: e.reward, dl: e.dl, fitness: e.fitness });
      expect(e.generation).toBeGreaterThanOrEqual(0);
      expect(e.generation).toBeLessThanOrEqual(a.state.generation);
    }
    // Nothing in any final population beats the hall of fame's worst unless it is in it.
    for (const pop of a.state.populations!) {
      for (const m of membersOf(pop, ctx.problemAt(0).ps)) if (compareRanked(m, hof[hof.length - 1]) < 0) expect(hof.map((e) => e.expr)).toContain(m.expr);
    }
  });

  it('with elitism and migration, each island’s best never gets worse', () => {
    for (let island = 0; island < SPEC.islands; island++) {
      const bests = a.trace.stats.filter((s) => s.island === island).sort((x, y) => x.generation - y.generation);
      expect(bests.map((s) => s.generation)).toEqual(Array.from({ length: a.state.generation + 1 }, (_, i) => i));
      for (let i = 1; i < bests.length; i++) expect(compareRanked(bests[i].best, bests[i - 1].best)).toBeLessThanOrEqual(0);
    }
    // Selection pressure: the populations' mean fitness rose from the random generation 0.
    const meanAt = (gen: number) => a.trace.stats.filter((s) => s.generation === gen).reduce((t, s) => t + s.meanFitness, 0) / SPEC.islands;
    expect(meanAt(a.state.generation)).toBeGreaterThan(meanAt(0));
  });
});

describe('search edge cases', () => {
  it('a budget below one generation runs generation 0 only', async () => {
    const spec = { ...SPEC, budget: 10 };
    const trace = newTrace();
    const state = await search(spec, runner(context(1), trace));
    expect(finalGeneration(spec)).toBe(0);
    expect(state.generation).toBe(0);
    expect(state.epoch).toBe(1);
    expect(state.marks.map((m) => [m.k, m.generation, m.evaluations])).toEqual([[5, 0, 48]]);
    expect(trace.outputs.map((o) => o.evaluations)).toEqual([16, 16, 16]);
  });

  it('resuming a finished search changes nothing and runs nothing', async () => {
    const trace = newTrace();
    const done = await search(SPEC, runner(context(1), trace));
    const calls = trace.outputs.length;
    const again = await search(SPEC, runner(context(1), trace), {}, structuredClone(done));
    expect(again).toEqual(done);
    expect(trace.outputs.length).toBe(calls);
  });
});

describe('runEpoch', () => {
  it('offers the hall of fame again a genome it let go once the model phase changes (its fitness did)', () => {
    // Three phases of one world: as the members came in (generation 1), a large simplicity
    // penalty (generation 2), none (generation 3). Two members carried as elites, a hall of one.
    const over = { trainEpisodes: 200, deployEpisodes: 200 };
    const [a, b, c] = [0.005, 0.1, 0].map((lambda) => buildProblem(problemSpec({ ...over, lambda }, { seed: 3 })));
    const base = context(3);
    const ctx: IslandContext = { ...base, problemAt: (g) => (g < 2 ? a : g < 3 ? b : c), spec: { ...base.spec, population: 2, elites: 2, hallOfFame: 1 } };
    const truth = '(mul answer truth)';
    const short = '(neg answer)';
    const population = dataOf([{ expr: truth, reward: 0, dl: 0, fitness: -2 }, { expr: short, reward: 0, dl: 0, fitness: -3 }], (e) => parse(e, a.ps));
    const fit = (p: Problem, e: string) => assessFitness(p, parse(e, p.ps)).fitness;
    // The shorter genome wins phase b and pushes the truth-reader out; phase c has it back.
    expect(fit(b, short)).toBeGreaterThan(-2);
    expect(fit(b, short)).toBeGreaterThan(fit(b, truth));
    expect(fit(c, truth)).toBeGreaterThan(fit(b, short));
    const out = runEpoch(ctx, { island: 0, epoch: 1, population, startGeneration: 0, endGeneration: 3, snapshotGenerations: [] });
    expect(out.hallOfFame.map((e) => [e.expr, e.fitness, e.generation])).toEqual([[truth, fit(c, truth), 3]]);
  });

  it.each([
    [24, 1],
    [16, 2],
    [8, 9],
    [4, 1],
  ])("holds the best distinct genomes of the epoch's generations, each with the generation it first appeared in (hall of %i, seed %i)", (size, seed) => {
    // Each generation's population: an epoch ending there (the same stream up to it). A hall
    // larger than a population keeps members of the epoch's first generations; a smaller one is full early and turns many away.
    const base = context(seed);
    const ctx: IslandContext = { ...base, spec: { ...base.spec, hallOfFame: size } };
    const ps = ctx.problemAt(0).ps;
    const first = runEpoch(ctx, { island: 0, epoch: 0, population: null, startGeneration: 0, endGeneration: 4, snapshotGenerations: [] });
    const at = (end: number) => runEpoch(ctx, { island: 0, epoch: 1, population: first.population, startGeneration: 4, endGeneration: end, snapshotGenerations: [] });
    const seen = new Map<string, FameEntry>();
    for (let g = 5; g <= 14; g++) for (const m of membersOf(at(g).population, ps)) if (!seen.has(m.expr)) seen.set(m.expr, { ...m, generation: g });
    const expected = [...seen.values()].sort(compareRanked).slice(0, size);
    expect(seen.size).toBeGreaterThan(size);
    expect(new Set(expected.map((e) => e.generation)).size).toBeGreaterThan(1);
    expect(at(14).hallOfFame).toEqual(expected);
  });

  it("keeps out of the epoch's hall exactly the members ranking after its bound, and changes nothing else", () => {
    const ctx = context(4);
    const first = runEpoch(ctx, { island: 0, epoch: 0, population: null, startGeneration: 0, endGeneration: 3, snapshotGenerations: [] });
    const input: EpochInput = { island: 0, epoch: 1, population: first.population, startGeneration: 3, endGeneration: 9, snapshotGenerations: [6] };
    const free = runEpoch(ctx, structuredClone(input));
    expect(free.hallOfFame).toHaveLength(SPEC.hallOfFame);
    for (const k of [0, 3, 7]) {
      const bound = { fitness: free.hallOfFame[k].fitness, dl: free.hallOfFame[k].dl };
      const out = runEpoch(ctx, { ...structuredClone(input), fameBound: bound });
      const kept = free.hallOfFame.filter((e) => e.fitness > bound.fitness || (e.fitness === bound.fitness && e.dl <= bound.dl));
      expect(kept.length).toBeGreaterThan(k);
      expect(out.hallOfFame).toEqual(kept);
      expect({ ...out, hallOfFame: [] }).toEqual({ ...free, hallOfFame: [] });
    }
  });

  it('ignores the bound in an epoch across a change of model phase (a genome the run holds may be offered with either fitness)', () => {
    const over = { trainEpisodes: 200, deployEpisodes: 200 };
    const [a, b] = [0.005, 0.05].map((lambda) => buildProblem(problemSpec({ ...over, lambda }, { seed: 5 })));
    const base = context(5);
    const input: EpochInput = { island: 0, epoch: 0, population: null, startGeneration: 0, endGeneration: 4, snapshotGenerations: [] };
    // A bound no member ranks before: every offer is kept out, unless the epoch has two phases.
    const fameBound = { fitness: Infinity, dl: 0 };
    const one: IslandContext = { ...base, problemAt: () => a };
    expect(runEpoch(one, structuredClone(input)).hallOfFame.length).toBeGreaterThan(0);
    expect(runEpoch(one, { ...structuredClone(input), fameBound }).hallOfFame).toEqual([]);
    const two: IslandContext = { ...base, problemAt: (g) => (g < 3 ? a : b) };
    const free = runEpoch(two, structuredClone(input));
    expect(free.hallOfFame.length).toBeGreaterThan(0);
    expect(runEpoch(two, { ...structuredClone(input), fameBound })).toEqual(free);
  });

  it('depends only on its input (seed, island, epoch, population)', () => {
    const ctx = context(3);
    const input: EpochInput = { island: 1, epoch: 0, population: null, startGeneration: 0, endGeneration: 2, snapshotGenerations: [0, 2] };
    const x = runEpoch(ctx, structuredClone(input));
    expect(runEpoch(context(3), structuredClone(input))).toEqual(x);
    expect(runEpoch(ctx, { ...structuredClone(input), island: 2 })).not.toEqual(x);
    expect(x.snapshots.map((s) => s.generation)).toEqual([0, 2]);
    expect(x.stats.map((s) => s.generation)).toEqual([0, 1, 2]);
    expect(x.evaluations).toBe(16 + 2 * 14);
    // The next epoch continues from that population on its own stream, reproducibly.
    const next: EpochInput = { island: 1, epoch: 1, population: x.population, startGeneration: 2, endGeneration: 4, snapshotGenerations: [] };
    const y = runEpoch(ctx, structuredClone(next));
    expect(runEpoch(context(3), structuredClone(next))).toEqual(y);
    expect(y.stats.map((s) => s.generation)).toEqual([3, 4]);
    expect(y.evaluations).toBe(2 * 14);
    // The rank is a stable sort of the members by compareRanked (what migration reads).
    const ps = ctx.problemAt(0).ps;
    const members = membersOf(x.population, ps);
    const sorted = members.map((m, i) => ({ m, i })).sort((p, q) => compareRanked(p.m, q.m));
    expect([...x.rank]).toEqual(sorted.map((e) => e.i));
    // Elites carry over unchanged.
    const elites = sorted.slice(0, 2).map((e) => e.m);
    for (const e of elites) expect(membersOf(y.population, ps)).toContainEqual(e);
  });
});
