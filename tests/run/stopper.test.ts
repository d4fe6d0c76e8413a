import { describe, expect, it } from 'vitest';
import { Interrupted, Stopper } from '../../src/run/stopper.js';

describe('Stopper', () => {
  it('passes work through and forgets a race once its work settles (nothing of it stays reachable)', async () => {
    const stopper = new Stopper();
    for (let epoch = 0; epoch < 100; epoch++) expect(await stopper.race(Promise.resolve(epoch))).toBe(epoch);
    await expect(stopper.race(Promise.reject(new Error('worker failed')))).rejects.toThrow('worker failed');
    await Promise.resolve();
    expect(stopper.pending).toBe(0);
  });

  it('rejects the race in flight at once when a stop is requested, and every later race', async () => {
    const stopper = new Stopper();
    const never = new Promise<number>(() => {});
    const running = stopper.race(never);
    expect(stopper.pending).toBe(1);
    stopper.request('SIGINT');
    await expect(running).rejects.toBeInstanceOf(Interrupted);
    await expect(running).rejects.toThrow('interrupted by SIGINT');
    expect(stopper.pending).toBe(0);
    await expect(stopper.race(Promise.resolve(1))).rejects.toThrow('interrupted by SIGINT');
    stopper.request('SIGTERM');
    expect(stopper.reason).toBe('SIGINT');
  });
});
