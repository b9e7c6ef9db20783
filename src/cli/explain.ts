/**
 * `gradcheck explain`: backprop on one sample, written out with its numbers. Every analytic value
 * (from the engine) stands beside a numerical one from the oracle: δ^(L) from checkOutputDelta,
 * hidden δ_j^(l) as ∂e/∂w_0j^(l) (the bias weight, x_0 = 1) and ∂e/∂w_ij^(l) from checkNetwork.
 */
import { checkOutputDelta } from "../check/check-delta.js";
import { checkNetwork } from "../check/check-network.js";
import type { GradientCheckReport } from "../check/report.js";
import { type Activation, elementwise } from "../network/activations.js";
import type { Trace } from "../network/backprop.js";
import { weightIndex, weightName } from "../network/layout.js";
import type { Backward, Network, Sample } from "../network/network.js";
import { parseArgs, stringFlag } from "./args.js";
import { explainBackpropCommand } from "./backprop.js";
import { errorFormula, outputDeltaFormula, thetaPrime } from "./formulas.js";
import { EXPLAIN_HELP } from "./help.js";
import { green, type Io, red } from "./io.js";
import { networkFlags, problemFromFlags } from "./network-flags.js";
import { EXIT_FAIL, EXIT_PASS } from "./usage.js";

const num = (v: number): string => (v < 0 ? "" : " ") + v.toPrecision(8);
const paren = (v: number): string => (v < 0 ? `(${v.toPrecision(4)})` : v.toPrecision(4));
const list = (a: ArrayLike<number>): string => `[${Array.from(a, (v) => v.toPrecision(6)).join(", ")}]`;
/** How many ∂e/∂w_ij^(l) the derivation shows per layer. */
const WEIGHTS_PER_LAYER = 2;

/** Everything the derivation prints: the engine's values and the oracle's. */
interface Derivation {
  network: Network;
  sample: Sample;
  trace: Trace;
  backward: Backward;
  /** checkOutputDelta: δ^(L) against the numerical ∂e/∂s^(L). */
  outputCheck: GradientCheckReport;
  /** checkNetwork on this sample, in full: every ∂e/∂w against its numerical value. */
  weightCheck: GradientCheckReport;
  agree(ok: boolean): string;
}

export function explainCommand(argv: readonly string[], io: Io): number | Promise<number> {
  const flags = parseArgs("explain", argv, { ...networkFlags, backprop: "string" });
  if (flags.help) {
    io.out(EXPLAIN_HELP);
    return EXIT_PASS;
  }
  const backpropPath = stringFlag(flags, "backprop");
  if (backpropPath !== undefined) return explainBackpropCommand(io, backpropPath, flags);
  const { network, samples, seed, description } = problemFromFlags("explain", flags, io.cwd);
  const sample = samples[0];
  const run: Derivation = {
    network,
    sample,
    trace: network.forward(sample.input),
    backward: network.backward(sample.input, sample.target),
    outputCheck: checkOutputDelta(network, sample),
    weightCheck: checkNetwork(network, [sample], { mode: "full" }),
    agree: (ok) => (ok ? green(io.color, "agree") : red(io.color, "DISAGREE")),
  };
  const lines = [`gradcheck explain: ${description}; seed ${seed}`, ...forwardLines(run), "", ...outputLines(run)];
  for (let l = network.layers.length - 1; l >= 2; l--) lines.push("", ...hiddenLines(run, l - 1));
  lines.push("", ...weightLines(run));
  io.out(lines.join("\n"));
  return run.outputCheck.ok && run.weightCheck.ok ? EXIT_PASS : EXIT_FAIL;
}

/** The sample, s^(l) and x^(l) layer by layer, and e. */
function forwardLines({ network, sample, trace, backward }: Derivation): string[] {
  const { d, theta, loss } = network.spec;
  const L = d.length - 1;
  const lines = [
    `sample: x^(0) = ${list(sample.input)}, y = ${list(sample.target)}`,
    "",
    "forward: s_j^(l) = Σ_i w_ij^(l) x_i^(l−1) (x_0 = 1), x_j^(l) = θ(s_j^(l))",
  ];
  for (let l = 1; l <= L; l++) lines.push(`  l=${l} (${theta[l]}): s = ${list(trace.s[l])}, x = ${list(trace.x[l])}`);
  lines.push(`${errorFormula(theta[L], loss)} = ${num(backward.error)}`);
  return lines;
}

/** δ_j^(L) per output unit, with s, x, y, θ'(s), beside the numerical ∂e/∂s_j^(L). */
function outputLines({ network, sample, trace: { s, x }, backward: { delta }, outputCheck, agree }: Derivation): string[] {
  const { d, theta, loss } = network.spec;
  const L = d.length - 1;
  const lines = [`output layer L=${L}: δ_j^(L) = ∂e/∂s_j^(L) = ${outputDeltaFormula(theta[L], loss)}`];
  for (let j = 0; j < d[L]; j++) {
    const prime = theta[L] === "softmax" ? "" : `θ'(s) = ${num(derivativeOf(theta[L], s[L][j], x[L][j]))}, `;
    lines.push(
      `  j=${j + 1}: s = ${num(s[L][j])}, x = ${num(x[L][j])}, y = ${num(sample.target[j])}, ${prime}δ = ${num(delta[L][j])}   numeric ∂e/∂s = ${num(outputCheck.numeric[j])}`,
    );
  }
  lines.push(`  δ^(L) and the numerical ∂e/∂s^(L) ${agree(outputCheck.ok)}`);
  return lines;
}

/** δ_i^(h) by the recursion from layer h + 1, beside the numerical ∂e/∂w_0i^(h) (the bias weight: x_0 = 1, so it equals δ_i^(h)). */
function hiddenLines({ network, trace: { s, x }, backward: { delta }, weightCheck }: Derivation, h: number): string[] {
  const { d, theta } = network.spec;
  const { layout, parameters: w } = network;
  const l = h + 1;
  const lines = [
    `hidden layer l=${h}: δ_i^(${h}) = θ'(s_i^(${h})) Σ_j w_ij^(${l}) δ_j^(${l}),  θ'(s) = ${thetaPrime[theta[h] as keyof typeof thetaPrime]}`,
  ];
  for (let i = 1; i <= d[h]; i++) {
    const terms = Array.from({ length: d[l] }, (_, j) => `${paren(w[weightIndex(layout, l, i, j)])}·${paren(delta[l][j])}`);
    const sum = Array.from({ length: d[l] }, (_, j) => w[weightIndex(layout, l, i, j)] * delta[l][j]).reduce((a, b) => a + b, 0);
    const prime = derivativeOf(theta[h], s[h][i - 1], x[h][i - 1]);
    const numeric = weightCheck.numeric[weightIndex(layout, h, 0, i - 1)];
    lines.push(
      `  i=${i}: ${num(prime)} × (${terms.join(" + ")}) = ${num(prime)} × ${num(sum)} = ${num(delta[h][i - 1])}   numeric ∂e/∂w_(0,${i})^(${h}) = ${num(numeric)}`,
    );
  }
  return lines;
}

/** A few ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l) per layer, then the verdict over every weight. */
function weightLines({ network, trace: { x }, backward: { delta, gradient }, weightCheck, agree }: Derivation): string[] {
  const { d } = network.spec;
  const { layout } = network;
  const lines = [
    "weights: ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)",
    "  (in brackets the name reports use: i as here, 0 = the bias; j counted from 0, so textbook unit j is j−1 there)",
  ];
  for (let l = 1; l < d.length; l++) {
    const picks = [
      [1, 0],
      [d[l - 1], d[l] - 1],
    ].slice(0, d[l - 1] === 1 && d[l] === 1 ? 1 : WEIGHTS_PER_LAYER);
    for (const [i, j] of picks) {
      const k = weightIndex(layout, l, i, j);
      lines.push(
        `  ∂e/∂w_(${i},${j + 1})^(${l}) = ${paren(x[l - 1][i - 1])} × ${paren(delta[l][j])} = ${num(gradient[k])}   numeric ${num(weightCheck.numeric[k])}   [${weightName(layout, k)}]`,
      );
    }
  }
  lines.push(
    "",
    `every ∂e/∂w (${layout.size} weights) against the numerical gradient: ${agree(weightCheck.ok)} (worst |a − n|/bound ${weightCheck.maxRatio.toExponential(1)})`,
  );
  return lines;
}

/** θ'(s) for display, from the engine's activation table. */
function derivativeOf(activation: Activation, s: number, x: number): number {
  return activation === "softmax" ? Number.NaN : elementwise[activation].derivative(s, x);
}
