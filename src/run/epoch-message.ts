import type { EpochInput, EpochOutput } from '../search/island.js';
import type { Member } from '../search/member.js';

/**
 * A population as it crosses between threads: the members' S-expressions in one string
 * (one per line: printed genomes have no newline) and their reward, DL and fitness in one
 * Float64Array. Structured cloning copies these two at once, where it walked an object
 * and its four properties per member: posting an epoch's output was 1–2% of a worker's time.
 */
export interface PackedMembers {
  exprs: string;
  numbers: Float64Array;
}

export type PackedInput = Omit<EpochInput, 'population'> & { population: PackedMembers | null };
export type PackedOutput = Omit<EpochOutput, 'population'> & { population: PackedMembers };

const FIELDS = 3;

export function packMembers(members: readonly Member[]): PackedMembers {
  const numbers = new Float64Array(FIELDS * members.length);
  members.forEach((m, i) => {
    numbers[FIELDS * i] = m.reward;
    numbers[FIELDS * i + 1] = m.dl;
    numbers[FIELDS * i + 2] = m.fitness;
  });
  return { exprs: members.map((m) => m.expr).join('\n'), numbers };
}

export function unpackMembers(p: PackedMembers): Member[] {
  if (p.numbers.length === 0) return [];
  return p.exprs.split('\n').map((expr, i) => ({ expr, reward: p.numbers[FIELDS * i], dl: p.numbers[FIELDS * i + 1], fitness: p.numbers[FIELDS * i + 2] }));
}

export function packInput(input: EpochInput): PackedInput {
  return { ...input, population: input.population && packMembers(input.population) };
}

export function unpackInput(input: PackedInput): EpochInput {
  return { ...input, population: input.population && unpackMembers(input.population) };
}

export function packOutput(output: EpochOutput): PackedOutput {
  return { ...output, population: packMembers(output.population) };
}

export function unpackOutput(output: PackedOutput): EpochOutput {
  return { ...output, population: unpackMembers(output.population) };
}
