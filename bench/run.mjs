// `npm run bench` (`-- --quick` for the verdict sections at a few seconds' size): every comparison of issue 4 in one run — engine roofline, gradcheck's checks,
// torch.autograd.gradcheck when Debian's python3-torch is installed, and the largest check's
// peak memory. Prints a table and writes bench/results/latest.json. Timings are medians over
// repeats after a warm-up; the machine may be shared, so read ratios, not absolute times.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { meanErrorFunction } from "../dist/check/check-network.js";
import { checkGradient, checkNetwork } from "../dist/index.js";
import { backwardPass, createTrace, forwardPass } from "../dist/network/backprop.js";
import { accuracy, printAccuracy } from "./accuracy.mjs";
import { benchNetwork, flopsPerSample, medianSeconds, scalarPeak } from "./measure.mjs";
import { printSmallChecks, printWorkers, smallChecks, workersSpeedup } from "./small-checks.mjs";
import { FULL_FAMILY_CASES, familyExamples, familyTable, familyVerdicts, verdicts } from "./verdicts.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const ENGINE = [
  [2, 3, 1],
  [16, 32, 16, 1],
  [784, 128, 10],
  [784, 256, 128, 10],
];
const CHECKS = [
  [1, 3, 1],
  [9, 9, 1],
  [11, 31, 19, 1],
  [68, 91, 40, 1],
  [2, 3, 1],
  [16, 32, 16, 1],
  [784, 128, 10],
  [784, 256, 128, 10],
];
/** checkGradient sees f as a black box: 6n evaluations of an O(n) f. Above this n it would take minutes. */
const BLACK_BOX_LIMIT = 10_000;
/** torch's slow mode is O(n²) too (2n evaluations of e); above this n it would take minutes. */
const TORCH_SLOW_LIMIT = 10_000;
const PYTHON = "/usr/bin/python3";
const name = (layers) => `[${layers.join(",")}]`;
const ms = (s) => (s === null || s === undefined ? "—" : s * 1e3 < 10 ? (s * 1e3).toFixed(3) : (s * 1e3).toFixed(1));
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(1)}×` : "—");

function engineRow(layers, peak) {
  const { network, samples } = benchNetwork(layers);
  const { spec, layout, parameters: w } = network;
  const trace = createTrace(spec.d);
  const delta = createTrace(spec.d).x;
  const gradient = new Float64Array(layout.size);
  const flops = flopsPerSample(layers);
  const perRun = Math.max(1, Math.round(2e6 / flops));
  const { input, target } = samples[0];
  const { seconds } = medianSeconds(() => {
    for (let r = 0; r < perRun; r++) {
      forwardPass(spec, layout, w, input, trace);
      backwardPass(spec, layout, w, trace, target, delta, gradient, 1);
    }
  }, 1);
  const perSample = seconds / perRun;
  const gflops = flops / perSample / 1e9;
  return { layers, n: layout.size, seconds: perSample, flops, gflops, ofPeak: gflops / peak };
}

function checkRow(layers) {
  const { network, samples } = benchNetwork(layers);
  const n = network.parameters.length;
  const full = medianSeconds(() => checkNetwork(network, samples, { mode: "full" }), 1.5, 200);
  const report = checkNetwork(network, samples, { mode: "full" });
  const directional = medianSeconds(() => checkNetwork(network, samples, { mode: "directional" }), 1, 200);
  let blackBox = null;
  if (n <= BLACK_BOX_LIMIT) {
    const f = meanErrorFunction(network, samples);
    const claimed = network.meanGradient(samples).gradient;
    blackBox = medianSeconds(() => checkGradient(f, network.parameters, claimed, { mode: "full" }), 1.5, 30);
  }
  const smallestVisibleError = checkNetwork(network, samples, { mode: "directional" }).smallestVisibleError;
  return {
    layers,
    n,
    ok: report.ok,
    evaluations: report.evaluations,
    checkNetwork: full,
    directional,
    checkGradient: blackBox,
    smallestVisibleError,
  };
}

function warm(layers) {
  const { network, samples } = benchNetwork(layers);
  checkNetwork(network, samples, { mode: "full" });
  checkNetwork(network, samples, { mode: "directional" });
  checkGradient(meanErrorFunction(network, samples), network.parameters, network.meanGradient(samples).gradient, { mode: "full" });
}

function torchRows() {
  if (spawnSync(PYTHON, ["-c", "import torch"]).status !== 0)
    return { skipped: `${PYTHON} -c "import torch" failed (apt-get install python3-torch to compare)` };
  const points = CHECKS.map((layers) => {
    const { network, samples } = benchNetwork(layers);
    const n = network.parameters.length;
    return {
      name: name(layers),
      layers,
      w: Array.from(network.parameters),
      input: samples[0].input,
      target: samples[0].target,
      slow: n <= TORCH_SLOW_LIMIT,
    };
  });
  const file = path.join(here, "results", "points.json");
  fs.writeFileSync(file, JSON.stringify(points));
  const run = spawnSync(PYTHON, [path.join(here, "torch_gradcheck.py"), file], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (run.status !== 0) return { skipped: `torch_gradcheck.py failed: ${run.stderr.trim().split("\n").pop()}` };
  return JSON.parse(run.stdout);
}

function peakMemory(layers) {
  const run = spawnSync(process.execPath, [path.join(here, "rss.mjs"), layers.join(",")], { encoding: "utf8" });
  return run.status === 0 ? JSON.parse(run.stdout) : { error: run.stderr.trim() };
}

fs.mkdirSync(path.join(here, "results"), { recursive: true });
const started = new Date();
console.log(
  `gradcheck bench — ${started.toISOString()}, node ${process.version}, ${os.cpus()[0].model}, ${os.cpus().length} cores, load ${os
    .loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}`,
);
const peak = scalarPeak(1);
const peak4 = scalarPeak(4);
console.log(
  `\nscalar float64 peak, same run: ${peak.toFixed(2)} GFLOP/s (tight dot-product loop, one accumulator); ${peak4.toFixed(2)} GFLOP/s with four accumulators`,
);

console.log("\n1. forward + backward per sample (tanh, squared error)");
console.log(
  `${"network".padEnd(20)}${"params".padStart(8)}${"time µs".padStart(12)}${"GFLOP/s".padStart(10)}${"of peak".padStart(10)}${"of 4-acc".padStart(10)}`,
);
const engine = ENGINE.map((layers) => {
  const row = engineRow(layers, peak);
  row.ofPeak4 = row.gflops / peak4;
  const pct = (v) => `${(100 * v).toFixed(0)} %`.padStart(10);
  console.log(
    `${name(layers).padEnd(20)}${String(row.n).padStart(8)}${(row.seconds * 1e6).toFixed(2).padStart(12)}${row.gflops.toFixed(2).padStart(10)}${pct(row.ofPeak)}${pct(row.ofPeak4)}`,
  );
  return row;
});

console.log("\n2. full checks, default settings (Richardson, calibrated bounds), one sample; times in ms");
// Warm-up: compile every path of the checks once on the small networks, so the first row is not timed cold.
for (let r = 0; r < 20; r++) for (const layers of CHECKS.slice(0, 3)) warm(layers);
const checks = CHECKS.map(checkRow);
const torch = torchRows();
const torchOf = (layers) => torch.networks?.find((t) => t.name === name(layers));
console.log(
  `${"network".padEnd(20)}${"params".padStart(8)}${"checkNetwork".padStart(14)}${"directional".padStart(13)}${"checkGradient".padStart(15)}${"torch slow".padStart(12)}${"torch fast".padStart(12)}${"slow/ours".padStart(11)}${"fast/ours".padStart(11)}`,
);
for (const row of checks) {
  const t = torchOf(row.layers);
  row.torch = t ?? null;
  row.slowRatio = t?.slow_s ? t.slow_s / row.checkNetwork.seconds : null;
  row.fastRatio = t?.fast_s ? t.fast_s / row.checkNetwork.seconds : null;
  console.log(
    `${name(row.layers).padEnd(20)}${String(row.n).padStart(8)}${ms(row.checkNetwork.seconds).padStart(14)}${ms(row.directional.seconds).padStart(13)}${ms(row.checkGradient?.seconds).padStart(15)}` +
      `${ms(t?.slow_s).padStart(12)}${ms(t?.fast_s).padStart(12)}${ratio(t?.slow_s, row.checkNetwork.seconds).padStart(11)}${ratio(t?.fast_s, row.checkNetwork.seconds).padStart(11)}${row.ok ? "" : "  (verdict: failed)"}`,
  );
}
console.log(`checkGradient (black box, O(n²)) skipped above n = ${BLACK_BOX_LIMIT}; torch slow mode (O(n²)) skipped above n = ${TORCH_SLOW_LIMIT}.`);
if (torch.skipped) console.log(`torch: skipped — ${torch.skipped}`);
else
  console.log(
    `torch ${torch.torch}, float64, ${torch.threads} thread, gradcheck(eps=1e-6, atol=1e-5, rtol=1e-3); one e(w) costs torch ${torch.networks.map((t) => (t.eval_s * 1e6).toFixed(0)).join("/")} µs`,
  );

console.log(
  `directional at [784,128,10]: smallest single-coordinate error it would have flagged ${checks.find((r) => name(r.layers) === "[784,128,10]").smallestVisibleError?.toExponential(1)} (absolute)`,
);

console.log("\n3. small and black-box checks (issue 13): a smooth black-box f and the network of each size, cold and warm, against torch slow mode");
const small = smallChecks();
console.log(printSmallChecks(small));
const workers = workersSpeedup();
console.log(printWorkers(workers));

const largest = CHECKS[CHECKS.length - 1];
const memory = peakMemory(largest);
console.log(
  `\n4. peak RSS of the largest full check ${name(largest)} (${memory.n} params, fresh process, VmHWM): ${memory.maxRSSMB?.toFixed(1)} MB (node + network before the check: ${memory.baselineMB?.toFixed(1)} MB; the check took ${memory.seconds?.toFixed(2)} s, cold)`,
);

const accuracyResult = accuracy();
console.log(`\n5. ${printAccuracy(accuracyResult)}`);

/** `npm run bench -- --quick` (or GRADCHECK_BENCH_QUICK=1): verdict sections at a few seconds' size. */
const quick = process.argv.includes("--quick") || process.env.GRADCHECK_BENCH_QUICK === "1";
const cases = Number(process.env.GRADCHECK_VERDICT_CASES ?? (quick ? 2000 : 100_000));
const verdictStarted = performance.now();
const verdict = verdicts(cases, 11);
console.log(
  `\n6. verdicts over ${cases} random networks (every activation and loss, seed 11): ${verdict.coordinates} right coordinates judged, ${verdict.falseAlarms.length} false alarms (worst |a − n|/bound ${verdict.worstRatio.toFixed(3)}), ${verdict.kinks} set aside as kinks;`,
);
console.log(
  `   one coordinate moved by 1e-7·‖g‖∞ in ${verdict.wrong} networks (those with ‖g‖∞ > 0): ${verdict.detected} flagged, ${verdict.missed.length} missed, ${verdict.missedAtKink} at a kink, ${verdict.belowResolution} below the coordinate's resolution (its bound in the right check); ${((performance.now() - verdictStarted) / 1000).toFixed(0)} s`,
);

const perEntry = Number(process.env.GRADCHECK_FAMILY_CASES ?? (quick ? 100 : FULL_FAMILY_CASES));
const familyRows = familyVerdicts(perEntry, 1);
const families = familyTable(familyRows);
/** The targets are the issue's: over its families, not the row beyond its range (residuals of ~1e-15). */
const inRange = familyTable(familyRows.filter((r) => !r.family.includes("beyond the issue's range"))).total;
console.log(
  `\n7. adversarial families (bench/families.mjs, seed 1, ${perEntry} cases per family and entry point${quick ? ", quick mode" : ""}): ${families.total.correct} right checks, ${families.total.falseAlarms} false alarms; one smooth coordinate moved by 1e-7·‖g‖∞: ${families.total.flagged} flagged, ${families.total.missed} missed, ${families.total.writtenOff} written off as kinks, ${families.total.blinded} hidden by a bound above the 1-D check's, ${families.total.belowResolution} below resolution; ${families.total.seconds.toFixed(0)} s`,
);
console.log(families.table);
fs.writeFileSync(
  path.join(here, "results", "verdicts.md"),
  `# Verdicts on adversarial families — ${started.toISOString()}\n\n${perEntry} cases per family and entry point, seed 1${quick ? " (quick mode)" : ""}; node ${process.version}.\n\n${families.table}\n`,
);

const hundredK = checks.find((r) => name(r.layers) === "[784,128,10]");
const smallNetworks = checks.filter((r) => r.n >= 10 && r.n <= 10_000 && r.slowRatio !== null);
const torchRatios = (pick) => (small.torch ? small.rows.every(pick) : null);
const wide = engine.filter((r) => r.layers[0] === 784);
const targets = {
  "full check ≥ 20× faster than torch slow mode, 10..10 000 params": smallNetworks.length ? smallNetworks.every((r) => r.slowRatio >= 20) : null,
  "checkNetwork ≥ 20× torch slow mode at n = 10..10⁴, warm": torchRatios((r) => r.torch.networkWarm / r.network.warm >= 20),
  "checkNetwork ≥ 20× torch slow mode at n = 10..10⁴, cold (fresh process)": torchRatios((r) => r.torch.networkCold / r.network.cold >= 20),
  "black-box checkGradient ≥ 20× torch slow mode on the same smooth f, warm": torchRatios((r) => r.torch.warm / r.smooth.warm >= 20),
  "black-box checkGradient ≥ 20× torch slow mode on the same smooth f, cold": torchRatios((r) => r.torch.cold / r.smooth.cold >= 20),
  "full check on smooth f ≤ 3n + O(log n) evaluations (black box, n = 10⁴)": small.rows[small.rows.length - 1].smooth.evaluations <= 3 * 10_000 + 200,
  "100k full check with error bounds < 1 s": hundredK.checkNetwork.seconds < 1,
  "directional at 100k < 10 ms": hundredK.directional.seconds < 0.01,
  "forward + backward ≥ 60 % of peak on 784-wide": wide.every((r) => r.ofPeak >= 0.6),
  "peak RSS of the largest check < 150 MB": memory.maxRSSMB < 150,
  "accuracy: median ≤ 1e-12 and worst ≤ 1e-9 relative error": accuracyResult.ours.median <= 1e-12 && accuracyResult.ours.worst <= 1e-9,
  "verdicts: no false alarm": verdict.falseAlarms.length === 0,
  "verdicts: every wrong gradient the check can resolve is flagged": verdict.missed.length === 0,
  "families (issue's range): no false alarm": inRange.falseAlarms === 0,
  "families (issue's range): no error on a smooth coordinate missed, written off or hidden above resolution":
    inRange.missed + inRange.writtenOff + inRange.blinded === 0,
  "families: no check threw": families.total.threw === 0,
};
console.log("\ntargets");
for (const [target, met] of Object.entries(targets)) console.log(`  ${met === null ? "n/a " : met ? "met " : "MISS"}  ${target}`);
const out = {
  date: started.toISOString(),
  node: process.version,
  cpu: os.cpus()[0].model,
  cores: os.cpus().length,
  load: os.loadavg(),
  peakGflops: peak,
  peak4Gflops: peak4,
  engine,
  checks,
  torch,
  small,
  workers,
  memory,
  accuracy: accuracyResult,
  verdicts: { ...verdict, falseAlarms: verdict.falseAlarms.slice(0, 20), missed: verdict.missed.slice(0, 20) },
  families: {
    perEntry,
    total: families.total,
    rows: familyRows.map((r) => ({
      ...r,
      falseAlarms: r.falseAlarms.length,
      missed: r.missed.length,
      writtenOff: r.writtenOff.length,
      blinded: r.blinded.length,
      threw: r.threw.length,
    })),
    examples: familyExamples(familyRows),
  },
  targets,
};
fs.writeFileSync(path.join(here, "results", "latest.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log("\nwrote bench/results/latest.json and bench/results/verdicts.md");
