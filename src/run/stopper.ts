/** Raised inside a run when a stop was requested (a signal); carries the reason. */
export class Interrupted extends Error {
  constructor(readonly reason: string) {
    super(`interrupted by ${reason}`);
  }
}

/**
 * A stop request that can be raced against work in flight: `request` rejects `promise`
 * at once, so a run waiting on a long island epoch stops without waiting for it.
 */
export class Stopper {
  reason: string | null = null;
  readonly promise: Promise<never>;
  private reject!: (e: Interrupted) => void;

  constructor() {
    this.promise = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    // Nobody may be racing when the request comes; that is not an unhandled error.
    this.promise.catch(() => {});
  }

  request(reason: string): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.reject(new Interrupted(reason));
  }
}
