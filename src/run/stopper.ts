import { Breaker } from './breaker.js';

/** Raised inside a run when a stop was requested (a signal); carries the reason. */
export class Interrupted extends Error {
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}`);
  }
}

/**
 * A stop request that can be raced against work in flight: `request` rejects every
 * pending `race` at once with an Interrupted, so a run waiting on a long island epoch
 * stops without waiting for it.
 */
export class Stopper {
  private readonly breaker = new Breaker<Interrupted>();

  /** The reason of the first stop request, or null. */
  get reason(): string | null {
    return this.breaker.error?.reason ?? null;
  }

  /** `work`, or an Interrupted rejection as soon as a stop is requested. */
  race<T>(work: Promise<T>): Promise<T> {
    return this.breaker.race(work);
  }

  request(reason: string): void {
    this.breaker.trip(new Interrupted(reason));
  }

  /** Races in flight (tests: none may stay registered once their work settled). */
  get pending(): number {
    return this.breaker.pending;
  }
}
