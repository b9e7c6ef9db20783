/**
 * checkGradient calls f synchronously; a backend that only reads asynchronously (data(), not
 * dataSync()) cannot answer in time. So the check is replayed: f answers from a cache of values
 * already awaited and, for a point it has not seen, records it and throws. After each run the
 * recorded points are awaited and the check runs again, until a run sees no new point. The check
 * is deterministic (seeded), so the last run is the check itself, made with every value known.
 * Keys are the float32 points: tfjs sees x only after rounding to float32.
 */
import { FunctionEvaluationError } from "../index.js";

class Unseen extends Error {
  constructor(readonly x: Float64Array) {
    super("value not read yet (replayed check)");
  }
}

const keyOf = (x: Float64Array): string => Array.from(Float32Array.from(x)).join(",");

export async function replayed<R>(run: (f: (x: Float64Array) => number) => R, value: (x: Float64Array) => Promise<number>): Promise<R> {
  const known = new Map<string, number>();
  for (;;) {
    const unseen = new Map<string, Float64Array>();
    const f = (x: Float64Array): number => {
      const key = keyOf(x);
      const v = known.get(key);
      if (v !== undefined) return v;
      unseen.set(key, Float64Array.from(x));
      throw new Unseen(x);
    };
    let result: R | undefined;
    try {
      result = run(f);
    } catch (error) {
      if (!(error instanceof FunctionEvaluationError && error.cause instanceof Unseen)) throw error;
    }
    if (unseen.size === 0 && result !== undefined) return result;
    for (const [key, x] of unseen) known.set(key, await value(x));
  }
}
