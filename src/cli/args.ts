import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { UserError } from '../run/errors.js';
import { defaultWorkers } from '../run/pool.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse a command's arguments strictly; unknown flags and missing values are user errors. */
export function parseCommand<T extends Options>(argv: string[], options: T, maxPositionals: number) {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UserError(parseErrorMessage(e as Error & { code?: string }, argv, options), true);
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UserError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
}

/**
 * node's parseArgs messages in the tool's words: the flag, and what was expected. Its own
 * span lines and suggest quoting that reads as a typo.
 */
function parseErrorMessage(e: Error & { code?: string }, argv: string[], options: Options): string {
  // node quotes the flag as it was given ('--out', '--set <value>'): the text up to the closing quote, without the placeholder.
  const name = /'(-[^']*)'/.exec(e.message)?.[1].replace(/ <value>$/, '');
  if (name === undefined) return e.message.split('\n').join(' ');
  const known = Object.keys(options).map((o) => `--${o}`);
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const expected = known.length > 0 ? `expected one of ${known.join(', ')}` : 'this command takes no flags';
    return `unknown flag '${name}'; ${expected} (an argument starting with '-' goes after '--')`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (options[name.replace(/^--?/, '')]?.type === 'boolean') return `${name} takes no value`;
    const at = argv.indexOf(name);
    const next = at >= 0 ? argv[at + 1] : undefined;
    // A negative number reads as a flag unless attached; anything else starting with '-' is most likely the next flag.
    if (next !== undefined && /^-[\d.]/.test(next)) return `${name} ${next}: a value starting with '-' must be attached, as in ${name}=${next}`;
    return `${name}: expected a value after it`;
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

/** --workers: threads per run (0 runs in this thread); by default one per core, at most one per island. */
export const workersFlag = (value: string | undefined, islands: number) =>
  value === undefined ? defaultWorkers(islands) : flag('workers', intFlag(0, 1024), value, 'a number of worker threads (0 runs in this thread)');
