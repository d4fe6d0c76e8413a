import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../src/cli/eval.js';
import { parseRunArgs } from '../../src/cli/run.js';
import { UserError } from '../../src/run/errors.js';
import { ROOT } from './cli.js';

/** Hostile command lines: argument parsing returns a plan or throws a UserError; it never crashes or touches files. */
const TOKENS = ['--seed', '--workers', '--out', '--set', '--force', '--json', '--genome', '--genome-file', '-h', '--', 'configs/default.json', 'configs/missing.json', 'README.md', '/dev/null', '7', '-1', '1e400', 'NaN', 'lambda=0.1', 'lambda=', '=1', 'search.population=1', 'search.temperature=inf', 'world.contexts=2', 'train.contexts={"5":1}', '(mul answer truth)', '(mul answer', 'x'.repeat(10_000)];
const argv = fc.array(fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 20 })), { maxLength: 8 });

function check(parse: (a: string[]) => unknown) {
  return (args: string[]) => {
    try {
      parse(args);
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message.length).toBeGreaterThan(0);
    }
  };
}

describe('CLI arguments under hostile input', () => {
  const cwd = process.cwd();
  it('run', () => {
    process.chdir(ROOT);
    try {
      fc.assert(fc.property(argv, check(parseRunArgs)), { numRuns: 1000 });
    } finally {
      process.chdir(cwd);
    }
  });

  it('eval', () => {
    process.chdir(ROOT);
    try {
      fc.assert(fc.property(argv, check(parseEvalArgs)), { numRuns: 1000 });
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('--workers', () => {
  it('is never more than the islands: a thread runs one island epoch at a time', () => {
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      expect(parseRunArgs(['configs/default.json', '--workers', '999']).workers).toBe(4);
      expect(parseRunArgs(['configs/default.json', '--workers', '3']).workers).toBe(3);
      expect(parseRunArgs(['configs/default.json', '--workers', '0']).workers).toBe(0);
      expect(parseRunArgs(['configs/default.json', '--workers', '9', '--set', 'search.islands=6']).workers).toBe(6);
    } finally {
      process.chdir(cwd);
    }
  });
});
