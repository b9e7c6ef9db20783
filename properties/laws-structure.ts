/**
 * Laws about the structure of backprop's gradient: the hidden-layer recursion, the outer
 * product ∂e/∂w = x δ, the batch mean, descent and permutation symmetry. Like laws.ts, each
 * returns its violations, so that the mutation proof can run it against a mutant engine.
 */
import { createNetwork, type Network, type NetworkSpec, type Sample } from "../src/index.js";
import { weightIndex, weightPosition } from "../src/network/layout.js";
import { depth, EPSILON, textbookDerivative, textbookSlopeRounding, UNDERFLOW, type Violations } from "./laws.js";

/**
 * Property 5, the recursion: δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l) for l = L..2 and
 * i = 1..d(l−1), the right-hand side computed here from forward(), the parameters and backward()'s
 * δ^(l). Two evaluations of a d-term sum times θ' differ by at most 2(d + 1)ε·|θ'|·Σ_j |w_ij δ_j|
 * (each is within (d − 1 + 1)ε of it, to first order; one more ε for slack), plus as many
 * UNDERFLOW for results below the normal range.
 */
export function hiddenRecursion(network: Network, sample: Sample): Violations {
  const { layout, parameters: w, spec } = network;
  const { s, x } = network.forward(sample.input);
  const { delta } = network.backward(sample.input, sample.target);
  const out: Violations = [];
  for (let l = depth(network); l >= 2; l--) {
    const theta = spec.theta[l - 1];
    if (theta === "softmax") continue; // not allowed below the output
    for (let i = 1; i <= layout.d[l - 1]; i++) {
      let sum = 0;
      let magnitude = 0;
      for (let j = 0; j < layout.d[l]; j++) {
        const term = w[weightIndex(layout, l, i, j)] * delta[l][j];
        sum += term;
        magnitude += Math.abs(term);
      }
      const prime = textbookDerivative[theta](s[l - 1][i - 1], x[l - 1][i - 1]);
      const expected = prime * sum;
      // The sum's rounding, plus the textbook θ' form's own (laws.ts: textbookSlopeRounding).
      const allowed = 2 * (layout.d[l] + 1) * (EPSILON * Math.abs(prime) * magnitude + UNDERFLOW) + 2 * textbookSlopeRounding(theta) * magnitude;
      const got = delta[l - 1][i - 1];
      if (!(Math.abs(got - expected) <= allowed)) out.push(`δ_${i}^(${l - 1}) = ${got}, θ'(s)·Σ_j w_ij δ_j = ${expected} (allowed ${allowed})`);
    }
  }
  return out;
}

/**
 * Property 5, the weights: ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l) with x_0^(l−1) = 1, for every weight,
 * to within 2(ε|x_i δ_j| + UNDERFLOW) (one rounded product on each side).
 */
export function weightGradientIsOuterProduct(network: Network, sample: Sample): Violations {
  const { layout } = network;
  const { x } = network.forward(sample.input);
  const { delta, gradient } = network.backward(sample.input, sample.target);
  const out: Violations = [];
  for (let l = 1; l <= depth(network); l++)
    for (let i = 0; i <= layout.d[l - 1]; i++)
      for (let j = 0; j < layout.d[l]; j++) {
        const expected = (i === 0 ? 1 : x[l - 1][i - 1]) * delta[l][j];
        const got = gradient[weightIndex(layout, l, i, j)];
        if (!(Math.abs(got - expected) <= 2 * (EPSILON * Math.abs(expected) + UNDERFLOW)))
          out.push(`∂e/∂w_${i}${j}^(${l}) = ${got}, x_${i}^(${l - 1}) δ_${j + 1}^(${l}) = ${expected}`);
      }
  return out;
}

/**
 * Property 6: meanGradient(samples) = (1/N) Σ_n backward(sample n).gradient, coordinate by
 * coordinate, to within 2(N + 1)(ε·(1/N) Σ_n |g_n| + UNDERFLOW) (each side sums N terms and scales by 1/N).
 */
export function batchGradientIsMean(network: Network, samples: readonly Sample[]): Violations {
  const N = samples.length;
  const { gradient } = network.meanGradient(samples);
  const sum = new Float64Array(gradient.length);
  const magnitude = new Float64Array(gradient.length);
  for (const { input, target } of samples) {
    const g = network.backward(input, target).gradient;
    for (let k = 0; k < g.length; k++) {
      sum[k] += g[k];
      magnitude[k] += Math.abs(g[k]);
    }
  }
  const out: Violations = [];
  for (let k = 0; k < gradient.length; k++) {
    const allowed = 2 * (N + 1) * ((EPSILON * magnitude[k]) / N + UNDERFLOW);
    if (!(Math.abs(gradient[k] - sum[k] / N) <= allowed))
      out.push(`coordinate ${k}: meanGradient ${gradient[k]}, mean of per-sample gradients ${sum[k] / N}`);
  }
  return out;
}

/**
 * The descent step and its domain. With g = ∇e_n at w, the step w ← w − ηg changes e by
 * −η‖g‖² + (η²/2)·gᵀHg + …; we take η = PREDICTED_DECREASE·(1 + e)/‖g‖², so the first-order
 * decrease is D = 2^−36·(1 + e). That is "small enough": the second-order term is D·ηκ/2, with
 * κ = gᵀHg/‖g‖² the curvature along g, and ηκ/2 < 2^−17·κ on the domain ‖g‖² ≥ 2^−20·(1 + e),
 * so it stays below D unless κ > 2^17. It is large enough to see: D ≥ 2^−36 ≈ 1.5e-11 relative to
 * 1 + e, thousands of times the rounding in computing e. Points with ‖g‖² < 2^−20·(1 + e) are
 * near-stationary (or saturated) and excluded: there no step length is both small enough and
 * resolvable. The property counts them.
 */
export const PREDICTED_DECREASE = 2 ** -36;
export const STATIONARY = 2 ** -20;

/** η for the descent law, or undefined when the point is near-stationary (‖g‖² < 2^−20·(1 + e)). */
export function descentStep(network: Network, sample: Sample): number | undefined {
  const { error, gradient } = network.backward(sample.input, sample.target);
  let norm2 = 0;
  for (const g of gradient) norm2 += g * g;
  if (!(norm2 >= STATIONARY * (1 + error))) return undefined;
  return (PREDICTED_DECREASE * (1 + error)) / norm2;
}

/** Property 7: one SGD step of size η lowers e on that sample. The network's parameters are restored afterwards. */
export function sgdStepDescends(network: Network, sample: Sample, eta: number): Violations {
  const saved = Float64Array.from(network.parameters);
  const before = network.sgdStep(sample, eta);
  const after = network.error(sample.input, sample.target);
  network.parameters.set(saved);
  return after < before ? [] : [`e = ${before} before the step (η = ${eta}), ${after} after`];
}

/**
 * Where w_ij^(l) goes when the units of hidden layer m are reordered by π (unit j + 1 becomes
 * unit π[j] + 1): its incoming column in block m and its outgoing row in block m + 1 move with it.
 */
export function permutedIndex(network: Network, m: number, pi: readonly number[], k: number, l: number, i: number, j: number): number {
  if (l === m) return weightIndex(network.layout, l, i, pi[j]);
  if (l === m + 1 && i >= 1) return weightIndex(network.layout, l, pi[i - 1] + 1, j);
  return k;
}

/** Rounding allowed between a gradient and its permuted twin, relative to ‖g‖∞: 2^−30 ≈ 9.3e-10, far above reordered sums' ε-level drift. */
export const PERMUTATION_ROUNDING = 2 ** -30;

/**
 * Property 8: rebuild the network with hidden layer m's units permuted by π (weights moved by
 * permutedIndex); its mean gradient is the original's, permuted the same way. Sums now run in
 * another order, so coordinates may differ by rounding: allowed PERMUTATION_ROUNDING·‖g‖∞. A
 * gradient that did not move with its unit differs by the size of the gradient itself.
 */
export function gradientPermutesWithUnits(
  network: Network,
  samples: readonly Sample[],
  m: number,
  pi: readonly number[],
  rebuild: (spec: NetworkSpec, parameters: Float64Array) => Network = createNetwork,
): Violations {
  const { layout } = network;
  const where = (k: number): number => {
    const { l, i, j } = weightPosition(layout, k);
    return permutedIndex(network, m, pi, k, l, i, j);
  };
  const moved = new Float64Array(layout.size);
  for (let k = 0; k < layout.size; k++) moved[where(k)] = network.parameters[k];
  const spec: NetworkSpec = { layers: network.layers, activation: network.spec.theta.slice(1), loss: network.spec.loss };
  const g = network.meanGradient(samples).gradient;
  const gp = rebuild(spec, moved).meanGradient(samples).gradient;
  let scale = 0;
  for (const v of g) scale = Math.max(scale, Math.abs(v));
  const out: Violations = [];
  for (let k = 0; k < layout.size; k++)
    if (!(Math.abs(gp[where(k)] - g[k]) <= PERMUTATION_ROUNDING * scale + UNDERFLOW))
      out.push(`coordinate ${k} → ${where(k)}: ${g[k]} vs ${gp[where(k)]}`);
  return out;
}
