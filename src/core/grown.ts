/**
 * Grow-on-demand copies for arrays that only ever grow (reused across genomes, epochs or
 * compiles), so that a long run allocates them a few times rather than once per use.
 */
export function grown<T extends Int32Array | Float64Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  let size = Math.max(a.length, 1);
  while (size < need) size *= 2;
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}
