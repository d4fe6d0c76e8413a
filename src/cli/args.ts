import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UserError } from '../run/errors.js';
import { defaultWorkers } from '../run/pool.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's arguments strictly; unknown flags and missing values are user errors. */
export function parseCommand<T extends Options>(argv: string[], options: T, maxPositionals: number) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;
  const args = attachNegatives(argv, options);
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(parseErrorMessage(e as Error, args, options), true);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UserError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
}

/**
 * `--flag -1` read as `--flag=-1`: node's parser takes a separate value starting with '-'
 * for the next flag, but a negative number after a flag that takes a value is its value
 * (`eval --genome -2`), and a value the command then refuses is better named as such
 * (`--workers -1`) than sent to be attached first.
 */
function attachNegatives(argv: string[], options: Options): string[] {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return [...args, ...argv.slice(i)];
    const name = a.startsWith('--') && !a.includes('=') ? a.slice(2) : undefined;
    const takesValue = name !== undefined && Object.hasOwn(options, name) && options[name].type === 'string';
    if (takesValue && i + 1 < argv.length && /^-[\d.]/.test(argv[i + 1])) args.push(`${a}=${argv[++i]}`);
    else args.push(a);
  }
  return args;
}

/**
 * What was wrong with a command line strict parsing refused, in the tool's words: the
 * flag, and what was expected. Found from the tokens of a lenient parse of the same
 * arguments (node's own messages span lines, suggest quoting that reads as a typo, and
 * are English text, not data).
 */
function parseErrorMessage(e: Error, argv: string[], options: Options): string {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const spec = Object.hasOwn(options, t.name) ? options[t.name] : undefined;
    if (spec === undefined) {
      const known = Object.keys(options).map((o) => `--${o}`);
      const expected = known.length > 0 ? `expected one of ${known.join(', ')}` : 'this command takes no flags';
      return `unknown flag '${t.rawName}'; ${expected} (an argument starting with '-' goes after '--')`;
    }
    if (spec.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
    // Strictly, a separate value starting with '-' (not a number: attachNegatives) reads as the next flag, so the flag has none.
    if (spec.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-')))) return `${t.rawName}: expected a value after it`;
  }
  return e.message.split('\n').join(' ');
}

/** Validate one flag's value with a zod schema; the message names the flag. */
export function flag<T>(name: string, schema: z.ZodType<T>, value: unknown, expected: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UserError(`--${name} ${JSON.stringify(value)}: expected ${expected}`);
  return r.data;
}

export const intFlag = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/**
 * --workers: threads per run (0 runs in this thread); by default one per core; never more
 * than one per island, since a thread runs one island epoch at a time: the rest would only
 * start, take memory and wait (`--workers 999` on 4 islands ran 100 times slower).
 */
export const workersFlag = (value: string | undefined, islands: number) =>
  value === undefined ? defaultWorkers(islands) : Math.min(islands, flag('workers', intFlag(0, 1024), value, 'a number of worker threads (0 runs in this thread)'));
