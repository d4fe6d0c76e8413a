import { GenomeParseError, parse, type Genome } from '../core/genome.js';
import type { PrimitiveSet } from '../core/primitives.js';

/**
 * A mistake in what the user gave us (config, argument, genome, path). The CLI prints
 * its message, after the command's name, and exits 2; nothing else is reported for it.
 * `usage`: the command's usage line follows (a missing argument).
 */
export class UserError extends Error {
  readonly exitCode = 2;

  constructor(message: string, readonly usage = false) {
    super(message);
  }
}

/** Wrap an internal failure with what was being done, so the message says where it happened. */
export function whileDoing(what: string, err: unknown): Error {
  const msg = err instanceof Error ? err.message : String(err);
  return new Error(`${what}: ${msg}`, { cause: err });
}

/** A genome the user gave (`where` says which): a parse error becomes a UserError naming it. */
export function parseUserGenome(text: string, ps: PrimitiveSet, where: string): Genome {
  try {
    return parse(text, ps);
  } catch (e) {
    if (e instanceof GenomeParseError) throw new UserError(`${where}: ${e.message}`);
    throw e;
  }
}
