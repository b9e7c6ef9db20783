// Issue 13's rows: full checks at n = 10, 100, 1000, 10⁴ of a smooth black-box f (bench/smooth.mjs)
// and of a tanh network (checkNetwork), cold (the first check in a fresh node process, one spawn
// per sample: bench/cold.mjs) and warm (median in this process after a warm-up), beside
// torch.autograd.gradcheck's slow mode on the same smooth f written in torch, cold (a fresh python
// per sample) and warm. Evaluations per coordinate are against the 2n of a plain central difference.
// `node bench/small-checks.mjs` runs it alone (after `npm run build`); run.mjs includes it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkGradient, checkNetwork } from "../dist/index.js";
import { benchNetwork, medianSeconds } from "./measure.mjs";
import { NETWORK_OF_SIZE, SIZES } from "./sizes.mjs";
import { smoothFunction } from "./smooth.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = "/usr/bin/python3";
/** Cold samples per row (fewer where one check takes seconds): the median is reported. */
const coldSamples = (n) => (n >= 10_000 ? 1 : n >= 1000 ? 3 : 7);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
};

function coldNode(kind, n) {
  const runs = [];
  for (let s = 0; s < coldSamples(n); s++) {
    const run = spawnSync(process.execPath, [path.join(here, "cold.mjs"), kind, String(n)], { encoding: "utf8" });
    if (run.status !== 0) throw new Error(run.stderr);
    runs.push(JSON.parse(run.stdout).seconds);
  }
  return median(runs);
}

function coldTorch(args, n) {
  const runs = [];
  for (let s = 0; s < coldSamples(n); s++) {
    const run = spawnSync(PYTHON, [path.join(here, "torch_gradcheck.py"), ...args], { encoding: "utf8" });
    if (run.status !== 0) return null;
    runs.push(JSON.parse(run.stdout).seconds);
  }
  return median(runs);
}

/** torch's side, warm: slow mode on the smooth f and on the networks of each size, in one python process; and the points file the cold network runs read. */
function warmTorch() {
  const file = path.join(here, "results", "small-points.json");
  const points = SIZES.map((n) => {
    const layers = NETWORK_OF_SIZE[n];
    const { network, samples } = benchNetwork(layers);
    return {
      name: `[${layers.join(",")}]`,
      layers,
      w: Array.from(network.parameters),
      input: samples[0].input,
      target: samples[0].target,
      slow: true,
      budget: 0.5,
    };
  });
  points[0].smooth = SIZES;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(points));
  const run = spawnSync(PYTHON, [path.join(here, "torch_gradcheck.py"), file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) return null;
  return { file, ...JSON.parse(run.stdout) };
}

export function torchAvailable() {
  return spawnSync(PYTHON, ["-c", "import torch"]).status === 0;
}

/** The rows: per n, the smooth black-box f and the network, cold and warm, with evaluations per coordinate. */
export function smallChecks() {
  const torchWarm = torchAvailable() ? warmTorch() : null;
  const torch = torchWarm !== null;
  const rows = [];
  // Warm-up for the warm columns: every path once on the smallest sizes.
  for (let r = 0; r < 20; r++) {
    const { f, gradient, x } = smoothFunction(10);
    checkGradient(f, x, gradient(x), { mode: "full" });
    const { network, samples } = benchNetwork(NETWORK_OF_SIZE[10]);
    checkNetwork(network, samples, { mode: "full" });
  }
  for (const n of SIZES) {
    const { f, gradient, x } = smoothFunction(n);
    const claimed = gradient(x);
    const smoothReport = checkGradient(f, x, claimed, { mode: "full" });
    const smoothWarm = medianSeconds(() => checkGradient(f, x, claimed, { mode: "full" }), 1, 50).seconds;
    const { network, samples } = benchNetwork(NETWORK_OF_SIZE[n]);
    const networkReport = checkNetwork(network, samples, { mode: "full" });
    const networkWarm = medianSeconds(() => checkNetwork(network, samples, { mode: "full" }), 1, 200).seconds;
    rows.push({
      n,
      smooth: {
        ok: smoothReport.ok,
        evaluations: smoothReport.evaluations,
        byPurpose: smoothReport.evaluationsByPurpose,
        warm: smoothWarm,
        cold: coldNode("smooth", n),
      },
      network: {
        layers: NETWORK_OF_SIZE[n],
        ok: networkReport.ok,
        evaluations: networkReport.evaluations,
        byPurpose: networkReport.evaluationsByPurpose,
        warm: networkWarm,
        cold: coldNode("network", n),
      },
      torch: torch
        ? {
            warm: torchWarm.smooth.find((t) => t.n === n)?.slow_s ?? null,
            cold: coldTorch(["--cold", String(n)], n),
            networkWarm: torchWarm.networks[SIZES.indexOf(n)]?.slow_s ?? null,
            networkCold: coldTorch(["--cold-network", torchWarm.file, String(SIZES.indexOf(n))], n),
          }
        : null,
    });
  }
  return { torch, rows };
}

/**
 * The workers' speed-up: a full checkNetwork at [784,128,10] (101 770 parameters) and a black-box
 * checkGradient of the smooth f at n = 3000 through its module, with workers 1 and with the
 * machine's available parallelism, alternating, median of 3 each. The reports are compared bit for bit.
 */
export function workersSpeedup() {
  const threads = os.availableParallelism();
  const same = (a, b) =>
    JSON.stringify(a, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v, String) : typeof v === "number" ? String(v) : v)) ===
    JSON.stringify(b, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v, String) : typeof v === "number" ? String(v) : v));
  const timed = (run) => {
    const start = process.hrtime.bigint();
    const report = run();
    return { seconds: Number(process.hrtime.bigint() - start) * 1e-9, report };
  };
  const pair = (run) => {
    const one = [];
    const many = [];
    let identical = true;
    for (let r = 0; r < 3; r++) {
      const a = timed(() => run(1));
      const b = timed(() => run(threads));
      identical &&= same(a.report, b.report);
      one.push(a.seconds);
      many.push(b.seconds);
    }
    return { one: median(one), many: median(many), identical };
  };
  const { network, samples } = benchNetwork([784, 128, 10]);
  const networkRow = pair((workers) => checkNetwork(network, samples, { mode: "full", workers }));
  const { f, gradient, x } = smoothFunction(3000);
  const claimed = gradient(x);
  const module = new URL("./smooth-module.mjs", import.meta.url).href;
  const blackRow = pair((workers) => checkGradient(f, x, claimed, { mode: "full", workers, module }));
  return { threads, network: networkRow, blackBox: blackRow };
}

export function printWorkers({ threads, network, blackBox }) {
  const row = (what, r) =>
    `  ${what}: 1 worker ${ms(r.one)} ms, ${threads} workers ${ms(r.many)} ms: speed-up ${(r.one / r.many).toFixed(2)}×; reports ${r.identical ? "identical bit for bit" : "DIFFER"}`;
  return [
    `workers (os.availableParallelism() = ${threads}), median of 3 alternating runs`,
    row("checkNetwork [784,128,10], 101 770 params", network),
    row("checkGradient via module, smooth f, n = 3000", blackBox),
  ].join("\n");
}

const ms = (s) => (s === null || s === undefined ? "—" : s * 1e3 < 10 ? (s * 1e3).toFixed(3) : (s * 1e3).toFixed(1));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : "—");

export function printSmallChecks({ torch, rows }) {
  const lines = [
    "full checks, cold (first check in a fresh process, median of spawns) and warm (median in-process); times in ms; evals/coord against the 2n minimum",
    `${"n".padStart(6)}${"f evals/n".padStart(11)}${"f cold".padStart(10)}${"f warm".padStart(10)}${"torch cold".padStart(12)}${"torch warm".padStart(12)}${"cold ×".padStart(9)}${"warm ×".padStart(9)}${"net evals/n".padStart(13)}${"net cold".padStart(10)}${"net warm".padStart(10)}${"torch cold".padStart(12)}${"torch warm".padStart(12)}${"cold ×".padStart(9)}${"warm ×".padStart(9)}`,
  ];
  for (const r of rows) {
    const t = r.torch ?? {};
    lines.push(
      `${String(r.n).padStart(6)}${(r.smooth.evaluations / r.n).toFixed(2).padStart(11)}${ms(r.smooth.cold).padStart(10)}${ms(r.smooth.warm).padStart(10)}${ms(t.cold).padStart(12)}${ms(t.warm).padStart(12)}` +
        `${ratio(t.cold, r.smooth.cold).padStart(9)}${ratio(t.warm, r.smooth.warm).padStart(9)}${(r.network.evaluations / r.n).toFixed(2).padStart(13)}${ms(r.network.cold).padStart(10)}${ms(r.network.warm).padStart(10)}` +
        `${ms(t.networkCold).padStart(12)}${ms(t.networkWarm).padStart(12)}${ratio(t.networkCold, r.network.cold).padStart(9)}${ratio(t.networkWarm, r.network.warm).padStart(9)}${r.smooth.ok && r.network.ok ? "" : "  (a verdict failed)"}`,
    );
  }
  lines.push(
    torch
      ? "torch: slow mode (fast_mode=False), float64, one thread, eps=1e-6, on the same smooth f and on the same network (tanh, squared error, one sample); × = torch's time over ours"
      : `torch: skipped (${PYTHON} -c "import torch" failed)`,
  );
  return lines.join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(
    `small checks — ${new Date().toISOString()}, node ${process.version}, load ${os
      .loadavg()
      .map((v) => v.toFixed(1))
      .join(" ")}`,
  );
  if (process.argv.includes("--workers")) {
    console.log(printWorkers(workersSpeedup()));
    process.exit(0);
  }
  const result = smallChecks();
  console.log(printSmallChecks(result));
  console.log(JSON.stringify(result.rows.map((r) => ({ n: r.n, smooth: r.smooth.byPurpose, network: r.network.byPurpose }))));
}
