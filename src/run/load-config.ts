import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { configSchema, type Config } from './config.js';
import { UserError } from './errors.js';

/** Read and validate a config file with `key=value` overrides applied. Throws UserError. */
export function loadConfig(path: string | undefined, sets: string[] = [], overrides: Record<string, unknown> = {}): Config {
  const raw: Record<string, unknown> = path === undefined ? {} : readConfigObject(path);
  // A sweep file given to run would otherwise be refused only for its first unknown field.
  if (path !== undefined && 'axes' in raw) {
    throw new UserError(`config file '${path}': is a sweep file (it has 'axes'); expected a run config, or run the sweep with 'npx mesa-evo sweep ${path}'`);
  }
  for (const s of sets) applySet(raw, s);
  for (const [k, v] of Object.entries(overrides)) setPath(raw, k.split('.'), v);
  return validateConfig(raw, path ?? 'config', sets.map((s) => s.slice(0, s.indexOf('='))));
}

/** Read a JSON object from a file; a missing, unreadable or malformed file is a UserError naming it. */
export function readConfigObject(path: string, what = 'config file'): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`${what} '${path}': cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): expected a readable JSON file`);
  }
  // A byte-order mark (some Windows editors write one) is not part of the JSON.
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${what} '${path}': not valid JSON (${withLine((e as Error).message, text)})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new UserError(`${what} '${path}': expected a JSON object at the top level`);
  return raw as Record<string, unknown>;
}

/** A JSON.parse message with its character position given as a line and column too: a position alone is hard to find in a long file. */
function withLine(message: string, text: string): string {
  const m = /at position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1])).split('\n');
  return `${message}: line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/**
 * Validate a raw config. A refusal names where the value came from: `source` (the file),
 * or the `--set` whose key is the refused field, inside it or around it (`setKeys`), so
 * that a bad `--set` is not blamed on a file that is fine.
 */
export function validateConfig(raw: unknown, source: string, setKeys: string[] = []): Config {
  const r = configSchema.safeParse(raw, { reportInput: true });
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  // Unknown keys are reported at their parent object: the fields are the keys themselves,
  // so a --set elsewhere in that object is not blamed for a typo in the file.
  const fields = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k].join('.')) : [issue.path.join('.')];
  const set = [...setKeys].reverse().find((k) => fields.some((f) => k === f || f.startsWith(`${k}.`) || k.startsWith(`${f}.`)));
  throw new UserError(`${set === undefined ? source : `--set ${set}`}: ${describeIssue(issue, raw)}`);
}

function applySet(raw: Record<string, unknown>, s: string): void {
  const { key, value } = parseSet(s);
  setPath(raw, key.split('.'), value);
}

/** `--set search.population=100` as a key and a value: the value is read as JSON when it parses, else as a string. */
export function parseSet(s: string): { key: string; value: unknown } {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new UserError(`--set '${s}': expected key=value, e.g. --set lambda=0.01`);
  const key = s.slice(0, eq);
  const text = s.slice(eq + 1);
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // An object or array meant as JSON but broken is a mistake to name, not a string to pass on.
    if (/^\s*[[{]/.test(text)) throw new UserError(`--set ${key}: not valid JSON (${(err as Error).message}); expected a JSON value, e.g. --set 'train.contexts={"0":1,"1":1}'`);
    // Not JSON: keep the string, so --set search.temperature=inf works.
  }
  if (!CONFIG_KEY.test(key)) throw new UserError(`--set '${s}': expected a dotted config key such as search.population`);
  return { key, value };
}

/** A dotted config key: `search.population`. */
export const CONFIG_KEY = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/** Set a dotted path (already split) in a raw config object, creating objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let o = obj;
  for (const p of path.slice(0, -1)) {
    if (typeof o[p] !== 'object' || o[p] === null || Array.isArray(o[p])) o[p] = {};
    o = o[p] as Record<string, unknown>;
  }
  o[path[path.length - 1]] = value;
}

/** One line naming the field and what was expected. */
export function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path.map(String);
  const field = path.length ? path.join('.') : '(top level)';
  // JSON writes ±Infinity (from 1e309 in --set) as null, at any depth: name it.
  const nonFinite = (x: unknown) => typeof x === 'number' && !Number.isFinite(x);
  const shown = (v: unknown) => (nonFinite(v) ? String(v) : JSON.stringify(v, (_, x: unknown) => (nonFinite(x) ? String(x) : x)));
  const got = 'input' in issue && issue.input !== undefined ? `, got ${shown(issue.input)}` : '';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const parent = path.length ? `${path.join('.')}.` : '';
      const known = knownKeys(raw, path);
      const key = issue.keys[0];
      const near = closest(key, known);
      // A field given at the wrong depth (`budget` for `search.budget`): the place it has.
      const hint = near ? `${parent}${near}` : placeOf(key, path);
      return `unknown field '${parent}${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; expected one of: ${known.join(', ')}`;
    }
    case 'too_small':
      return `field '${field}': expected a ${issue.origin === 'number' ? 'number' : 'size'} ${issue.inclusive ? '≥' : '>'} ${issue.minimum}${got}`;
    case 'too_big':
      return `field '${field}': expected a ${issue.origin === 'number' ? 'number' : 'size'} ${issue.inclusive ? '≤' : '<'} ${issue.maximum}${got}`;
    case 'invalid_type':
      return `field '${field}': expected ${issue.expected === 'int' ? 'an integer' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}${got}`;
    case 'invalid_union':
      return `field '${field}': expected ${unionExpectation(path)}${got}`;
    case 'custom':
      return `field '${field}': ${issue.message}`;
    default:
      return `field '${field}': ${issue.message.replace(/^Invalid input: /, '')}${got}`;
  }
}

function unionExpectation(path: string[]): string {
  const key = path.join('.');
  if (key === 'search.temperature') return 'a positive number or "inf"';
  if (key === 'train.contexts') return 'a number of contexts (integer ≥ 1) or an object {"context id": weight} (ids 0, 1, … without leading zeros; weights 0 to 1e9)';
  return 'a value of one of the allowed forms';
}

/** The dotted path of a config field named `key` inside the object at `path`, nearest first, or null. */
function placeOf(key: string, path: string[]): string | null {
  let level = [path];
  for (let depth = 0; depth < 3 && level.length > 0; depth++) {
    const next: string[][] = [];
    for (const p of level) {
      for (const k of knownKeys(null, p)) {
        if (k === key && p.length > path.length) return [...p, k].join('.');
        next.push([...p, k]);
      }
    }
    level = next;
  }
  return null;
}

/** The keys the schema accepts at `path` (for unknown-field messages). */
function knownKeys(_raw: unknown, path: string[]): string[] {
  let shape: unknown = configSchema;
  for (const p of path) {
    const s = unwrap(shape) as { shape?: Record<string, unknown> };
    shape = s?.shape?.[p];
  }
  const s = unwrap(shape) as { shape?: Record<string, unknown> };
  return s?.shape ? Object.keys(s.shape) : [];
}

function unwrap(s: unknown): unknown {
  let cur = s as { def?: { innerType?: unknown; in?: unknown; schema?: unknown; type?: string } } | undefined;
  for (let i = 0; i < 10 && cur?.def; i++) {
    const next = cur.def.innerType ?? cur.def.in ?? cur.def.schema;
    if (!next) break;
    cur = next as typeof cur;
  }
  return cur;
}

export function closest(word: string, options: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  if (best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3))) return best;
  // A shared stem catches abbreviations such as popsize → population.
  return options.find((o) => o.slice(0, 3).toLowerCase() === word.slice(0, 3).toLowerCase());
}

function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}
