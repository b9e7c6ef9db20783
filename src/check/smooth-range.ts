/**
 * How wide a step a network check's ladder may take along each weight (NoiseHint.smoothRange):
 * the step h up to which E stays polynomial-like along w_ij^(l), judged from the forward trace.
 *
 * A step h of w_ij^(l) moves s_j^(l) by h·|x_i^(l−1)| exactly (x_0 = 1), and every s above it by
 * at most h·|x_i^(l−1)|·M_m, with M_l = 1 for unit j alone,
 *     M_(l+1) = c_j^(l)·max_k |w_jk^(l+1)|,   M_(m+1) = max_k Σ_j |w_jk^(m+1)|·c_j^(m)·M_m,
 * c_j^(m) the slope θ' of unit j at its s, widened to e^(2·SMOOTH_MOVE) for tanh (|θ''/θ'| ≤ 2)
 * and e^(SMOOTH_MOVE) for sigmoid (|θ''/θ'| ≤ 1) — by induction the slope anywhere within that
 * move — and 1 for relu and identity (their Lipschitz bound). A tanh, sigmoid or softmax, and the
 * output's s under cross-entropy, curve on the scale of a unit move of s; the range keeps every
 * such s within SMOOTH_MOVE of where it is, over every sample: the minimum over them of
 * SMOOTH_MOVE / (|x_i^(l−1)|·M_m). Along a weight with only relu and identity at and above its
 * layer, and the squared error, E is piecewise quadratic: a larger step is exact save at a relu's
 * kink, which the ladder sees as a rough level, and the range is ∞.
 *
 * Why: a larger step carried saturated units across their curved range, three sub-steps agreed,
 * and a right gradient failed at ratio 1.0 (test/saturated-network.test.ts: a step of 107, three
 * levels up from 0.21, along a weight into a tanh at s = 2.7, whose range is 0.125), so network
 * checks once never grew their step; then an error of 1e-7·‖g‖∞ hid in 2 553 of 6 250 huge-scale
 * networks (e ~ 1e6…1e10, bench/verdicts.mjs), where ε·|E| at the default step swamped it and
 * checkGradient of the same E resolved it with a larger step.
 */
import { weightIndex } from "../network/layout.js";
import type { Network, Sample } from "../network/network.js";

/** How far, in s, a grown step may move a curving unit: 1/8 leaves the Richardson ladder's truncation at ~(h/radius)^6 ≈ 1e-7 relative for tanh (poles at ±iπ/2). */
export const SMOOTH_MOVE = 1 / 8;

export function smoothRange(network: Network, samples: readonly Sample[]): Float64Array {
  const { spec, layout, parameters: w } = network;
  const { d, theta } = spec;
  const L = d.length - 1;
  const out = new Float64Array(layout.size).fill(Number.POSITIVE_INFINITY);
  if (mutation === "everywhere") return out;
  if (mutation === "nowhere") return out.fill(0);
  /** Does layer m's s curve E on the scale of a unit move (a tanh, sigmoid, softmax, or the output under cross-entropy)? */
  const curves = (m: number) => theta[m] === "tanh" || theta[m] === "sigmoid" || theta[m] === "softmax" || (m === L && spec.loss !== "squared");
  const slope = (m: number, x: number): number =>
    theta[m] === "tanh" ? (1 - x * x) * Math.exp(2 * SMOOTH_MOVE) : theta[m] === "sigmoid" ? x * (1 - x) * Math.exp(SMOOTH_MOVE) : 1;
  const M = new Float64Array(L + 1);
  for (const { input } of samples) {
    const { x } = network.forward(input);
    /** G[m], m > l: max_k Σ_j |w_jk^(m)|·c_j^(m−1), the growth of the bound from layer m − 1 to m. */
    const G = new Float64Array(L + 1);
    for (let m = 2; m <= L; m++)
      for (let k = 0; k < d[m]; k++) {
        let sum = 0;
        for (let j = 1; j <= d[m - 1]; j++) sum += Math.abs(w[weightIndex(layout, m, j, k)]) * slope(m - 1, x[m - 1][j - 1]);
        G[m] = Math.max(G[m], sum);
      }
    for (let l = 1; l <= L; l++)
      for (let j = 0; j < d[l]; j++) {
        // M[m]: the bound on s^(m)'s move per unit move of s_j^(l); the tightest range any curving layer allows.
        M[l] = 1;
        if (l < L) {
          let first = 0;
          for (let k = 0; k < d[l + 1]; k++) first = Math.max(first, Math.abs(w[weightIndex(layout, l + 1, j + 1, k)]));
          M[l + 1] = slope(l, x[l][j]) * first;
        }
        for (let m = l + 2; m <= L; m++) M[m] = G[m] * M[m - 1];
        let perUnitMove = 0;
        for (let m = l; m <= L; m++) if (curves(m)) perUnitMove = Math.max(perUnitMove, M[m]);
        if (perUnitMove === 0) continue;
        for (let i = 0; i <= d[l - 1]; i++) {
          const xi = i === 0 ? 1 : Math.abs(x[l - 1][i - 1]);
          const k = weightIndex(layout, l, i, j);
          out[k] = Math.min(out[k], SMOOTH_MOVE / (xi * perUnitMove));
        }
      }
  }
  return out;
}

let mutation: "everywhere" | "nowhere" | undefined;
/**
 * Test-only seam (test/saturated-network.test.ts): a network's every weight may grow its step
 * ("everywhere", as a black box's), or none may ("nowhere", the old rule); undefined restores the range.
 */
export function setSmoothRangeMutation(m: "everywhere" | "nowhere" | undefined): void {
  mutation = m;
}
