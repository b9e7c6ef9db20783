/**
 * The usual slips of a hand-written backprop, each as the wrong formula it amounts to. To name a
 * learner's slip, checkBackprop recomputes every variant that applies at the first wrong layer —
 * from the learner's own upstream δ^(l+1) (or own δ^(l), for a gradient), the network's forward
 * trace s, x and the target y — and asks which one reproduces the learner's numbers.
 *
 * Notation of Learning From Data: s_j^(l) = Σ_i w_ij^(l) x_i^(l−1) with x_0 = 1, x_j^(l) = θ(s_j^(l)),
 * δ_j^(l) = ∂e/∂s_j^(l). The right rules, for reference:
 *
 *     δ_j^(L) = 2 (x_j − y_j) θ'(s_j)                 squared error, elementwise θ
 *     δ_j^(L) = x_j − y_j                             cross-entropy after softmax (Σ y = 1) or sigmoid
 *     δ_i^(l) = θ'(s_i^(l)) Σ_j w_ij^(l+1) δ_j^(l+1)    i = 1..d(l)
 *     ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)                 x_0^(l−1) = 1
 *
 * Only forward quantities and the learner's own numbers enter a variant; nothing here calls the
 * engine's backward pass.
 */
import { elementwise } from "../network/activations.js";
import type { Trace } from "../network/backprop.js";
import type { Layout } from "../network/layout.js";
import type { ResolvedSpec } from "../network/spec.js";

/** The stable ids of the slips checkBackprop can name. */
export type SlipId =
  | "theta-prime-of-x"
  | "missing-factor-2"
  | "transposed-weight"
  | "bias-in-recursion"
  | "wrong-layer-x"
  | "sign-of-error"
  | "softmax-delta"
  | "extra-theta-prime"
  | "missing-theta-prime"
  | "sum-overwritten"
  | "wrong-sum-index"
  | "s-instead-of-x"
  | "bias-gradient-zero";

/** Every id, in the order checkBackprop tries them. */
export const slipIds: readonly SlipId[] = [
  "theta-prime-of-x",
  "missing-factor-2",
  "transposed-weight",
  "bias-in-recursion",
  "wrong-layer-x",
  "sign-of-error",
  "softmax-delta",
  "extra-theta-prime",
  "missing-theta-prime",
  "sum-overwritten",
  "wrong-sum-index",
  "s-instead-of-x",
  "bias-gradient-zero",
];

/** What a variant is computed from: the network at the weights checked, one sample, one layer l. */
export interface SlipContext {
  readonly spec: ResolvedSpec;
  readonly layout: Layout;
  readonly w: Float64Array;
  /** The forward trace at w on this sample (s^(l), x^(l) for l = 0..L). */
  readonly trace: Trace;
  readonly target: ArrayLike<number>;
  /** The layer whose δ^(l) (or ∂e/∂w^(l)) is wrong. */
  readonly l: number;
  /** The learner's δ^(l+1), judged right (hidden layers only). */
  readonly upstream?: Float64Array;
  /** The learner's δ^(l), judged right (gradient slips only). */
  readonly delta?: Float64Array;
}

/** One known slip: what it is, in words with its formula, and the numbers it produces. */
export interface Slip {
  readonly id: SlipId;
  /** "delta": a wrong δ^(l); "gradient": a wrong ∂e/∂w^(l) from a right δ^(l). */
  readonly kind: "delta" | "gradient";
  readonly description: string;
  /** The values this slip gives at layer l (δ_j for j = 0..d(l)−1, or the layer's block of ∂e/∂w), or null where it cannot occur. NaN marks an entry the slip leaves undefined (an index out of range). */
  values(c: SlipContext): Float64Array | null;
}

const isOutput = (c: SlipContext): boolean => c.l === c.spec.d.length - 1;
const thetaOf = (c: SlipContext, l: number) => c.spec.theta[l];

/** θ'(s) for an elementwise θ at layer l, given s and x = θ(s). */
function prime(c: SlipContext, l: number, s: number, x: number): number {
  const a = thetaOf(c, l);
  if (a === "softmax") return Number.NaN;
  return elementwise[a].derivative(s, x);
}

/** θ' applied to x instead of s: θ'(x) = derivative at s := x, x := θ(x) (tanh: 1 − tanh²(x)). */
function primeOfX(c: SlipContext, l: number, x: number): number {
  const a = thetaOf(c, l);
  if (a === "softmax") return Number.NaN;
  const { theta, derivative } = elementwise[a];
  return derivative(x, theta(x));
}

/** The squared-error output δ with the factor `factor` in place of 2 and θ' given per unit (softmax: its Jacobian). */
function squaredOutput(c: SlipContext, factor: number, thetaPrime: (j: number) => number): Float64Array {
  const { s, x } = c.trace;
  const L = c.l;
  const y = c.target;
  const out = new Float64Array(x[L].length);
  if (thetaOf(c, L) === "softmax") {
    let xg = 0;
    for (let k = 0; k < out.length; k++) xg += x[L][k] * factor * (x[L][k] - y[k]);
    for (let j = 0; j < out.length; j++) out[j] = x[L][j] * (factor * (x[L][j] - y[j]) - xg);
    return out;
  }
  for (let j = 0; j < out.length; j++) out[j] = factor * (x[L][j] - y[j]) * thetaPrime(j);
  void s;
  return out;
}

const rightPrime = (c: SlipContext) => (j: number) => prime(c, c.l, c.trace.s[c.l][j], c.trace.x[c.l][j]);

/**
 * δ_i^(l) = θ'(s_i^(l)) Σ_j w̃_ij δ_k^(l+1), with w̃ read by `weight` (NaN when the slip's index is out of
 * range), θ' by `thetaPrime` and δ^(l+1) at k = `at`(i, j) (j, right; NaN out of range); `last`
 * keeps only the last term of the sum.
 */
function recursion(
  c: SlipContext,
  weight: (i: number, j: number) => number,
  thetaPrime: (i: number) => number,
  last = false,
  at: (i: number, j: number) => number = (_i, j) => j,
): Float64Array | null {
  const up = c.upstream;
  if (isOutput(c) || up === undefined) return null;
  const d = c.spec.d;
  const out = new Float64Array(d[c.l]);
  for (let i = 1; i <= d[c.l]; i++) {
    let sum = 0;
    for (let j = last ? d[c.l + 1] - 1 : 0; j < d[c.l + 1]; j++) {
      const k = at(i, j);
      sum += weight(i, j) * (k >= 0 && k < up.length ? up[k] : Number.NaN);
    }
    out[i - 1] = thetaPrime(i) * sum;
  }
  return out;
}

/** w_ij^(l+1) in the flat layout, or NaN when (i, j) is outside the block (i = 0..d(l), j = 0..d(l+1)−1). */
function weightAbove(c: SlipContext, i: number, j: number): number {
  const { d, offset } = c.layout;
  const m = c.l + 1;
  if (i < 0 || i > d[m - 1] || j < 0 || j >= d[m]) return Number.NaN;
  return c.w[offset[m] + i * d[m] + j];
}

const hiddenPrime = (c: SlipContext) => (i: number) => prime(c, c.l, c.trace.s[c.l][i - 1], c.trace.x[c.l][i - 1]);

/** ∂e/∂w_ij^(l) = v_i δ_j^(l) for i = 0..d(l−1), with v_i given (NaN where undefined). */
function outer(c: SlipContext, v: (i: number) => number): Float64Array | null {
  const delta = c.delta;
  if (delta === undefined) return null;
  const d = c.spec.d;
  const out = new Float64Array((d[c.l - 1] + 1) * d[c.l]);
  for (let i = 0; i <= d[c.l - 1]; i++) for (let j = 0; j < d[c.l]; j++) out[i * d[c.l] + j] = v(i) * delta[j];
  return out;
}

/** x_i^(m) with x_0 = 1, NaN beyond the layer's width. */
const xAt = (c: SlipContext, m: number, i: number): number => (i === 0 ? 1 : i <= c.spec.d[m] ? c.trace.x[m][i - 1] : Number.NaN);

export const slips: readonly Slip[] = [
  {
    id: "theta-prime-of-x",
    kind: "delta",
    description:
      "θ' applied to x = θ(s) instead of s: δ_j^(L) = 2 (x_j − y_j) θ'(x_j) or δ_i^(l) = θ'(x_i^(l)) Σ_j w_ij^(l+1) δ_j^(l+1) — for tanh, 1 − tanh²(x) where 1 − x² = 1 − tanh²(s) belongs",
    values(c) {
      if (thetaOf(c, c.l) === "softmax") return null;
      const x = c.trace.x[c.l];
      if (isOutput(c)) return c.spec.loss === "squared" ? squaredOutput(c, 2, (j) => primeOfX(c, c.l, x[j])) : null;
      return recursion(
        c,
        (i, j) => weightAbove(c, i, j),
        (i) => primeOfX(c, c.l, x[i - 1]),
      );
    },
  },
  {
    id: "missing-factor-2",
    kind: "delta",
    description:
      "the factor 2 of the squared error dropped (the ½ e convention mixed with e = Σ (x − y)²): δ_j^(L) = (x_j − y_j) θ'(s_j) where 2 (x_j − y_j) θ'(s_j) belongs",
    values: (c) => (isOutput(c) && c.spec.loss === "squared" ? squaredOutput(c, 1, rightPrime(c)) : null),
  },
  {
    id: "transposed-weight",
    kind: "delta",
    description:
      "a transposed weight in the recursion: δ_i^(l) = θ'(s_i^(l)) Σ_j w_ji^(l+1) δ_j^(l+1), w read at row j, column i (W^T for W) where w_ij^(l+1) belongs",
    values: (c) =>
      recursion(
        c,
        (i, j) => {
          const t = weightAbove(c, j + 1, i - 1);
          return Number.isNaN(t) ? weightAbove(c, i, j) : t;
        },
        hiddenPrime(c),
      ),
  },
  {
    id: "bias-in-recursion",
    kind: "delta",
    description:
      "the bias row included in the recursion: δ_i^(l) = θ'(s_i^(l)) Σ_j w_(i−1)j^(l+1) δ_j^(l+1), so unit 1 reads the bias weights w_0j (the x_0 = 1 row shifted into the sum)",
    values: (c) => recursion(c, (i, j) => weightAbove(c, i - 1, j), hiddenPrime(c)),
  },
  {
    id: "bias-in-recursion",
    kind: "delta",
    description:
      "the bias row dropped from the weights but not from the indices: δ_i^(l) = θ'(s_i^(l)) Σ_j w_(i+1)j^(l+1) δ_j^(l+1), each unit reading the next unit's row (the last one none)",
    values: (c) => recursion(c, (i, j) => (i + 1 > c.spec.d[c.l] ? 0 : weightAbove(c, i + 1, j)), hiddenPrime(c)),
  },
  {
    id: "wrong-layer-x",
    kind: "gradient",
    description: "the wrong layer's x in the weight gradient: ∂e/∂w_ij^(l) = x_i^(l) δ_j^(l) where x_i^(l−1) δ_j^(l) belongs (x_0 = 1)",
    values: (c) => outer(c, (i) => xAt(c, c.l, i)),
  },
  {
    id: "wrong-layer-x",
    kind: "gradient",
    description: "the wrong layer's x in the weight gradient: ∂e/∂w_ij^(l) = x_i^(l−2) δ_j^(l) where x_i^(l−1) δ_j^(l) belongs (x_0 = 1)",
    values: (c) => (c.l >= 2 ? outer(c, (i) => xAt(c, c.l - 2, i)) : null),
  },
  {
    id: "sign-of-error",
    kind: "delta",
    description: "the sign of the error flipped: δ_j^(L) = 2 (y_j − x_j) θ'(s_j) (or y_j − x_j for cross-entropy) where (x_j − y_j) belongs",
    values(c) {
      if (!isOutput(c)) return null;
      if (c.spec.loss === "squared") return squaredOutput(c, -2, rightPrime(c));
      const { x } = c.trace;
      let total = 0;
      for (let j = 0; j < x[c.l].length; j++) total += c.target[j];
      return Float64Array.from(x[c.l], (xj, j) => -(thetaOf(c, c.l) === "softmax" ? xj * total - c.target[j] : xj - c.target[j]));
    },
  },
  {
    id: "softmax-delta",
    kind: "delta",
    description:
      "softmax + cross-entropy with θ' multiplied in as if softmax were elementwise: δ_j^(L) = (x_j − y_j) x_j (1 − x_j) where δ_j^(L) = x_j − y_j belongs",
    values(c) {
      if (!isOutput(c) || thetaOf(c, c.l) !== "softmax" || c.spec.loss !== "cross-entropy") return null;
      return Float64Array.from(c.trace.x[c.l], (x, j) => (x - c.target[j]) * x * (1 - x));
    },
  },
  {
    id: "softmax-delta",
    kind: "delta",
    description: "softmax + cross-entropy taken as δ_j^(L) = x_j − y_j for targets that do not sum to 1: ∂e/∂s_j = x_j Σ_k y_k − y_j",
    values(c) {
      if (!isOutput(c) || thetaOf(c, c.l) !== "softmax" || c.spec.loss !== "cross-entropy") return null;
      return Float64Array.from(c.trace.x[c.l], (x, j) => x - c.target[j]);
    },
  },
  {
    id: "softmax-delta",
    kind: "delta",
    description:
      "softmax + squared error with softmax differentiated elementwise: δ_j^(L) = 2 (x_j − y_j) x_j (1 − x_j) where δ_j^(L) = x_j (g_j − Σ_k x_k g_k), g_k = 2 (x_k − y_k), belongs",
    values(c) {
      if (!isOutput(c) || thetaOf(c, c.l) !== "softmax" || c.spec.loss !== "squared") return null;
      return Float64Array.from(c.trace.x[c.l], (x, j) => 2 * (x - c.target[j]) * x * (1 - x));
    },
  },
  {
    id: "extra-theta-prime",
    kind: "delta",
    description:
      "sigmoid + cross-entropy with θ' multiplied in again: δ^(L) = (x − y) x (1 − x) where δ^(L) = x − y belongs (θ' cancels against the loss)",
    values(c) {
      if (!isOutput(c) || thetaOf(c, c.l) !== "sigmoid" || c.spec.loss !== "cross-entropy") return null;
      return Float64Array.from(c.trace.x[c.l], (x, j) => (x - c.target[j]) * x * (1 - x));
    },
  },
  {
    id: "missing-theta-prime",
    kind: "delta",
    description: "θ' left out: δ_j^(L) = 2 (x_j − y_j) or δ_i^(l) = Σ_j w_ij^(l+1) δ_j^(l+1), without the factor θ'(s_i^(l))",
    values(c) {
      if (isOutput(c)) return c.spec.loss === "squared" && thetaOf(c, c.l) !== "softmax" ? squaredOutput(c, 2, () => 1) : null;
      return recursion(
        c,
        (i, j) => weightAbove(c, i, j),
        () => 1,
      );
    },
  },
  {
    id: "sum-overwritten",
    kind: "delta",
    description: "the sum over j overwritten instead of accumulated (= for +=): δ_i^(l) = θ'(s_i^(l)) w_ij^(l+1) δ_j^(l+1) for the last j only",
    values: (c) => recursion(c, (i, j) => weightAbove(c, i, j), hiddenPrime(c), true),
  },
  {
    id: "wrong-sum-index",
    kind: "delta",
    description:
      "a sum over the wrong index: δ_i^(l) = θ'(s_i^(l)) Σ_j w_ij^(l+1) δ_i^(l+1), δ^(l+1) read at the unit's own i (delta[l][i − 1] for delta[l][j]) where the summed j belongs",
    values: (c) =>
      recursion(
        c,
        (i, j) => weightAbove(c, i, j),
        hiddenPrime(c),
        false,
        (i) => i - 1,
      ),
  },
  {
    id: "s-instead-of-x",
    kind: "gradient",
    description: "s in place of x in the weight gradient: ∂e/∂w_ij^(l) = s_i^(l−1) δ_j^(l) where x_i^(l−1) = θ(s_i^(l−1)) belongs",
    values: (c) => (c.l >= 2 ? outer(c, (i) => (i === 0 ? 1 : c.trace.s[c.l - 1][i - 1])) : null),
  },
  {
    id: "bias-gradient-zero",
    kind: "gradient",
    description: "the bias gradient left out: ∂e/∂w_0j^(l) = 0 where x_0 δ_j^(l) = δ_j^(l) belongs",
    values: (c) => outer(c, (i) => (i === 0 ? 0 : xAt(c, c.l - 1, i))),
  },
];

/**
 * The slips of `kind` whose values reproduce `claimed` at layer l, in the order of `slips`: every
 * entry within `bound` of the claimed one (the per-coordinate bound the check judged the claimed
 * value with: as close as a right value must come to the numerical one), where `bound` is a number.
 * A variant that reproduces the right values too is no explanation and is left out. Several can
 * match when the numbers cannot tell them apart (zero weights, one unit).
 */
export function recognise(kind: Slip["kind"], c: SlipContext, claimed: Float64Array, right: Float64Array, bound: Float64Array): Slip[] {
  const found: Slip[] = [];
  for (const slip of slips) {
    if (slip.kind !== kind) continue;
    const values = slip.values(c);
    if (values === null || values.length !== claimed.length) continue;
    let matches = true;
    let differs = false;
    for (let k = 0; k < claimed.length && matches; k++) {
      if (!Number.isFinite(bound[k])) continue;
      if (!(Math.abs(values[k] - claimed[k]) <= bound[k])) matches = false;
      if (!(Math.abs(values[k] - right[k]) <= bound[k])) differs = true;
    }
    if (matches && differs) found.push(slip);
  }
  return found;
}
