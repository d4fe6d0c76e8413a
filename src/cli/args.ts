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
    // node's messages span lines (an ambiguous value such as `--workers -1` says how to write it): keep them, on one line.
    throw new UserError((e as Error).message.split('\n').join(' '));
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UserError(`unexpected argument '${parsed.positionals[maxPositionals]}'`);
  }
  return parsed;
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
