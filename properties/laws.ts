/**
 * The laws the property suite checks, as plain functions of a network and its samples. Each
 * returns the list of its violations (empty when the law holds), so that the properties
 * (properties/*.test.ts) and the mutation proof (mutations.test.ts) run the very same law:
 * the properties against the engine, the mutation proof against engines with a planted mistake.
 */
import { checkNetwork, checkOutputDelta, formatReport, type Network, type Sample } from "../src/index.js";
import type { ElementwiseActivation } from "../src/network/activations.js";

export type Violations = string[];

/** Unit roundoff of float64, 2^−53: the relative rounding of one operation in the normal range. */
export const EPSILON = 2 ** -53;
/** The absolute rounding of one operation below the normal range (subnormal results): at most 2^−1074. */
export const UNDERFLOW = Number.MIN_VALUE;

/**
 * The number of doubles between a and b (0 when equal, ±0 counted as equal). Doubles are
 * ordered like their bit patterns read as sign-magnitude integers.
 */
export function ulpDistance(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Infinity;
  const view = new DataView(new ArrayBuffer(8));
  const ordinal = (v: number): bigint => {
    view.setFloat64(0, v);
    const bits = view.getBigInt64(0);
    return bits < 0n ? -(bits & 0x7fffffffffffffffn) : bits;
  };
  const d = ordinal(a) - ordinal(b);
  return Number(d < 0n ? -d : d);
}

/** The output layer's index L. */
export const depth = (network: Network): number => network.layers.length - 1;

/**
 * θ'(s) as the textbook states it, given s and x = θ(s), written here independently of the
 * engine's activations.ts so that a wrong derivative there cannot hide.
 */
export const textbookDerivative: Readonly<Record<ElementwiseActivation, (s: number, x: number) => number>> = {
  tanh: (_s, x) => 1 - x * x,
  sigmoid: (_s, x) => x * (1 - x),
  relu: (s) => (s > 0 ? 1 : 0),
  identity: () => 1,
};

/**
 * How far the textbook θ' may stray from the exact θ'(s), in absolute terms, because it is
 * computed from a rounded x = θ(s): 1 − x² moves by 2|x|·ε|x| + ε ≤ 3ε, x(1 − x) by about
 * x·ε|x| + ε ≤ 2ε. The engine computes θ' from s where the unit saturates (activations.ts), so
 * there the two differ by this much, and not by a few ulps: as x rounds toward ±1 (or 1), the
 * textbook form keeps only ε / |θ'| of its digits.
 */
export function textbookSlopeRounding(theta: ElementwiseActivation): number {
  return theta === "tanh" ? 3 * EPSILON : theta === "sigmoid" ? 2 * EPSILON : 0;
}

/**
 * Property 1: backprop's mean gradient passes checkNetwork's default (calibrated) verdict. A
 * saturated network's gradient may lie below what any difference quotient resolves (‖g‖∞ of
 * 1e-19 against noise of 1e-14): those coordinates are reported unresolved, which fails by
 * default — the check's own limit, not a disagreement. So the claim is made with
 * `allowUnresolved: true`: no mismatch, no failed direction; "no claim passes with a bound above
 * the gradient's scale" is a property of its own (properties/trust.test.ts).
 */
export function backpropMatchesNumerical(network: Network, samples: readonly Sample[]): Violations {
  const report = checkNetwork(network, samples, { allowUnresolved: true });
  return report.ok ? [] : [formatReport(report)];
}

/**
 * The explicit tolerance of property 1's second form: |a − n| ≤ atol + rtol·max(|a|, |n|) with
 * rtol = 1e-6 and atol = 1e-9·max(1, E, ‖∇E‖∞). Richardson differences on networks with ordinary
 * weights err by about 1e-11 relative (3e-7 at worst, measured on deep identity chains); each of
 * the four planted mistakes errs by a factor of order one.
 */
export const EXPLICIT_RTOL = 1e-6;
export const EXPLICIT_ATOL = 1e-9;

/** Property 1, second form: backprop's mean gradient passes checkNetwork with the explicit tolerance above. */
export function backpropMatchesNumericalExplicitly(network: Network, samples: readonly Sample[]): Violations {
  const { error, gradient } = network.meanGradient(samples);
  let scale = Math.max(1, Math.abs(error));
  for (const g of gradient) scale = Math.max(scale, Math.abs(g));
  const report = checkNetwork(network, samples, { rtol: EXPLICIT_RTOL, atol: EXPLICIT_ATOL * scale });
  return report.ok ? [] : [formatReport(report)];
}

/**
 * How far two evaluations of δ^(L) by the same formula may drift apart: 4 ulps. Each identity
 * below is a product of at most three factors, rounded twice; two associations of it each lie
 * within (1 + ε)² − 1 ≈ 2ε of the exact product, so they differ by less than 4ε relative, and
 * ε|v| < ulp(v) for every double v. Any wrong formula misses by far more.
 */
export const DELTA_ULPS = 4;

/**
 * The output δ^(L) as each identity states it, from x = x^(L), y and s = s^(L):
 * tanh + squared 2(x − y)(1 − x²), sigmoid + squared 2(x − y)x(1 − x), identity + squared
 * 2(x − y), relu + squared 2(x − y)[s > 0], softmax + cross-entropy and sigmoid + cross-entropy
 * x − y (targets summing to 1). Undefined for softmax + squared, which has no closed identity.
 */
export function outputDeltaByIdentity(network: Network, s: number, x: number, y: number): number | undefined {
  const L = depth(network);
  const theta = network.spec.theta[L];
  if (network.spec.loss === "cross-entropy") return x - y;
  if (theta === "softmax") return undefined;
  if (theta === "tanh") return 2 * (x - y) * (1 - x * x);
  if (theta === "sigmoid") return 2 * (x - y) * x * (1 - x);
  if (theta === "relu") return 2 * (x - y) * (s > 0 ? 1 : 0);
  return 2 * (x - y);
}

/**
 * Properties 2 and 3: backprop's δ_j^(L) equals its closed-form identity to DELTA_ULPS ulps, or
 * within the textbook θ' form's own rounding (2|x − y|·textbookSlopeRounding, doubled), for every
 * output unit.
 */
export function outputDeltaIdentity(network: Network, sample: Sample): Violations {
  const L = depth(network);
  const { delta } = network.backward(sample.input, sample.target);
  const { s, x } = network.forward(sample.input);
  const out: Violations = [];
  for (let j = 0; j < x[L].length; j++) {
    const expected = outputDeltaByIdentity(network, s[L][j], x[L][j], sample.target[j]);
    if (expected === undefined) continue;
    const ulps = ulpDistance(delta[L][j], expected);
    const theta = network.spec.theta[L];
    const slopeRounding = network.spec.loss === "cross-entropy" || theta === "softmax" ? 0 : textbookSlopeRounding(theta);
    const textbook = 2 * 2 * Math.abs(x[L][j] - sample.target[j]) * slopeRounding;
    if (ulps > DELTA_ULPS && !(Math.abs(delta[L][j] - expected) <= textbook))
      out.push(`δ_${j + 1}^(${L}) = ${delta[L][j]}, identity gives ${expected} (x = ${x[L][j]}, y = ${sample.target[j]}): ${ulps} ulps apart`);
  }
  return out;
}

/** Property 2, second half: backprop's δ^(L) equals the numerical ∂e/∂s^(L) from perturbing s^(L) directly (checkOutputDelta, calibrated verdict). */
export function outputDeltaMatchesNumerical(network: Network, sample: Sample): Violations {
  const report = checkOutputDelta(network, sample, { allowUnresolved: true });
  return report.ok ? [] : [formatReport(report)];
}

/**
 * Property 4, for tanh + squared, on every output unit with |x| < 1 (where 1 − x² > 0 in floating
 * point) and no underflow (2|x − y|(1 − x²) a normal double or 0): sign(δ) = sign(x − y),
 * |δ| ≤ 2|x − y|, and δ = 0 exactly when x = y. Returns the violations and how many units were in the domain.
 */
export function tanhDeltaSignAndBound(network: Network, sample: Sample): { violations: Violations; judged: number } {
  const L = depth(network);
  const { delta } = network.backward(sample.input, sample.target);
  const { x } = network.forward(sample.input);
  const violations: Violations = [];
  let judged = 0;
  for (let j = 0; j < x[L].length; j++) {
    const [xj, yj, dj] = [x[L][j], sample.target[j], delta[L][j]];
    const exact = 2 * Math.abs(xj - yj) * (1 - xj * xj);
    if (!(Math.abs(xj) < 1) || (exact !== 0 && exact < 2 ** -1022)) continue;
    judged++;
    const where = `unit ${j + 1}: x = ${xj}, y = ${yj}, δ = ${dj}`;
    if (Math.sign(dj) !== Math.sign(xj - yj)) violations.push(`${where}: sign(δ) ≠ sign(x − y)`);
    if (Math.abs(dj) > 2 * Math.abs(xj - yj)) violations.push(`${where}: |δ| > 2|x − y|`);
    if ((dj === 0) !== (xj === yj)) violations.push(`${where}: δ = 0 must hold exactly when x = y`);
  }
  return { violations, judged };
}
