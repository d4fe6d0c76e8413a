import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { configSchema, type Config } from './config.js';
import { UserError } from './errors.js';
import { closest, CONFIG_KEY, describeIssue, parseSet, readConfigObject, setPath, validateConfig } from './load-config.js';

/**
 * A sweep file: a base config, overrides for every cell, a grid of axes over any config
 * keys, and seeds per cell. Every (cell, seed) is one ordinary run. Validated here, at
 * the edge: every cell's config is built and checked before anything runs.
 *
 *   { "base": "claim-b-diverse.json",              path relative to the sweep file, or a config object
 *     "set": { "search.budget": 30000 },           dotted config keys applied to every cell
 *     "seeds": 2,                                  n (seeds 1…n) or a list of seeds
 *     "axes": [
 *       { "key": "lambda", "values": [0.002, 0.004] },
 *       { "name": "labels", "levels": [
 *           { "label": "unbiased", "set": { "labeller.biasSensor": null } },
 *           { "label": "tau=1",    "set": { "labeller.tau": 1 } } ] } ] }
 *
 * The first axis varies slowest; in tables and heat maps the last axis runs across.
 */
export const SWEEP_VERSION = 1;

const dottedKey = z.string().regex(CONFIG_KEY, 'a dotted config key such as labeller.tau');
const settings = z.record(dottedKey, z.unknown());
const seed = z.number().int().min(0).max(2 ** 31 - 1);

const keyAxis = z.strictObject({
  key: dottedKey.describe('the config key this axis varies'),
  name: z.string().min(1).max(40).optional().describe('axis name in tables (default: the key)'),
  values: z.array(z.unknown()).min(1).max(64).describe('values of the key, one cell each'),
});

const levelsAxis = z.strictObject({
  name: z.string().min(1).max(40).describe('axis name in tables'),
  levels: z
    .array(z.strictObject({ label: z.string().min(1).max(40), set: settings }))
    .min(1)
    .max(64)
    .describe('named levels, each a set of dotted config keys'),
});

export const sweepSchema = z.strictObject({
  version: z.literal(SWEEP_VERSION).default(SWEEP_VERSION),
  description: z.string().max(2000).optional(),
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).default({}),
  set: settings.default({}),
  seeds: z.union([z.number().int().min(1).max(1000), z.array(seed).min(1).max(1000)]).default(2),
  axes: z.array(z.union([keyAxis, levelsAxis])).min(1).max(4),
});

export interface Level {
  label: string;
  set: Record<string, unknown>;
}

export interface Axis {
  name: string;
  levels: Level[];
}

/** A sweep with its base config inlined, seeds listed and every axis in the levels form. */
export interface Sweep {
  version: number;
  name: string;
  description?: string;
  base: Record<string, unknown>;
  set: Record<string, unknown>;
  seeds: number[];
  axes: Axis[];
}

export interface Cell {
  /** Directory name under cells/, e.g. `lambda=0.004,labels=tau=1`. */
  key: string;
  /** The level label of each axis, by axis name. */
  levels: Record<string, string>;
  set: Record<string, unknown>;
}

/**
 * Read, validate and normalise a sweep file, with `--set key=value` overrides added to its
 * `set` (so they are part of the sweep that sweep.json records); every cell-seed config is
 * validated too.
 */
export function loadSweep(path: string, name: string, sets: string[] = []): Sweep {
  const raw = readConfigObject(path, 'sweep file');
  // A run config given to `sweep` would otherwise be refused only for its missing axes.
  const configKeys = Object.keys(raw).filter((k) => Object.hasOwn(configSchema.shape, k) && !Object.hasOwn(sweepSchema.shape, k));
  if (!('axes' in raw) && configKeys.length > 0) {
    throw new UserError(`sweep file '${path}': is a run config (it has ${configKeys.map((k) => `'${k}'`).join(', ')} and no 'axes'); expected a sweep file {"base", "set", "seeds", "axes"} (README "Sweeps and phase tables"), or run it with 'npx mesa-evo run ${path}'`);
  }
  // --set joins the sweep's own set, in key order: sweep.json must not depend on the order
  // the flags were given in (shards compare it). A `set` that is not an object is left to the schema to refuse.
  const added = new Map(sets.map((s) => parseSet(s)).map(({ key, value }) => [key, value] as const));
  const fromFlags = Object.fromEntries([...added].sort(([a], [b]) => (a < b ? -1 : 1)));
  const fileSet = raw.set ?? {};
  const merged = added.size > 0 && typeof fileSet === 'object' && fileSet !== null && !Array.isArray(fileSet) ? { ...raw, set: { ...fileSet, ...fromFlags } } : raw;
  const setKeys = [...added.keys()];
  const sweep = normaliseSweep(merged, path, name, dirname(path), setKeys);
  for (const cell of cells(sweep)) cellConfig(sweep, cell, sweep.seeds[0], `${path} (cell ${cell.key})`, setKeys);
  return sweep;
}

/** `seed` in a sweep's settings would be overwritten by each cell-seed's own seed (cellConfig): say where seeds go. */
function refuseSeedKey(key: string, source: string): void {
  if (key === 'seed') throw new UserError(`${source}: a sweep sets each run's seed from its 'seeds'; expected "seeds": n or a list of seeds in the sweep file`);
}

/**
 * Validate a sweep object (a file's content, or a sweep directory's sweep.json). `setKeys`
 * are the keys of its `set` that came from --set: a refusal names the flag, and they may
 * not touch a key an axis varies (the axis would win in every cell).
 */
export function normaliseSweep(raw: unknown, source: string, name: string, baseDir: string, setKeys: readonly string[] = []): Sweep {
  const r = sweepSchema.safeParse(raw, { reportInput: true });
  if (!r.success) throw new UserError(`${source}: ${describeSweepIssue(r.error.issues[0], raw)}`);
  const s = r.data;
  const base = typeof s.base === 'string' ? readConfigObject(resolve(baseDir, s.base), `${source}: base config`) : s.base;
  const seeds = typeof s.seeds === 'number' ? Array.from({ length: s.seeds }, (_, i) => i + 1) : s.seeds;
  if (new Set(seeds).size !== seeds.length) throw new UserError(`${source}: field 'seeds': expected distinct seeds, got ${JSON.stringify(seeds)}`);
  const axes: Axis[] = s.axes.map((a) => ('key' in a ? { name: a.name ?? a.key, levels: a.values.map((v) => ({ label: levelLabel(v), set: { [a.key]: v } })) } : { name: a.name, levels: a.levels }));
  axes.forEach((a, i) => {
    if (axes.findIndex((b) => b.name === a.name) !== i) throw new UserError(`${source}: field 'axes.${i}': expected a unique axis name, '${a.name}' is used twice`);
    const labels = a.levels.map((l) => l.label);
    const dup = labels.find((l, j) => labels.indexOf(l) !== j);
    if (dup !== undefined) throw new UserError(`${source}: field 'axes.${i}': expected distinct levels, '${dup}' appears twice`);
  });
  const axisKeys = axes.flatMap((a) => a.levels.flatMap((l) => Object.keys(l.set)));
  for (const key of Object.keys(s.set)) {
    const flag = setKeys.includes(key);
    refuseSeedKey(key, flag ? `--set ${key}` : `${source}: field 'set.${key}'`);
    const axis = flag ? axisKeys.find((k) => k === key || k.startsWith(`${key}.`) || key.startsWith(`${k}.`)) : undefined;
    if (axis !== undefined) throw new UserError(`--set ${key}: an axis of this sweep sets '${axis}'; expected a key the axes leave alone`);
  }
  axes.forEach((a, i) => a.levels.forEach((l) => Object.keys(l.set).forEach((key) => refuseSeedKey(key, `${source}: field 'axes.${i}' (${a.name})`))));
  const sweep: Sweep = { version: s.version, name, ...(s.description ? { description: s.description } : {}), base, set: s.set, seeds, axes };
  const keys = cells(sweep).map((c) => c.key);
  const clash = keys.find((k, i) => keys.indexOf(k) !== i);
  if (clash !== undefined) throw new UserError(`${source}: field 'axes': two cells share the directory name '${clash}'; expected level labels that differ in letters, digits or . = + -`);
  return sweep;
}

/** Every field either shape of an axis has (key, name, values, levels), from the schemas. */
const AXIS_FIELDS = [...new Set([...Object.keys(keyAxis.shape), ...Object.keys(levelsAxis.shape)])];

const FIELDS: [RegExp, string][] = [
  [/^$/, 'version, description, base, set, seeds, axes'],
  [/^axes\.\d+$/, '{key, name?, values} or {name, levels}'],
  [/^axes\.\d+\.levels\.\d+$/, 'label, set'],
];

/** One line naming the sweep field and what was expected (config fields are checked per cell). */
function describeSweepIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = FIELDS.find(([re]) => re.test(path))?.[1] ?? 'a known field';
    return `unknown field '${path ? `${path}.` : ''}${issue.keys[0]}'; expected one of: ${known}`;
  }
  if (issue.code === 'invalid_union' && /^axes\.\d+$/.test(path)) {
    // A misspelt field ('kee') fails both shapes of an axis: name it, as a config's would be.
    const axis = (raw as { axes?: unknown[] } | null)?.axes?.[Number(issue.path[1])];
    const odd = typeof axis === 'object' && axis !== null && !Array.isArray(axis) ? Object.keys(axis).find((k) => !AXIS_FIELDS.includes(k)) : undefined;
    const near = odd === undefined ? undefined : closest(odd, AXIS_FIELDS);
    const named = odd === undefined ? '' : `unknown field '${odd}'${near ? ` (did you mean '${near}'?)` : ''}; `;
    return `field '${path}': ${named}expected an axis {"key": "lambda", "values": [...]} or {"name": "...", "levels": [{"label": "...", "set": {...}}]}`;
  }
  if (issue.code === 'invalid_union' && path === 'seeds') return `field 'seeds': expected a number of seeds (1…1000) or a list of seeds`;
  if (issue.code === 'invalid_union' && path === 'base') return `field 'base': expected a config file path (relative to the sweep file) or a config object`;
  return describeIssue(issue, raw);
}

/** Every cell of the grid, first axis slowest. */
export function cells(s: Sweep): Cell[] {
  let out: Cell[] = [{ key: '', levels: {}, set: {} }];
  for (const axis of s.axes) {
    out = out.flatMap((c) =>
      axis.levels.map((l) => ({
        key: c.key ? `${c.key},${cellPart(axis.name, l.label)}` : cellPart(axis.name, l.label),
        levels: { ...c.levels, [axis.name]: l.label },
        set: { ...c.set, ...l.set },
      })),
    );
  }
  return out;
}

/** The validated config of one cell and seed: base, then the sweep's set, the cell's levels, the seed. A refused field set by `setKeys` (--set) is blamed on it. */
export function cellConfig(s: Sweep, cell: Cell, seedValue: number, source: string, setKeys: string[] = []): Config {
  const raw = structuredClone(s.base);
  for (const [k, v] of Object.entries({ ...s.set, ...cell.set })) setPath(raw, k.split('.'), structuredClone(v));
  raw.seed = seedValue;
  return validateConfig(raw, source, setKeys);
}

function levelLabel(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `name=label` with characters unsafe in a file name replaced by `_`. */
function cellPart(name: string, label: string): string {
  return `${name}=${label}`.replace(/[^A-Za-z0-9._=+-]/g, '_');
}
