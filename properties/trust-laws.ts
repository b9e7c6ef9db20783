/**
 * The trust claims (properties/trust.test.ts), as named predicates that throw on a violation,
 * shared with their mutation proof (properties/trust-mutations.test.ts).
 */
import { expect } from "vitest";
import { SUBNORMAL, UNRESOLVED } from "../src/check/tolerance.js";
import { checkGradient, checkNetwork, type GradientCheckReport, type Network, type Sample } from "../src/index.js";
import type { FitCase, KinkedFunction, KinkedNetwork, ScaledFunction } from "./trust-cases.js";

const RELATIVE = 1e-7;

export const gradientScaleOf = (g: ArrayLike<number>): number => {
  let m = 0;
  for (let k = 0; k < g.length; k++) if (Number.isFinite(g[k])) m = Math.max(m, Math.abs(g[k]));
  return m;
};

/**
 * "No claim passes with a bound above the gradient's scale": when the check passes (by default),
 * every judged coordinate's bound is finite and at most UNRESOLVED·max(‖a‖∞, ‖n‖∞) (or at the
 * subnormal floor). Where both gradients are 0 or subnormal there is no scale to judge against
 * (compare.ts: below 2^−1022 a number carries no relative precision), and only finiteness is
 * claimed: `npm test` (seed 575113825) met 1e6·(x0² + sin(x1)·x2) at x = (0, 0, 5e-324), whose
 * gradient is (0, 4.9e-318, 0), and the claim, judging against 4.9e-318, disagreed with the
 * library's stated rule, not with a wrong bound.
 */
export function passesOnlyResolved(report: GradientCheckReport): void {
  if (!report.ok) return;
  const kinks = new Set(report.nonDifferentiable.map((k) => k.index));
  const scale = Math.max(gradientScaleOf(report.analytic), gradientScaleOf(report.numeric));
  for (const k of report.checked) {
    if (kinks.has(k)) continue;
    const bound = report.bound[k];
    expect(Number.isFinite(bound), `bound of coordinate ${k}`).toBe(true);
    if (scale >= SUBNORMAL)
      expect(bound <= UNRESOLVED * scale || bound <= 2 * SUBNORMAL, `bound ${bound} of coordinate ${k}, scale ${scale}`).toBe(true);
  }
}

/** Every coordinate in `kinked` is in nonDifferentiable with finite, different slopes, and no kinked coordinate is a mismatch. */
export function everyKinkReported(report: GradientCheckReport, kinked: readonly number[]): void {
  const reported = new Map(report.nonDifferentiable.map((k) => [k.index, k]));
  for (const k of kinked) {
    const entry = reported.get(k);
    expect(entry, `coordinate ${k} straddles a kink`).toBeDefined();
    expect(Number.isFinite(entry?.left) && Number.isFinite(entry?.right)).toBe(true);
    expect(entry?.left).not.toBe(entry?.right);
  }
  for (const m of report.mismatches) expect(kinked).not.toContain(m.index);
}

const withGradient = (network: Network, gradient: Float64Array): Network => ({ ...network, meanGradient: () => ({ error: 0, gradient }) });

interface Claim<T> {
  readonly name: string;
  readonly check: (t: T) => void;
}
const claim = <T>(name: string, check: (t: T) => void): Claim<T> => ({ name, check });

export const claims = {
  smoothError: claim<KinkedFunction>(
    "a kink anywhere does not hide an error on a smooth coordinate (max/abs/clip ties, float64): one moved by 1e-7·‖g‖∞ fails, named",
    (t) => {
      const scale = gradientScaleOf(t.gradient);
      for (const k of t.smooth) {
        const claimed = Float64Array.from(t.gradient);
        claimed[k] += RELATIVE * scale;
        const report = checkGradient(t.f, t.x, claimed);
        expect(report.ok).toBe(false);
        expect(report.mismatches.map((m) => m.index)).toContain(k);
      }
    },
  ),
  smoothError32: claim<KinkedFunction>(
    "a kink anywhere does not hide an error on a smooth coordinate (float32): one moved by 1e-3·‖g‖∞ fails, named",
    (t) => {
      const scale = gradientScaleOf(t.gradient);
      for (const k of t.smooth) {
        const claimed = Float64Array.from(t.gradient);
        claimed[k] += 1e-3 * scale;
        const report = checkGradient(t.f, t.x, claimed, { precision: "float32" });
        expect(report.mismatches.map((m) => m.index)).toContain(k);
      }
    },
  ),
  smoothErrorNetwork: claim<KinkedNetwork>(
    "a kink anywhere does not hide an error on a smooth coordinate (relu networks at s = 0 or |s| < 1e-9, checkNetwork): one moved by 1e-7·‖g‖∞ fails, named",
    (c) => {
      const g = c.network.meanGradient(c.samples).gradient;
      const k = c.smooth[c.smooth.length - 1];
      const claimed = Float64Array.from(g);
      claimed[k] += RELATIVE * gradientScaleOf(g);
      const report = checkNetwork(withGradient(c.network, claimed), c.samples);
      expect(report.ok).toBe(false);
      expect(report.mismatches.map((m) => m.index)).toContain(k);
    },
  ),
  kinksReported: claim<KinkedFunction>("every straddled kink is reported, with slopes on both sides, and is never a mismatch (float64)", (t) =>
    everyKinkReported(checkGradient(t.f, t.x, t.gradient), t.kinked),
  ),
  kinksReported32: claim<KinkedFunction>("every straddled kink is reported, with slopes on both sides, and is never a mismatch (float32)", (t) =>
    everyKinkReported(checkGradient(t.f, t.x, t.gradient, { precision: "float32" }), t.kinked),
  ),
  kinksReportedNetwork: claim<KinkedNetwork>(
    "every straddled kink is reported with its relu unit, and the right gradient passes (relu networks, checkNetwork)",
    (c) => {
      const report = checkNetwork(c.network, c.samples);
      everyKinkReported(report, c.kinked);
      for (const k of report.nonDifferentiable) if (c.kinked.includes(k.index)) expect(k.unit).toMatch(/relu unit/);
      expect(report.ok).toBe(true);
    },
  ),
  onlyResolved: claim<ScaledFunction>(
    "no claim passes with a bound above the gradient's scale (functions whose scale near x is far below 1, huge and cancelling scales; an all-subnormal gradient has none)",
    (t) => {
      for (const claimed of [t.gradient, Float64Array.from(t.gradient, (v) => v * (1 + 1e-3))]) passesOnlyResolved(checkGradient(t.f, t.x, claimed));
    },
  ),
  scaledRight: claim<ScaledFunction>(
    "a right gradient passes where f's scale near x is far below 1, at huge scales and where f cancels to ~1e-15; a 1e-3 relative error on its largest coordinate fails",
    (t) => {
      const right = checkGradient(t.f, t.x, t.gradient);
      expect(right.mismatches).toEqual([]);
      // Unresolved only at a stationary point, where ‖g‖∞ is below 1e-6·max(1, |f(x)|) (x = 0 of
      // a homogeneous f: nothing a difference quotient could resolve); there the rest is moot.
      if (gradientScaleOf(t.gradient) < 1e-6 * Math.max(1, Math.abs(t.f(Float64Array.from(t.x))))) return;
      expect(right.unresolved).toEqual([]);
      expect(right.nonDifferentiable).toEqual([]);
      const k = t.gradient.reduce((best, v, i) => (Math.abs(v) > Math.abs(t.gradient[best]) ? i : best), 0);
      // A zero or subnormal gradient (x = 0 of a homogeneous f, or a draw of 5e-324): 1e-3 of it is
      // below 2^−1022, where differences always pass (check/tolerance.ts, SUBNORMAL).
      if (Math.abs(t.gradient[k]) * 1e-3 <= 2 * SUBNORMAL) return;
      const claimed = Float64Array.from(t.gradient);
      claimed[k] *= 1 + 1e-3;
      expect(checkGradient(t.f, t.x, claimed).mismatches.map((m) => m.index)).toContain(k);
    },
  ),
  cancelling: claim<ScaledFunction>(
    "a linear f cancelling to ~1e-16 from O(1) terms: the right gradient passes, nothing written off as a kink",
    (t) => {
      const report = checkGradient(t.f, t.x, t.gradient);
      expect(report.nonDifferentiable).toEqual([]);
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    },
  ),
  grid: claim<ScaledFunction>(
    "f on a coarse value grid (a softmax cross-entropy near a perfect fit, through a black box): the right gradient passes; its largest coordinate moved by 1e-2·‖g‖∞ fails, named",
    (t) => {
      const right = checkGradient(t.f, t.x, t.gradient);
      expect(right.mismatches).toEqual([]);
      expect(right.ok).toBe(true);
      const k = right.analytic.reduce((best, v, i, a) => (Math.abs(v) > Math.abs(a[best]) ? i : best), 0);
      const claimed = Float64Array.from(t.gradient);
      claimed[k] += 1e-2 * Math.abs(t.gradient[k]);
      expect(checkGradient(t.f, t.x, claimed).mismatches.map((m) => m.index)).toContain(k);
    },
  ),
  edgeError: claim<ScaledFunction>(
    "a domain edge elsewhere does not hide an error on a smooth coordinate: sqrt(x_0) beside acosh near 1 and log-loss near 1, ∂f/∂x_0 moved by 1e-7·‖g‖∞ fails, named (where sqrt alone resolves it 4×)",
    (t) => {
      const error = RELATIVE * gradientScaleOf(t.gradient);
      const alone = checkGradient((v) => Math.sqrt(v[0]), [t.x[0]], [t.gradient[0]]).bound[0];
      if (!(error > 4 * alone)) return;
      const claimed = Float64Array.from(t.gradient);
      claimed[0] += error;
      const report = checkGradient(t.f, t.x, claimed);
      expect(report.ok).toBe(false);
      expect(report.mismatches.map((m) => m.index)).toContain(0);
    },
  ),
  onlyResolvedNetwork: claim<KinkedNetwork>("no claim passes with a bound above the gradient's scale (relu networks, checkNetwork)", (c) =>
    passesOnlyResolved(checkNetwork(c.network, c.samples)),
  ),
  fit: claim<FitCase>("near-perfect fits give no false alarm (checkGradient, residuals 1e-5…1e-4)", (t) => {
    const report = checkGradient(t.f, t.x, t.gradient);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
  }),
  fitNetwork: claim<{ network: Network; samples: Sample[] }>(
    "near-perfect fits give no false alarm (checkNetwork, targets = outputs + 1e-5…1e-4)",
    (c) => {
      const report = checkNetwork(c.network, c.samples);
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    },
  ),
};
