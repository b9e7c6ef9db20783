/**
 * A worker of parallel.ts: rebuilds the function from plain data and fills default-step stencils
 * from the shared counter until none are left.
 */
import { workerData } from "node:worker_threads";
import { createLayout } from "../network/layout.js";
import type { Network, Sample } from "../network/network.js";
import { networkPartial } from "./network-partial.js";
import { fillChunks, type Shared, type WorkerJob } from "./parallel.js";

const { job, shared, swapSigns } = workerData as { job: WorkerJob; shared: Shared; swapSigns: boolean };
const spec = job.spec as Network["spec"];
const network = { spec, layout: createLayout(spec.d), parameters: job.parameters } as Network;
fillChunks(networkPartial(network, job.samples as Sample[]), shared, swapSigns);
