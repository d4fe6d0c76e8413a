import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from '../../src/run/checkpoint.js';
import { UserError } from '../../src/run/errors.js';
import { loadConfig } from '../../src/run/load-config.js';
import { ROOT } from '../cli/cli.js';
import { initialState } from '../../src/search/search.js';

const config = loadConfig(`${ROOT}/configs/default.json`, []);
const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('checkpoint', () => {
  const state = (expr: string) => ({ ...initialState(), epoch: 1, generation: 10, populations: [[{ expr, reward: 0.5, dl: 9, fitness: 0.47 }]] });

  it('reads back what it wrote', () => {
    const path = join(dir, 'ok.json');
    writeCheckpoint(path, { config, state: state('(mul answer truth)'), logBytes: 123 });
    expect(readCheckpoint(path).state).toEqual(state('(mul answer truth)'));
  });

  it('refuses a genome written over several lines, even with a valid checksum (populations cross threads one per line)', () => {
    const path = join(dir, 'lines.json');
    writeCheckpoint(path, { config, state: state('(mul answer\ntruth)'), logBytes: 0 });
    expect(() => readCheckpoint(path)).toThrow(UserError);
    expect(() => readCheckpoint(path)).toThrow(/expr' invalid \(expected a genome on one line\)/);
  });
});
