/**
 * A bounded memo of values that never change for a key (a genome's fitness, its class).
 * At most 2 × `limit` entries: new entries go into a young map; when it is full it
 * becomes the old map and the previous old map is dropped. A hit in the old map is
 * copied into the young one, so what is still in use stays. Memory stays flat on long
 * runs, and no full clear makes every entry miss at once.
 */
export class BoundedMemo<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(readonly limit: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.limit) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
