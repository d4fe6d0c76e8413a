import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointState, readCheckpoint, searchStateOf, writeCheckpoint } from '../../src/run/checkpoint.js';
import { primitiveSet } from '../../src/core/primitives.js';
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

  it('turns populations into data and back exactly; a genome that does not parse is refused naming the checkpoint (exit 2)', () => {
    const ps = primitiveSet(config.world.contexts, config.world.sensors);
    const text = state('(lifetime (add (mul answer truth) (ifpos (sub x0 1) -1 1)))');
    const data = searchStateOf(text, ps, 'x.json');
    expect(checkpointState(data, ps)).toEqual(text);
    // Written over several lines by hand: the same genome (populations no longer cross threads as text).
    expect(searchStateOf(state('(mul answer\ntruth)'), ps, 'x.json')).toEqual(searchStateOf(state('(mul answer truth)'), ps, 'x.json'));
    const bad = () => searchStateOf(state('(mul answer)'), ps, 'x.json');
    expect(bad).toThrow(UserError);
    expect(bad).toThrow(/^checkpoint 'x.json': a genome in a population: /);
  });
});
