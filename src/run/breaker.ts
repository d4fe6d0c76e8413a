/**
 * Work raced against a failure or a stop: `trip(error)` rejects every pending `race` at
 * once, and every later one, with the first error it was given. So a run waiting on a long
 * island epoch stops without waiting for it, and epochs queued behind a broken pool fail
 * instead of waiting for a worker that will not come.
 */
export class Breaker<E extends Error = Error> {
  private tripped: E | null = null;
  private readonly waiting = new Set<(e: E) => void>();

  /** The first error given to `trip`, or null. */
  get error(): E | null {
    return this.tripped;
  }

  /**
   * `work`, or a rejection with the breaker's error as soon as it trips. Each race
   * unregisters when it settles: one long-lived promise raced every epoch would keep
   * every epoch's result reachable (Promise.race leaves a reaction on it each time).
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.tripped !== null) {
      work.catch(() => {}); // its failure no longer matters, and must not go unhandled
      return Promise.reject(this.tripped);
    }
    return this.settle(work, reject => reject);
  }

  /**
   * Work started by `start` only while the breaker is whole (a broken pool takes no more
   * tasks), raced as in `race`. When the work fails, or `start` throws, its error (made by
   * `toError`) trips the breaker: this race is rejected with it first, then every other,
   * so the failure a run reports is its own.
   */
  guard<T>(start: () => Promise<T>, toError: (err: unknown) => E): Promise<T> {
    if (this.tripped !== null) return Promise.reject(this.tripped);
    let work: Promise<T>;
    try {
      work = start();
    } catch (err) {
      work = Promise.reject(err);
    }
    return this.settle(work, (reject) => (err: unknown) => {
      const error = toError(err);
      reject(error);
      this.trip(error);
    });
  }

  /** `work`'s outcome, or the breaker's error when it trips first; `onFailure` makes the rejection handler from the race's reject. */
  private settle<T>(work: Promise<T>, onFailure: (reject: (e: unknown) => void) => (err: unknown) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(resolve, onFailure(reject)).finally(() => this.waiting.delete(reject));
    });
  }

  trip(error: E): void {
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
