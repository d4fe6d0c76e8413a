/**
 * A bounded memo of values that never change for a key (a genome's fitness, its class).
 * New entries go into a young map; when it holds `limit` (in entries, or in the units of
 * `weigh`) it becomes the old map and the previous old map is dropped. A hit in the old
 * map is copied into the young one, so what is still in use stays. Memory stays flat on
 * long runs, and no full clear makes every entry miss at once.
 *
 * `weigh` bounds memory rather than entries where values differ in size: genomes of 5
 * and of 1,000 nodes then take their share of the same budget.
 */
export class BoundedMemo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngWeight = 0;

  constructor(readonly limit: number, private readonly weigh: (key: K, value: V) => number = () => 1) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  /** The value for `key`, if held, without keeping it longer (get moves an old entry to the young generation). */
  peek(key: K): V | undefined {
    return this.young.get(key) ?? this.old.get(key);
  }

  /** The value for `key`, computed by `make` and kept when there is none. */
  getOrSet(key: K, make: () => V): V {
    let v = this.get(key);
    if (v === undefined) this.set(key, (v = make()));
    return v;
  }

  set(key: K, value: V): void {
    const w = this.weigh(key, value);
    if (this.youngWeight + w > this.limit && this.young.size > 0) {
      this.old = this.young;
      this.young = new Map();
      this.youngWeight = 0;
    }
    this.young.set(key, value);
    this.youngWeight += w;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}

/**
 * One memo per key — per model phase, since fitness and assessments depend on the phase —
 * for the `keep` keys used last: islands of one worker can be epochs apart, so a lagging
 * island must not push out the phase the others are in.
 */
export class MemosByKey<P, M> {
  private readonly memos = new Map<P, M>();
  /** The key asked for last and its memo: already the most recently used, so nothing to reorder (a snapshot asks once per member). */
  private last: { key: P; memo: M } | null = null;

  constructor(private readonly make: () => M, private readonly keep = Infinity) {}

  for(key: P): M {
    if (this.last !== null && this.last.key === key) return this.last.memo;
    const memo = this.lookUp(key);
    this.last = { key, memo };
    return memo;
  }

  private lookUp(key: P): M {
    let memo = this.memos.get(key);
    if (memo === undefined) {
      memo = this.make();
      if (this.memos.size >= this.keep) this.memos.delete(this.memos.keys().next().value!);
    } else if (this.keep === Infinity) {
      return memo;
    } else {
      this.memos.delete(key); // re-inserted below: most recently used last
    }
    this.memos.set(key, memo);
    return memo;
  }
}
