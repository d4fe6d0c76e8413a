/** Raised inside a run when a stop was requested (a signal); carries the reason. */
export class Interrupted extends Error {
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}`);
  }
}

/**
 * A stop request that can be raced against work in flight: `request` rejects every
 * pending `race` at once, so a run waiting on a long island epoch stops without waiting
 * for it.
 */
export class Stopper {
  reason: string | null = null;
  private readonly waiting = new Set<(e: Interrupted) => void>();

  /**
   * `work`, or an Interrupted rejection as soon as a stop is requested. Each race
   * unregisters when it settles: one long-lived promise raced every epoch would keep
   * every epoch's result reachable (Promise.race leaves a reaction on it each time).
   */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.reason !== null) return Promise.reject(new Interrupted(this.reason));
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }

  request(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    for (const reject of this.waiting) reject(new Interrupted(reason));
    this.waiting.clear();
  }

  /** Races in flight (tests: none may stay registered once their work settled). */
  get pending(): number {
    return this.waiting.size;
  }
}
