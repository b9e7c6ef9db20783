// Timing helpers and the bench's networks. Imports the built library (dist/), so run `npm run build` first.
import { createNetwork } from "../dist/index.js";

/** Median seconds of run() over repeats after one warm-up; repeats fill about `budget` seconds (3..max). Runs longer than the budget are timed once, cold. */
export function medianSeconds(run, budget = 1, max = 50) {
  let start = process.hrtime.bigint();
  run();
  const first = Number(process.hrtime.bigint() - start) * 1e-9;
  if (first > budget) return { seconds: first, repeats: 1 };
  const repeats = Math.max(3, Math.min(max, Math.floor(budget / Math.max(first, 1e-7))));
  const times = [];
  for (let r = 0; r < repeats; r++) {
    start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) * 1e-9);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[times.length >> 1], repeats };
}

/**
 * The scalar float64 peak: a tight dot-product loop (one multiply and one add per element) over
 * L1-resident arrays, with one accumulator (the reference: its adds form one dependency
 * chain) and with four (independent chains, closer to what the hardware can issue).
 */
export function scalarPeak(accumulators = 1) {
  const n = 2048;
  const a = new Float64Array(n).map((_, i) => Math.sin(i));
  const b = new Float64Array(n).map((_, i) => Math.cos(i));
  let sink = 0;
  const sweeps = 500;
  const one = () => {
    for (let r = 0; r < sweeps; r++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i] * b[i];
      sink += s;
    }
  };
  const four = () => {
    for (let r = 0; r < sweeps; r++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let i = 0; i < n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
      }
      sink += s0 + s1 + s2 + s3;
    }
  };
  const { seconds } = medianSeconds(accumulators === 1 ? one : four, 1, 40);
  if (sink === 0.5) console.log(sink);
  return (2 * n * sweeps) / seconds / 1e9;
}

/** A seeded tanh network with squared error and one deterministic sample. */
export function benchNetwork(layers) {
  const network = createNetwork({ layers, activation: "tanh", loss: "squared" }, undefined, { seed: 1 });
  const input = Array.from({ length: layers[0] }, (_, i) => Math.sin(i + 1));
  const target = Array.from({ length: layers[layers.length - 1] }, (_, j) => 0.1 * (j + 1) - 0.3);
  return { network, samples: [{ input, target }] };
}

/** Flops of one forward + backward: 2 per weight product forward, 2 per gradient entry, 2 per weight in the δ recursion (layers ≥ 2). */
export function flopsPerSample(layers) {
  let forward = 0;
  let recursion = 0;
  let size = 0;
  for (let l = 1; l < layers.length; l++) {
    forward += 2 * layers[l - 1] * layers[l];
    size += (layers[l - 1] + 1) * layers[l];
    if (l >= 2) recursion += 2 * layers[l - 1] * layers[l];
  }
  return forward + 2 * size + recursion;
}
