/**
 * Coordinates spread over worker threads, with no change to the numerics. A full check's
 * evaluations are nearly all the default-step stencils: f(x ± h_m·e_k) at h_m = h, h/2, h/4 for
 * every coordinate k, 6n of a smooth check's 6n + ~120. Workers compute exactly those, ahead of
 * time and into shared memory, each on the same pure function (a network's E from its forward
 * rules, rebuilt in the worker from spec, parameters and samples). Then the differentiator runs
 * on the main thread as it does with one worker. Where it asks for one of those values it reads
 * it; anything else (the noise probes, the ladder's other steps, domain retries) it computes
 * itself. The same code on the same inputs gives the same IEEE doubles in any thread, so the
 * report is bit for bit the one-worker report, its evaluation counts, noise estimates and hints
 * included.
 *
 * The main thread takes chunks too, from the same shared counter, so it never waits for a worker
 * that has not started. It does not wait for chunks still in flight either: a worker's first chunks
 * run in V8's interpreter, slowly, and waiting for them cost more than the workers saved (measured:
 * 0.53× on a busy machine). It goes on with the check at once, and any coordinate whose values are
 * not ready when the check asks for them is computed on the main thread, as with one worker. The
 * values are the same either way, so which thread computed them never shows in the report. The API
 * stays synchronous.
 */
import type { Partial } from "../numeric/evaluate.js";
import type { Precision } from "../numeric/precision.js";
import { stepAt } from "../numeric/step.js";

/** Coordinates per chunk taken from the shared counter: small, so that little is left in flight when the main thread is done. */
const CHUNK = 32;
/** Below this many coordinates a worker's start-up (tens of ms: a thread and the library's modules) costs more than it saves. */
export const PARALLEL_MIN = 32_768;
/** The same for a black-box f, whose every evaluation costs O(n): a check of 1024 coordinates already takes ~6000 of them. */
export const BLACK_BOX_PARALLEL_MIN = 1024;
/** With the seam's `mainTakesChunks: false` only: how long the main thread waits for the workers' chunks. */
const PATIENCE_MS = 60_000;
/** control[NEXT]: the next chunk to take; control[DONE]: chunks finished. */
const NEXT = 0;
const DONE = 1;

/** The shared buffers of one prefetch: per coordinate its default step, the six values, and whether they are ready. */
export interface Shared {
  steps: Float64Array;
  values: Float64Array;
  ready: Int32Array;
  control: Int32Array;
}

/**
 * Test-only seam (test/cli-bin.test.ts): `mainTakesChunks: false` leaves every chunk to the
 * workers and waits for them, so a test sees their values used whatever the machine's load; `swapSigns` plants a
 * mistake in them (f(x − h) stored for f(x + h)), to prove the bit-for-bit test bites.
 */
export const prefetchSeam = { mainTakesChunks: true, swapSigns: false };

/** Takes chunks until none are left and fills each coordinate's six values in the stencil's order (stencil.ts): +h_m, −h_m for m = 0, 1, 2. */
export function fillChunks(partial: Partial, shared: Shared, swapSigns = false): number {
  const { steps, values, ready, control } = shared;
  const n = steps.length;
  const chunks = Math.ceil(n / CHUNK);
  let taken = 0;
  for (;;) {
    const c = Atomics.add(control, NEXT, 1);
    if (c >= chunks) return taken;
    taken++;
    for (let k = c * CHUNK; k < Math.min(n, (c + 1) * CHUNK); k++) {
      const h = steps[k];
      try {
        for (let m = 0; m < 3; m++) {
          const hm = h / 2 ** m; // the same expression as stencil.ts's, so the same step bit for bit
          values[6 * k + 2 * m + (swapSigns ? 1 : 0)] = partial.value(k, hm);
          values[6 * k + 2 * m + (swapSigns ? 0 : 1)] = partial.value(k, -hm);
        }
        Atomics.store(ready, k, 1);
      } catch {
        // f failed here (past its domain): left to the main thread, which meets the same failure itself.
      }
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

/**
 * What a worker needs to rebuild the function: plain data (structured-cloned). A network's E from
 * its spec, parameters and samples; or a user's f, the `f` export of an ES module (imported in each
 * worker: `gradcheck check --module`), at the point x.
 */
export type WorkerJob =
  | { kind: "network"; spec: unknown; parameters: Float64Array; samples: unknown }
  | { kind: "module"; url: string; point: Float64Array };

interface Threads {
  Worker: new (
    file: string | URL,
    options: { workerData: unknown },
  ) => { unref(): void; terminate(): Promise<number>; on(event: string, listener: () => void): void };
}
interface Builtins {
  getBuiltinModule?: (id: string) => unknown;
}

/** node:worker_threads and the worker's file, where the host has both (Node ≥ 20.16, from the built package); else undefined: one worker. */
function workerHost(): { threads: Threads; file: string } | undefined {
  const get = (globalThis as { process?: Builtins }).process?.getBuiltinModule;
  if (typeof get !== "function" || WORKER_FILE === undefined) return undefined;
  const fs = get("node:fs") as { existsSync(path: string): boolean };
  if (!fs.existsSync(WORKER_FILE)) return undefined;
  return { threads: get("node:worker_threads") as Threads, file: WORKER_FILE };
}

/**
 * This module's own file, read from a stack trace because the same source builds to ES modules
 * (import.meta.url) and to CommonJS (__filename), and neither spelling compiles in the other. From
 * the TypeScript sources (vitest) there is no built worker next to it: undefined, one worker.
 */
const WORKER_FILE = ((): string | undefined => {
  const match = /(file:\/\/[^\s()]+|\/[^\s():]+)\/parallel\.js:\d+:\d+/.exec(new Error().stack ?? "");
  if (!match) return undefined;
  const dir = match[1].startsWith("file://") ? decodeURIComponent(new URL(match[1]).pathname) : match[1];
  return `${dir}/parallel-worker.js`;
})();

/** The number of workers the host offers (os.availableParallelism()), 1 where it has none. */
export function availableWorkers(): number {
  const get = (globalThis as { process?: Builtins }).process?.getBuiltinModule;
  const os = typeof get === "function" ? (get("node:os") as { availableParallelism?: () => number }) : undefined;
  return os?.availableParallelism?.() ?? 1;
}

/** Test-only: in the last prefetch, its chunks, those the main thread took, the threads (main included) and its milliseconds. */
export const lastPrefetch = { chunks: 0, byMain: 0, workers: 0, milliseconds: 0 };

/**
 * `partial` with its default-step stencils computed ahead by `workers` threads (the main thread
 * one of them); `partial` itself where workers are unavailable. `build` makes a fresh Partial of
 * the same f for the main thread's chunks, so that `partial` counts only the calls the check makes.
 */
export function prefetched(partial: Partial, build: () => Partial, job: WorkerJob, relative: number, precision: Precision, workers: number): Partial {
  const host = workerHost();
  if (host === undefined || workers <= 1) return partial;
  const startedAt = Date.now();
  const { n } = partial;
  const shared: Shared = {
    steps: new Float64Array(new SharedArrayBuffer(8 * n)),
    values: new Float64Array(new SharedArrayBuffer(48 * n)),
    ready: new Int32Array(new SharedArrayBuffer(4 * n)),
    control: new Int32Array(new SharedArrayBuffer(8)),
  };
  // The step pass 1 of richardson.ts takes first, computed as it computes it.
  for (let k = 0; k < n; k++) shared.steps[k] = stepAt(partial.at(k), relative, precision);
  let started = 0;
  for (let w = 1; w < workers; w++) {
    try {
      const worker = new host.threads.Worker(host.file, { workerData: { job, shared, swapSigns: prefetchSeam.swapSigns } });
      worker.unref();
      started++;
    } catch {
      break; // no thread (or data that cannot be cloned): the main thread takes the chunks
    }
  }
  const byMain = prefetchSeam.mainTakesChunks ? fillChunks(build(), shared) : 0;
  const chunks = Math.ceil(n / CHUNK);
  if (!prefetchSeam.mainTakesChunks) {
    const deadline = Date.now() + PATIENCE_MS;
    for (let done = Atomics.load(shared.control, DONE); done < chunks && Date.now() < deadline; done = Atomics.load(shared.control, DONE))
      Atomics.wait(shared.control, DONE, done, 50);
  }
  // Workers still on a chunk finish it and exit (unref'd: they never hold the process); their
  // coordinates become ready as they finish, and any the check reaches first it computes itself.
  Object.assign(lastPrefetch, { chunks, byMain, workers: started + 1, milliseconds: Date.now() - startedAt });
  const { steps, values, ready } = shared;
  let hits = 0;
  return {
    n,
    at: (k) => partial.at(k),
    value(k, h) {
      if (h !== 0 && Atomics.load(ready, k) === 1) {
        const s = steps[k];
        const q = h === s ? 0 : h === -s ? 1 : h === s / 2 ? 2 : h === -s / 2 ? 3 : h === s / 4 ? 4 : h === -s / 4 ? 5 : -1;
        if (q >= 0) {
          hits++;
          return values[6 * k + q];
        }
      }
      return partial.value(k, h);
    },
    evaluations: () => hits + partial.evaluations(),
  };
}
