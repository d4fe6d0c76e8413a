import { z } from 'zod';
import { primitiveSet } from '../core/primitives.js';
import { MUTATION_NAMES, priorOf } from '../search/variation.js';

/**
 * The run configuration: THE place where defaults live. Every field has a description
 * (the README's config reference is generated from this schema and a test keeps the two
 * in step). Bump CONFIG_VERSION when a default changes meaning so old configs reproduce.
 */
export const CONFIG_VERSION = 1;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const prob = () => z.number().min(0).max(1);

const worldSchema = z.strictObject({
  contexts: int(1, 64).default(6).describe('C: number of contexts (kinds of question) in the world'),
  latentDims: int(1, 64).default(4).describe('d: latent dimensions, z ~ N(0, I); the true answer is X = sign(w·z)'),
  sensors: int(1, 64).default(4).describe('k: number of sensors x0…x{k-1}, noisy linear mixes of z (mixing depends on the context)'),
  sensorNoise: z.number().min(0).max(100).default(0.3).describe('standard deviation of sensor noise'),
  rho: prob().default(0.97).describe('probability that the in-context shortcut input s_c equals X (a fair coin in other contexts)'),
  phi: prob().default(1).describe('fidelity of the world model: probability that `truth` equals X'),
  selfFidelity: prob().default(1).describe('fidelity of the self model: probability that `label`/`loss` know the labeller\'s systematic error on a question (else they predict LABEL = truth)'),
  selfThreshold: prob().default(0).describe('the self tier (label, loss, training, the lifetime plan) is available only while phi ≥ this; below it those terminals read 0'),
});

/** A step schedule: from clock value `from` on, the quantity is `value`. */
const stepsSchema = (clock: string) =>
  z
    .array(z.strictObject({ from: int(0, 1e12), value: prob() }))
    .max(1000)
    .default([])
    .refine((s) => s.every((x, i) => i === 0 || x.from > s[i - 1].from), { message: `expected steps in strictly increasing '${clock}' order` });

const modelScheduleSchema = (clock: string, base: { phi: string; self: string }) =>
  z.strictObject({
    phi: stepsSchema(clock).describe(`steps [{"from": ${clock}, "value": phi}, …] of the world model's fidelity; before the first step (and when empty) ${base.phi}`),
    selfFidelity: stepsSchema(clock).describe(`steps [{"from": ${clock}, "value": fidelity}, …] of the self model's fidelity; before the first step (and when empty) ${base.self}`),
  });

const scheduleSchema = z.strictObject({
  generations: modelScheduleSchema('generation', { phi: 'world.phi', self: 'world.selfFidelity' }).prefault({}),
  deployment: modelScheduleSchema('step', { phi: 'phi at the end of training', self: 'the self fidelity at the end of training' }).prefault({}),
});

const labellerSchema = z.strictObject({
  biasSensor: int(0, 63).nullable().default(0).describe('sensor b whose observed value triggers the systematic error (label −X when x_b > tau); null for an unbiased labeller'),
  tau: z.number().min(-100).max(100).default(1).describe('threshold of the systematic error; larger tau means fewer biased questions (q)'),
  eps: z.number().min(0).max(0.5).default(0.05).describe('probability of a random label flip after the systematic error'),
});

/** Relative weights (mutation operators, training contexts) are bounded so that their sum stays finite: an infinite total would draw the last one every time. */
const MAX_WEIGHT = 1e9;

const trainSchema = z.strictObject({
  contexts: z
    // Ids as written by JSON.stringify of an index: "00" would name context 0 a second time, and the last weight would win.
    .union([int(1, 64), z.record(z.string().regex(/^(0|[1-9]\d*)$/, 'a context id (0, 1, …, no leading zeros)'), z.number().min(0).max(MAX_WEIGHT))])
    .default({ '0': 1 })
    .describe('training mix: {"id": weight, …} (ids 0, 1, … without leading zeros; weights 0 to 1e9), or n for the first n contexts with equal weight (data diversity)'),
  episodes: int(10, 1_000_000).default(2000).describe('training episodes every genome is evaluated on'),
  tamperable: z.boolean().default(false).describe('offer tamper actions during training; fitness then reads the LOSS cell the agent may overwrite'),
});

const driftSchema = z.strictObject({
  rate: z.number().min(0).max(1).default(0).describe('per deployment step, probability that a goal reference to `truth` drifts toward `label` (scaled by how equivalent the world model finds them)'),
  fraction: z.number().gt(0).max(1).default(1).describe('how far one drift event moves the reference: 1 replaces truth by label, 0.5 moves half the weight'),
  agreement: prob().default(0.95).describe('agreement of `truth` and `label` on observed questions below which the two are not seen as equivalent (no drift); the rate scales linearly from there to agreement 1'),
});

const deploySchema = z.strictObject({
  episodes: int(10, 1_000_000).default(2000).describe('deployment episodes (all contexts, equal weight) for reported genomes'),
  steps: int(1, 10_000_000).default(10_000).describe('`mesa-evo deploy`: length of the deployment stream (one question per step)'),
  drift: driftSchema.prefault({}),
  trainingSignal: z.boolean().default(false).describe('`mesa-evo deploy`: the labeller keeps running and selection continues (fitness reads LOSS, as in tamperable training)'),
  selectionInterval: int(1, 10_000_000).default(100).describe('with trainingSignal: deployment steps between two rounds of tournament selection'),
});

const surchargeSchema = z.strictObject({
  input: z.number().min(0).max(1000).default(0).describe('extra bits per node of input tier'),
  world: z.number().min(0).max(1000).default(8).describe('extra bits per `truth` node (needs a world model)'),
  self: z.number().min(0).max(1000).default(20).describe('extra bits per `label`, `loss`, `training` node (needs a model of the computer)'),
  plan: z.number().min(0).max(1000).default(20).describe('extra bits of the `lifetime` horizon gene on top of `self` (the gene costs self + plan): the cost of planning over training'),
});

const mutationSchema = z
  .strictObject(Object.fromEntries(MUTATION_NAMES.map((n) => [n, z.number().min(0).max(MAX_WEIGHT).optional()])) as Record<(typeof MUTATION_NAMES)[number], z.ZodOptional<z.ZodNumber>>)
  .default({ subtree: 0.5, point: 0.35, hoist: 0.15 })
  .describe(`relative weights (0 to 1e9) of the mutation operators (${MUTATION_NAMES.join(', ')}); a positive \`horizon\` weight turns the horizon gene on (initialisation draws it from its prior), 0 (the default) keeps every genome myopic`);

const migrationSchema = z.strictObject({
  interval: int(1, 100_000).default(10).describe('generations per epoch; migration happens between epochs'),
  size: int(0, 10_000).default(2).describe('members each island sends to the next on the ring'),
});

const searchSchema = z.strictObject({
  islands: int(1, 1024).default(4).describe('number of island populations (the unit of parallel work)'),
  population: int(2, 100_000).default(200).describe('genomes per island'),
  budget: int(1, 1e12).default(100_000).describe('compute budget in genome evaluations; the run ends at the first generation reaching it'),
  elites: int(0, 100_000).default(2).describe('best members copied unchanged into the next generation'),
  tournament: int(1, 1000).default(4).describe('tournament size'),
  crossover: prob().default(0.5).describe('probability that an offspring comes from subtree crossover instead of mutation'),
  mutation: mutationSchema,
  maxSize: int(1, 1000).default(40).describe('maximum genome size in nodes'),
  maxDepth: int(1, 100).default(10).describe('maximum genome depth'),
  initDepth: int(1, 100).default(4).describe('maximum depth of genomes grown at initialisation (at most maxDepth)'),
  mutationDepth: int(1, 100).default(3).describe('maximum depth of subtrees grown by subtree mutation (at most maxDepth)'),
  temperature: z
    .union([z.number().positive().max(1e6), z.literal('inf')])
    .default(1)
    .describe('T of the sampling prior 2^(−bits/T): 1 is the length prior, larger flattens it, "inf" draws uniformly'),
  migration: migrationSchema.prefault({}),
});

const checkpointSchema = z.strictObject({
  every: int(1, 1_000_000).default(50).describe('write checkpoint.json at the first epoch barrier after this many generations'),
  minutes: z.number().positive().max(10_000).default(2).describe('…and at least this often in wall-clock minutes (timing never changes results)'),
});

export const configSchema = z
  .strictObject({
    version: z.literal(CONFIG_VERSION).default(CONFIG_VERSION).describe('config format version'),
    seed: int(0, 2 ** 31 - 1).default(1).describe('run seed: world, data and search all derive from it'),
    lambda: z.number().min(0).max(1000).default(0.005).describe('simplicity penalty: fitness = train reward − lambda · DL(bits)'),
    world: worldSchema.prefault({}),
    labeller: labellerSchema.prefault({}),
    train: trainSchema.prefault({}),
    deploy: deploySchema.prefault({}),
    surcharge: surchargeSchema.prefault({}).describe('tier surcharges in bits: the cost of pointing at a concept'),
    search: searchSchema.prefault({}),
    hallOfFame: int(1, 10_000).default(20).describe('distinct genomes kept in the hall of fame'),
    schedule: scheduleSchema.prefault({}).describe('step schedules of model fidelity over generations (training) and over deployment steps'),
    checkpoint: checkpointSchema.prefault({}),
  })
  .superRefine((c, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (c.labeller.biasSensor !== null && c.labeller.biasSensor >= c.world.sensors) {
      issue(['labeller', 'biasSensor'], `expected a sensor index below world.sensors (${c.world.sensors}) or null`);
    }
    const mix = c.train.contexts;
    if (typeof mix === 'number') {
      if (mix > c.world.contexts) issue(['train', 'contexts'], `expected at most world.contexts (${c.world.contexts})`);
    } else {
      const ids = Object.keys(mix);
      for (const id of ids) if (Number(id) >= c.world.contexts) issue(['train', 'contexts', id], `expected a context id below world.contexts (${c.world.contexts})`);
      if (!ids.some((id) => mix[id] > 0)) issue(['train', 'contexts'], 'expected at least one context with positive weight');
    }
    const s = c.search;
    if (s.elites >= s.population) issue(['search', 'elites'], `expected fewer than search.population (${s.population})`);
    if (s.migration.size >= s.population) issue(['search', 'migration', 'size'], `expected fewer than search.population (${s.population})`);
    if (s.initDepth > s.maxDepth) issue(['search', 'initDepth'], `expected at most search.maxDepth (${s.maxDepth})`);
    if (s.mutationDepth > s.maxDepth) issue(['search', 'mutationDepth'], `expected at most search.maxDepth (${s.maxDepth})`);
    if (!MUTATION_NAMES.some((n) => (s.mutation[n] ?? 0) > 0) && s.crossover < 1) issue(['search', 'mutation'], 'expected at least one mutation with positive weight (or crossover = 1)');
  })
  // Only on a config whose every field passed: the prior is built from them.
  .superRefine(
    (c, ctx) => {
      const underflow = priorUnderflow(c);
      if (underflow) ctx.addIssue({ code: 'custom', path: ['search', 'temperature'], message: underflow });
    },
    { when: (payload) => payload.issues.length === 0 },
  );

/**
 * Why the sampling prior cannot draw at this temperature, or null: every weight of a group
 * the search draws from (terminals, literals) 2^(−bits/T) underflows to 0 when T is tiny.
 */
function priorUnderflow(c: { world: { contexts: number; sensors: number }; surcharge: Parameters<typeof priorOf>[1]; search: { temperature: number | 'inf' } }): string | null {
  const t = c.search.temperature;
  if (t === 'inf') return null;
  const prior = priorOf(primitiveSet(c.world.contexts, c.world.sensors), c.surcharge, t);
  const group = prior.terminalWeights.total === 0 ? 'terminal' : prior.literalWeights.total === 0 ? 'literal' : null;
  return group && `expected a temperature at which the sampling prior keeps a weight: at ${t} every ${group}'s weight 2^(−bits/T) underflows to 0`;
}

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
