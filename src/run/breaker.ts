/**
 * Work raced against a failure or a stop: `trip(error)` rejects every pending `race` at
 * once, and every later one, with the first error it was given. So a run waiting on a long
 * island epoch stops without waiting for it, and epochs queued behind a broken pool fail
 * instead of waiting for a worker that will not come.
 */
export class Breaker {
  private tripped: Error | null = null;
  private readonly waiting = new Set<(e: Error) => void>();

  /** The first error given to `trip`, or null. */
  get error(): Error | null {
    return this.tripped;
  }

  /**
   * `work`, or a rejection with the breaker's error as soon as it trips. Each race
   * unregisters when it settles: one long-lived promise raced every epoch would keep
   * every epoch's result reachable (Promise.race leaves a reaction on it each time).
   */
  race<T>(work: Promise<T>): Promise<T> {
    return this.guard(work, null);
  }

  /**
   * race(work), and when `work` itself fails, its error (made by `toError`) trips the
   * breaker: this race is rejected with it first, then every other (the failure a run
   * reports is the first to reach it).
   */
  guard<T>(work: Promise<T>, toError: ((err: unknown) => Error) | null): Promise<T> {
    if (this.tripped !== null) return Promise.reject(this.tripped);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      const failed = toError === null ? reject : (err: unknown) => {
        const error = toError(err);
        reject(error);
        this.trip(error);
      };
      work.then(resolve, failed).finally(() => this.waiting.delete(reject));
    });
  }

  trip(error: Error): void {
    if (this.tripped !== null) return;
    this.tripped = error;
    for (const reject of this.waiting) reject(error);
    this.waiting.clear();
  }

  /** Races in flight (tests: none may stay registered once their work settled). */
  get pending(): number {
    return this.waiting.size;
  }
}
