import { describe, expect, it } from 'vitest';
import { Breaker } from '../../src/run/breaker.js';

describe('Breaker', () => {
  it('rejects every race in flight and every later one with the first error it is given', async () => {
    const breaker = new Breaker();
    const never = () => new Promise<number>(() => {});
    const a = breaker.race(never());
    const b = breaker.race(never());
    expect(breaker.pending).toBe(2);
    const first = new Error('island 2: worker failed');
    breaker.trip(first);
    breaker.trip(new Error('a later failure'));
    await expect(a).rejects.toBe(first);
    await expect(b).rejects.toBe(first);
    await expect(breaker.race(Promise.resolve(1))).rejects.toBe(first);
    expect(breaker.error).toBe(first);
    expect(breaker.pending).toBe(0);
  });

  it('passes work through untripped, and forgets each race once it settles', async () => {
    const breaker = new Breaker();
    expect(await breaker.race(Promise.resolve(7))).toBe(7);
    await expect(breaker.race(Promise.reject(new Error('own failure')))).rejects.toThrow('own failure');
    await Promise.resolve();
    expect(breaker.pending).toBe(0);
    expect(breaker.error).toBeNull();
  });

  it('guard: work that fails trips the breaker with its own error, and its race is rejected before the others', async () => {
    const breaker = new Breaker();
    const toError = (err: unknown) => new Error(`worker failed: ${(err as Error).message}`);
    const order: string[] = [];
    const earlier = breaker.guard(() => new Promise<number>(() => {}), toError);
    earlier.catch(() => order.push('earlier'));
    let fail: (e: Error) => void = () => {};
    const failing = breaker.guard(() => new Promise<number>((_, reject) => (fail = reject)), toError);
    failing.catch(() => order.push('failing'));
    fail(new Error('injected'));
    await Promise.allSettled([earlier, failing]);
    expect(order).toEqual(['failing', 'earlier']);
    await expect(earlier).rejects.toThrow('worker failed: injected');
    expect(breaker.error?.message).toBe('worker failed: injected');
  });

  it('guard: a start that throws fails like work that rejects, and a tripped breaker starts nothing', async () => {
    const breaker = new Breaker();
    const toError = (err: unknown) => new Error(`worker failed: ${(err as Error).message}`);
    const thrown = breaker.guard<number>(() => {
      throw new Error('assert in postTask');
    }, toError);
    await expect(thrown).rejects.toThrow('worker failed: assert in postTask');
    expect(breaker.error?.message).toBe('worker failed: assert in postTask');
    let started = 0;
    await expect(breaker.guard(() => Promise.resolve(++started), toError)).rejects.toBe(breaker.error);
    expect(started).toBe(0);
  });

  it('race on a tripped breaker observes the work it no longer waits for (no unhandled rejection)', async () => {
    const breaker = new Breaker();
    breaker.trip(new Error('stop'));
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await expect(breaker.race(Promise.reject(new Error('late failure')))).rejects.toThrow('stop');
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
