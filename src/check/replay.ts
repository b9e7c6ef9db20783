/**
 * The async checks run the sync check itself, replayed: the user's async functions are
 * replaced by synchronous lookups in a cache of their settled values; a pass that asks for a
 * value the cache lacks records the point, answers with a placeholder (an earlier value) and goes
 * on collecting up to BATCH such points; its result is then discarded, the points are evaluated
 * (sequentially, or `concurrency` at a time), and the check runs again. A pass that met no
 * missing point computed exactly what the sync check computes on the settled values: its report
 * is the answer. A rejected evaluation is cached as a throw: the check reports it with its own
 * typed error (FunctionEvaluationError naming where). Placeholders can lead a discarded pass to
 * ask for points the real check never needs; those calls are counted in `calls`.
 */
import { InvalidArgumentError } from "../base/errors.js";

/** Missing points one discarded pass collects before it stops. */
export const BATCH = 256;

/** Options of every async check. */
export interface AsyncOptions {
  /** Evaluations in flight at once (default 1: one after another). */
  concurrency?: number;
}

type Settled = { ok: true; value: unknown } | { ok: false; reason: unknown };
// biome-ignore lint/suspicious/noExplicitAny: the user's functions are called with whatever the check passes
type AnyFunction = (...args: any[]) => unknown;

/** Every number in a value, in order: a cache key that tells points apart exactly (String(v) round-trips). */
function keyOf(args: readonly unknown[]): string {
  const parts: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === "number") parts.push(String(v));
    else if (ArrayBuffer.isView(v)) parts.push(`[${Array.prototype.join.call(v, ",")}]`);
    else if (Array.isArray(v)) {
      parts.push("[");
      v.forEach(walk);
      parts.push("]");
    } else if (typeof v === "object" && v !== null)
      for (const key of Object.keys(v)) {
        parts.push(key);
        walk((v as Record<string, unknown>)[key]);
      }
    else parts.push(String(v));
  };
  args.forEach((a) => {
    walk(a);
    parts.push("|");
  });
  return parts.join(" ");
}

const STOP = Symbol("replay: batch full");

/** Resolves `concurrency`, refusing anything but a positive integer. */
export function concurrencyOf(fn: string, options: AsyncOptions | undefined): number {
  const c = options?.concurrency ?? 1;
  if (!Number.isInteger(c) || c < 1) throw new InvalidArgumentError(fn, "options.concurrency", "a positive integer", c);
  return c;
}

/** Runs `run` on synchronous stand-ins for `fns` until a pass needs nothing new; returns its result and the real calls of each function. */
export async function replay<R>(
  fns: readonly AnyFunction[],
  run: (sync: AnyFunction[]) => R,
  concurrency: number,
): Promise<{ result: R; calls: number[] }> {
  const caches = fns.map(() => new Map<string, Settled>());
  const placeholders: unknown[] = fns.map(() => STOP);
  const calls = fns.map(() => 0);
  for (;;) {
    const misses: { i: number; key: string; args: unknown[] }[] = [];
    const seen = new Set<string>();
    const sync = fns.map((_, i) => (...args: unknown[]) => {
      const key = keyOf(args);
      const hit = caches[i].get(key);
      if (hit) {
        if (hit.ok) return hit.value;
        throw hit.reason;
      }
      if (!seen.has(`${i}:${key}`)) {
        seen.add(`${i}:${key}`);
        misses.push({ i, key, args: args.map((a) => structuredClone(a)) });
      }
      if (misses.length >= BATCH || placeholders[i] === STOP) throw STOP;
      return placeholders[i];
    });
    let outcome: { ok: true; value: R } | { ok: false; reason: unknown };
    try {
      outcome = { ok: true, value: run(sync) };
    } catch (reason) {
      outcome = { ok: false, reason };
    }
    if (misses.length === 0) {
      if (outcome.ok) return { result: outcome.value, calls };
      throw outcome.reason;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < misses.length) {
        const { i, key, args } = misses[next++];
        calls[i]++;
        let settled: Settled;
        try {
          settled = { ok: true, value: await fns[i](...args) };
        } catch (reason) {
          settled = { ok: false, reason };
        }
        caches[i].set(key, settled);
        if (settled.ok && placeholders[i] === STOP) placeholders[i] = settled.value;
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, misses.length) }, worker));
  }
}
