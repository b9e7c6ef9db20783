/**
 * `gradcheck explain`: backprop on one sample, written out with its numbers. Every analytic value
 * (from the engine) stands beside a numerical one from the oracle: δ^(L) from checkOutputDelta,
 * hidden δ_j^(l) as ∂e/∂w_0j^(l) (the bias weight, x_0 = 1) and ∂e/∂w_ij^(l) from checkNetwork.
 */
import { checkOutputDelta } from "../check/check-delta.js";
import { checkNetwork } from "../check/check-network.js";
import { type Activation, elementwise } from "../network/activations.js";
import { weightIndex, weightName } from "../network/layout.js";
import { parseArgs } from "./args.js";
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

export function explainCommand(argv: readonly string[], io: Io): number {
  const flags = parseArgs("explain", argv, networkFlags);
  if (flags.help) {
    io.out(EXPLAIN_HELP);
    return EXIT_PASS;
  }
  const { network, samples, seed, description } = problemFromFlags("explain", flags, io.cwd);
  const sample = samples[0];
  const { d, theta, loss } = network.spec;
  const { layout, parameters: w } = network;
  const L = d.length - 1;
  const { s, x } = network.forward(sample.input);
  const { delta, gradient, error } = network.backward(sample.input, sample.target);
  const outputCheck = checkOutputDelta(network, sample);
  const weightCheck = checkNetwork(network, [sample]);
  const agree = (ok: boolean): string => (ok ? green(io.color, "agree") : red(io.color, "DISAGREE"));
  const lines = [
    `gradcheck explain: ${description}; seed ${seed}`,
    `sample: x^(0) = ${list(sample.input)}, y = ${list(sample.target)}`,
    "",
    "forward: s_j^(l) = Σ_i w_ij^(l) x_i^(l−1) (x_0 = 1), x_j^(l) = θ(s_j^(l))",
  ];
  for (let l = 1; l <= L; l++) lines.push(`  l=${l} (${theta[l]}): s = ${list(s[l])}, x = ${list(x[l])}`);
  lines.push(`${errorFormula(theta[L], loss)} = ${num(error)}`, "");
  lines.push(`output layer L=${L}: δ_j^(L) = ∂e/∂s_j^(L) = ${outputDeltaFormula(theta[L], loss)}`);
  for (let j = 0; j < d[L]; j++) {
    const prime = theta[L] === "softmax" ? "" : `θ'(s) = ${num(derivativeOf(theta[L], s[L][j], x[L][j]))}, `;
    lines.push(`  j=${j + 1}: s = ${num(s[L][j])}, x = ${num(x[L][j])}, y = ${num(sample.target[j])}, ${prime}δ = ${num(delta[L][j])}   numeric ∂e/∂s = ${num(outputCheck.numeric[j])}`);
  }
  lines.push(`  δ^(L) and the numerical ∂e/∂s^(L) ${agree(outputCheck.ok)}`);
  for (let l = L; l >= 2; l--) {
    const h = l - 1;
    lines.push("", `hidden layer l=${h}: δ_i^(${h}) = θ'(s_i^(${h})) Σ_j w_ij^(${l}) δ_j^(${l}),  θ'(s) = ${thetaPrime[theta[h] as keyof typeof thetaPrime]}`);
    for (let i = 1; i <= d[h]; i++) {
      const terms = Array.from({ length: d[l] }, (_, j) => `${paren(w[weightIndex(layout, l, i, j)])}·${paren(delta[l][j])}`);
      const sum = Array.from({ length: d[l] }, (_, j) => w[weightIndex(layout, l, i, j)] * delta[l][j]).reduce((a, b) => a + b, 0);
      const prime = derivativeOf(theta[h], s[h][i - 1], x[h][i - 1]);
      const numeric = weightCheck.numeric[weightIndex(layout, h, 0, i - 1)];
      lines.push(`  i=${i}: ${num(prime)} × (${terms.join(" + ")}) = ${num(prime)} × ${num(sum)} = ${num(delta[h][i - 1])}   numeric ∂e/∂w_(0,${i})^(${h}) = ${num(numeric)}`);
    }
  }
  lines.push("", "weights: ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)  (name in reports in brackets)");
  for (let l = 1; l <= L; l++) {
    const picks = [[1, 0], [d[l - 1], d[l] - 1]].slice(0, d[l - 1] === 1 && d[l] === 1 ? 1 : WEIGHTS_PER_LAYER);
    for (const [i, j] of picks) {
      const k = weightIndex(layout, l, i, j);
      lines.push(`  ∂e/∂w_(${i},${j + 1})^(${l}) = ${paren(x[l - 1][i - 1])} × ${paren(delta[l][j])} = ${num(gradient[k])}   numeric ${num(weightCheck.numeric[k])}   [${weightName(layout, k)}]`);
    }
  }
  const ok = outputCheck.ok && weightCheck.ok;
  lines.push("", `every ∂e/∂w (${w.length} weights) against the numerical gradient: ${agree(weightCheck.ok)} (worst |a − n|/bound ${weightCheck.maxRatio.toExponential(1)})`);
  io.out(lines.join("\n"));
  return ok ? EXIT_PASS : EXIT_FAIL;
}

/** θ'(s) for display, from the engine's activation table. */
function derivativeOf(activation: Activation, s: number, x: number): number {
  return activation === "softmax" ? Number.NaN : elementwise[activation].derivative(s, x);
}
