import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/cli.js';

/**
 * V8 keeps "protectors": isolate-wide promises (no ArrayBuffer was ever detached, no array
 * prototype was changed, ...) that optimised code relies on. Breaking one is silent and
 * permanent for the isolate: detaching a single ArrayBuffer (transferring it to another
 * thread) makes every typed-array loop check for detachment, ~2.5 times slower in a
 * microbenchmark, and the evaluator is typed-array loops. `--trace-protector-invalidation`
 * prints each one broken, in any thread.
 */
const TRACE = '--trace-protector-invalidation';
const INVALIDATED = /Invalidating protector cell (\w+)/g;

function invalidated(output: string): string[] {
  return [...output.matchAll(INVALIDATED)].map((m) => m[1]);
}

describe('V8 protectors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mesa-evo-protectors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the trace reports one broken in a worker thread (so that the next test can fail)', () => {
    const script = `
      import { Worker } from 'node:worker_threads';
      new Worker("const b = new ArrayBuffer(8); structuredClone(b, { transfer: [b] });", { eval: true });`;
    const r = spawnSync(process.execPath, [TRACE, '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(invalidated(r.stdout + r.stderr)).toEqual(['ArrayBufferDetaching']);
  });

  it('a run on a pool of worker threads breaks none, in the main thread or the workers', () => {
    const r = cli(['run', 'configs/default.json', '--workers', '2', '--out', join(dir, 'run'), '--set', 'search.budget=20000'], { nodeFlags: [TRACE] });
    expect(r.status).toBe(0);
    expect(invalidated(r.stdout + r.stderr)).toEqual([]);
  });
});
