import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PrimitiveSet } from '../core/primitives.js';
import type { Member } from '../search/member.js';
import { dataOf, membersOf } from '../search/population-data.js';
import type { SearchState } from '../search/search.js';
import { writeFileAtomic, writeFileAtomicAsync } from './atomic-write.js';
import type { Config } from './config.js';
import { parseUserGenome, UserError } from './errors.js';

export const CHECKPOINT_FORMAT = 'mesa-evo-checkpoint';
export const CHECKPOINT_VERSION = 1;

/**
 * Everything needed to continue a run. Random streams need no saved state: each
 * island epoch draws from a stream derived from (seed, island, epoch), so the seed in
 * the config and `state.epoch` determine every future draw.
 */
export interface CheckpointPayload {
  config: Config;
  state: CheckpointState;
  /** Size of log.ndjson when the checkpoint was taken: resume truncates the log back to it. */
  logBytes: number;
}

const memberSchema = z.strictObject({ expr: z.string(), reward: z.number(), dl: z.number(), fitness: z.number() });
const classCounts = z.record(z.string(), z.number().int().min(0));
const payloadSchema = z.strictObject({
  config: z.record(z.string(), z.unknown()),
  logBytes: z.number().int().min(0),
  state: z.strictObject({
    epoch: z.number().int().min(0),
    generation: z.number().int().min(0),
    populations: z.array(z.array(memberSchema)).nullable(),
    hallOfFame: z.array(memberSchema.extend({ generation: z.number().int().min(0) })),
    marks: z.array(z.strictObject({ k: z.number().int().nullable(), generation: z.number().int(), evaluations: z.number(), best: memberSchema, classCounts })),
  }),
});

const fileSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  version: z.literal(CHECKPOINT_VERSION),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  payload: z.unknown(),
});

/** The checksum of a payload's JSON text. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Write atomically with a checksum over the payload. */
export function writeCheckpoint(path: string, payload: CheckpointPayload): void {
  writeFileAtomic(path, checkpointText(payload));
}

/** writeCheckpoint without blocking the event loop while the file is written and synced. */
export function writeCheckpointAsync(path: string, payload: CheckpointPayload): Promise<void> {
  return writeFileAtomicAsync(path, checkpointText(payload));
}

function checkpointText(payload: CheckpointPayload): string {
  // The payload is stringified once, for its checksum and the file: the text JSON.stringify
  // gives the whole file object, without a second pass over every population.
  const text = JSON.stringify(payload);
  const sha256 = digest(text);
  return `{"format":${JSON.stringify(CHECKPOINT_FORMAT)},"version":${CHECKPOINT_VERSION},"sha256":"${sha256}","payload":${text}}\n`;
}

/**
 * Read and verify a checkpoint: format, version, checksum and shape. A truncated or
 * corrupted file is refused whole (UserError, exit 2), never half-read. The config it
 * holds is validated by the caller.
 */
export function readCheckpoint(path: string): { config: unknown; state: CheckpointState; logBytes: number } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`checkpoint '${path}': cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UserError(`checkpoint '${path}': corrupted or truncated (not valid JSON); expected a complete checkpoint written by mesa-evo`);
  }
  const file = fileSchema.safeParse(parsed);
  if (!file.success) {
    const issue = file.error.issues[0];
    throw new UserError(`checkpoint '${path}': field '${issue.path.join('.') || '(top level)'}' invalid (${issue.message}); expected a ${CHECKPOINT_FORMAT} version ${CHECKPOINT_VERSION} file`);
  }
  if (digest(JSON.stringify(file.data.payload)) !== file.data.sha256) {
    throw new UserError(`checkpoint '${path}': checksum mismatch, the file is corrupted; expected sha256 ${file.data.sha256}`);
  }
  const payload = payloadSchema.safeParse(file.data.payload);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    throw new UserError(`checkpoint '${path}': field 'payload.${issue.path.join('.')}' invalid (${issue.message})`);
  }
  return payload.data as { config: unknown; state: CheckpointState; logBytes: number };
}

/** The search state as a checkpoint holds it: each population as members with their S-expressions. */
export type CheckpointState = Omit<SearchState, 'populations'> & { populations: Member[][] | null };

export function checkpointState(state: SearchState, ps: PrimitiveSet): CheckpointState {
  return { ...state, populations: state.populations && state.populations.map((d) => membersOf(d, ps)) };
}

/** The search state of a checkpoint read from `path`: a genome that does not parse is refused (UserError). */
export function searchStateOf(state: CheckpointState, ps: PrimitiveSet, path: string): SearchState {
  const genome = (expr: string) => parseUserGenome(expr, ps, `checkpoint '${path}': a genome in a population`);
  return { ...state, populations: state.populations && state.populations.map((members) => dataOf(members, genome)) };
}
