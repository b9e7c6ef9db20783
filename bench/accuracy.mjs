// The accuracy benchmark: numerical derivatives against known ones, for plain central
// differences with h = 1e-6, the best single fixed h, and gradcheck's Richardson default.
// Usage: node bench/accuracy.mjs   (prints a table; returns rows to bench/run.mjs)
import { createNetwork, differentiate, SAFETY } from "../dist/index.js";

const sigmoid = (t) => 1 / (1 + Math.exp(-t));
/** name, f, f', point, and (for ill-conditioned points) the reason they are set apart. */
const scalarCases = [
  ["x²", (x) => x * x, (x) => 2 * x, 3],
  ["x³ − 2x", (x) => x ** 3 - 2 * x, (x) => 3 * x * x - 2, 1.7],
  ["x⁵ + x²", (x) => x ** 5 + x * x, (x) => 5 * x ** 4 + 2 * x, -0.8],
  ["exp x", Math.exp, Math.exp, 1],
  ["exp(−x²)", (x) => Math.exp(-x * x), (x) => -2 * x * Math.exp(-x * x), 0.5],
  ["ln x", Math.log, (x) => 1 / x, 2],
  ["ln x near 0", Math.log, (x) => 1 / x, 1e-3],
  ["sin x", Math.sin, Math.cos, 1],
  ["cos x", Math.cos, (x) => -Math.sin(x), 2],
  ["sin 10x", (x) => Math.sin(10 * x), (x) => 10 * Math.cos(10 * x), 0.3],
  ["1/x", (x) => 1 / x, (x) => -1 / (x * x), 0.5],
  ["1/x near 0", (x) => 1 / x, (x) => -1 / (x * x), 1e-2],
  ["x^1.5 near 0", (x) => x ** 1.5, (x) => 1.5 * Math.sqrt(x), 1e-3],
  ["√x", Math.sqrt, (x) => 0.5 / Math.sqrt(x), 0.01],
  ["tanh x", Math.tanh, (x) => 1 - Math.tanh(x) ** 2, 0.5],
  ["tanh 5x", (x) => Math.tanh(5 * x), (x) => 5 * (1 - Math.tanh(5 * x) ** 2), 0.1],
  ["1e8·x²", (x) => 1e8 * x * x, (x) => 2e8 * x, 1.3],
  ["1e-8·sin x", (x) => 1e-8 * Math.sin(x), (x) => 1e-8 * Math.cos(x), 0.7],
  ["atan x at 100", Math.atan, (x) => 1 / (1 + x * x), 100],
  ["exp x at 30", Math.exp, Math.exp, 30],
  ["x·exp(−x)", (x) => x * Math.exp(-x), (x) => (1 - x) * Math.exp(-x), 2],
  ["sigmoid x", sigmoid, (x) => sigmoid(x) * (1 - sigmoid(x)), -3],
  ["ln(1 + x²) at 1e4", (x) => Math.log1p(x * x), (x) => (2 * x) / (1 + x * x), 1e4],
  ["cos x at 0", Math.cos, (x) => -Math.sin(x), 0, "the derivative is 0: a relative error is undefined (absolute error shown)"],
  [
    "sin x at 1e6",
    Math.sin,
    Math.cos,
    1e6,
    "a known limit: the step scales with |x| (7.8e3 here) while sin varies on a unit scale, so the stencil aliases and its error estimate does not cover the error",
  ],
];

/** A tanh network's error as a function of three of its weights; the true derivative from backprop (checked by the property suite). */
function networkCases() {
  const net = createNetwork({ layers: [3, 5, 1], activation: "tanh" }, undefined, { seed: 4 });
  const sample = { input: [0.3, -1.2, 0.8], target: [0.4] };
  const grad = net.backward(sample.input, sample.target).gradient;
  const w = Float64Array.from(net.parameters);
  return [0, 7, 22].map((k) => {
    const f = (t) => {
      const copy = Float64Array.from(w);
      copy[k] = t;
      const probe = createNetwork({ layers: [3, 5, 1], activation: "tanh" }, copy);
      return probe.error(sample.input, sample.target);
    };
    return [`tanh network [3,5,1], w #${k}`, f, () => grad[k], w[k]];
  });
}

const central = (f, x, h) => (f(x + h) - f(x - h)) / (2 * h);
const relative = (value, truth) => (truth === 0 ? Math.abs(value) : Math.abs(value - truth) / Math.abs(truth));
const median = (values) => [...values].sort((a, b) => a - b)[(values.length - 1) >> 1];

export function accuracy() {
  const cases = [...scalarCases, ...networkCases()].map(([name, f, df, x, illConditioned]) => {
    const truth = df(x);
    const ours = differentiate((v) => f(v[0]), [x]);
    return {
      name,
      x,
      illConditioned,
      truth,
      central: relative(central(f, x, 1e-6), truth),
      fixed: Object.fromEntries([-2, -3, -4, -5, -6, -7, -8, -9, -10].map((p) => [p, relative(central(f, x, 10 ** p), truth)])),
      ours: relative(ours.gradient[0], truth),
      estimate: truth === 0 ? ours.error[0] : ours.error[0] / Math.abs(truth),
      kink: ours.kink[0] === 1,
      evaluations: ours.evaluations,
    };
  });
  const judged = cases.filter((c) => !c.illConditioned);
  const summary = (values) => ({ median: median(values), worst: Math.max(...values) });
  const bestPower = [-2, -3, -4, -5, -6, -7, -8, -9, -10]
    .map((p) => ({ p, ...summary(judged.map((c) => c.fixed[p])) }))
    .sort((a, b) => a.median - b.median)[0];
  return {
    cases,
    central: summary(judged.map((c) => c.central)),
    bestFixed: { h: 10 ** bestPower.p, median: bestPower.median, worst: bestPower.worst, perCase: judged.map((c) => c.fixed[bestPower.p]) },
    ours: summary(judged.map((c) => c.ours)),
    covered: judged.filter((c) => c.ours <= c.estimate).length,
    coveredWithSafety: judged.filter((c) => c.ours <= SAFETY * c.estimate).length,
    judged: judged.length,
  };
}

export function printAccuracy(r) {
  const e = (v) => (v === 0 ? "0" : v.toExponential(1));
  const lines = [
    `accuracy: relative error of d/dx against the true derivative (${r.judged} judged functions, ${r.cases.length - r.judged} set apart)`,
  ];
  lines.push(
    `  ${"function".padEnd(30)}${"x".padEnd(9)}${"central 1e-6".padEnd(14)}${`fixed ${r.bestFixed.h.toExponential(0)}`.padEnd(14)}${"gradcheck".padEnd(12)}${"its estimate".padEnd(14)}calls`,
  );
  r.cases.forEach((c) => {
    const fixed = c.fixed[Math.round(Math.log10(r.bestFixed.h))];
    lines.push(
      `  ${c.name.padEnd(30)}${String(Number(c.x.toPrecision(3))).padEnd(9)}${e(c.central).padEnd(14)}${e(fixed).padEnd(14)}${e(c.ours).padEnd(12)}${e(c.estimate).padEnd(14)}${c.evaluations}${c.kink ? " (kink flagged)" : ""}${c.illConditioned ? "  *" : ""}`,
    );
  });
  lines.push(
    `  median / worst over judged: central h=1e-6 ${e(r.central.median)} / ${e(r.central.worst)}; best fixed h=${r.bestFixed.h.toExponential(0)} ${e(r.bestFixed.median)} / ${e(r.bestFixed.worst)}; gradcheck ${e(r.ours.median)} / ${e(r.ours.worst)}`,
  );
  lines.push(
    `  the error estimate covers the true error in ${r.covered} of ${r.judged} functions, and ${SAFETY}× it (the verdict's bound) in ${r.coveredWithSafety}`,
  );
  for (const c of r.cases.filter((x) => x.illConditioned)) lines.push(`  * ${c.name}: ${c.illConditioned}`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(printAccuracy(accuracy()));
