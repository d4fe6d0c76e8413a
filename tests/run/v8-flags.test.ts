import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../cli/cli.js';

/**
 * V8's cachedDataVersionTag hashes the V8 flags that differ from their defaults, as the
 * check of Node's built-in code cache does: equal tags, the same flags for that check.
 * Each case runs in a node of its own, since V8 flags are process-wide.
 */
function tags(nodeFlags: string[], steps: string): number[] {
  const script = `
    import v8 from 'node:v8';
    const { restoreDefaultFlags, setPoolFlags } = await import(${JSON.stringify(`file://${ROOT}/dist/src/run/v8-flags.js`)});
    const tags = [v8.cachedDataVersionTag()];
    ${steps}
    console.log(JSON.stringify(tags));`;
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as number[];
}

describe('V8 flags and Node\'s code cache', () => {
  const plain = tags([], '')[0];

  it('restoreDefaultFlags gives the flags V8 has without any, whatever the pool and the CLI set', () => {
    const step = 'tags.push(v8.cachedDataVersionTag());';
    // A pool of 1 thread scavenges in parallel, one per core does not: either way the threads start on the code cache.
    const cores = os.availableParallelism();
    const [cli, restored, pool, again] = tags(['--max-semi-space-size=3'], `restoreDefaultFlags(${cores}); ${step} setPoolFlags(); ${step} restoreDefaultFlags(1); ${step}`);
    expect(cli).not.toBe(plain);
    expect(restored).toBe(plain);
    expect(pool).not.toBe(plain);
    expect(again).toBe(plain);
    // With no flags given, restoring changes nothing: the defaults it sets are V8's own.
    expect(tags([], `restoreDefaultFlags(1); ${step} restoreDefaultFlags(${cores}); ${step}`)).toEqual([plain, plain, plain]);
  });
});
