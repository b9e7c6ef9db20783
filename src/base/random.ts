/**
 * A small seeded generator (mulberry32), so that every random choice gradcheck makes —
 * initial weights, sampled coordinates, directions — is replayable from one integer seed.
 * Plain closures over a 32-bit state; no global state is touched.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Standard normal, by Box–Muller. */
  normal(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    const u = 1 - next(); // (0, 1]: log is finite
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, normal, int };
}
