/**
 * A worker of parallel.ts: rebuilds the function from plain data (a network's E, or a module's f,
 * imported here) and fills default-step stencils from the shared counter until none are left.
 */
import { workerData } from "node:worker_threads";
import { createLayout } from "../network/layout.js";
import type { Network, Sample } from "../network/network.js";
import { blackBox, type Partial, type ScalarFunction } from "../numeric/evaluate.js";
import { networkPartial } from "./network-partial.js";
import { fillChunks, type Shared, type WorkerJob } from "./parallel.js";

const { job, shared, swapSigns } = workerData as { job: WorkerJob; shared: Shared; swapSigns: boolean };

async function partialOf(job: WorkerJob): Promise<Partial> {
  if (job.kind === "network") {
    const spec = job.spec as Network["spec"];
    const network = { spec, layout: createLayout(spec.d), parameters: job.parameters } as Network;
    return networkPartial(network, job.samples as Sample[]);
  }
  const m = (await import(job.url)) as { f?: unknown; default?: { f?: unknown } };
  const f = (m.f ?? m.default?.f) as ScalarFunction;
  return blackBox("checkGradient", f, job.point);
}

// Whatever fails here (the module will not load) leaves the chunks to the main thread.
partialOf(job).then(
  (partial) => fillChunks(partial, shared, swapSigns),
  () => undefined,
);
