/**
 * Trust at kinks, near-perfect fits and odd scales (issue 8): the claims a user who trusts a
 * green check with a relu model relies on, each through checkGradient (black box) and
 * checkNetwork, on the adversarial cases of properties/trust-cases.ts. Each claim is proven
 * to bite by a planted mistake (properties/trust-mutations.test.ts).
 */
import { describe, expect } from "vitest";
import { checkGradient, checkNetwork, type GradientCheckReport } from "../src/index.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";
import { kinkedNetwork, kinkedSum, kinkedSum32, nearPerfectFit, nearPerfectNetwork, scaledFunction } from "./trust-cases.js";
import { gradientScaleOf, passesOnlyResolved } from "./trust-laws.js";

const RELATIVE = 1e-7;

describe("trust: kinks", () => {
  prop([kinkedSum], { numRuns: runs(0.5) })(
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
  );
  prop([kinkedSum32], { numRuns: runs(0.3) })(
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
  );
  prop([kinkedNetwork], { numRuns: runs(0.3) })(
    "a kink anywhere does not hide an error on a smooth coordinate (relu networks at s = 0 or |s| < 1e-9, checkNetwork)",
    (c) => {
      const g = c.network.meanGradient(c.samples).gradient;
      const scale = gradientScaleOf(g);
      const k = c.smooth[c.smooth.length - 1];
      const claimed = Float64Array.from(g);
      claimed[k] += RELATIVE * scale;
      const report = checkNetwork({ ...c.network, meanGradient: () => ({ error: 0, gradient: claimed }) }, c.samples);
      expect(report.ok).toBe(false);
      expect(report.mismatches.map((m) => m.index)).toContain(k);
    },
  );
  prop([kinkedSum], { numRuns: runs(0.5) })("every straddled kink is reported, with slopes on both sides, and is never a mismatch (float64)", (t) =>
    everyKinkReported(checkGradient(t.f, t.x, t.gradient), t.kinked),
  );
  prop([kinkedSum32], { numRuns: runs(0.3) })("every straddled kink is reported, with slopes on both sides, and is never a mismatch (float32)", (t) =>
    everyKinkReported(checkGradient(t.f, t.x, t.gradient, { precision: "float32" }), t.kinked),
  );
  prop([kinkedNetwork], { numRuns: runs(0.3) })(
    "every straddled kink is reported with its relu unit, and the right gradient passes (relu networks, checkNetwork)",
    (c) => {
      const report = checkNetwork(c.network, c.samples);
      everyKinkReported(report, c.kinked);
      for (const k of report.nonDifferentiable) if (c.kinked.includes(k.index)) expect(k.unit).toMatch(/relu unit/);
      expect(report.ok).toBe(true);
    },
  );
});

describe("trust: a pass means something", () => {
  prop([scaledFunction], { numRuns: runs(0.5) })(
    "no claim passes with a bound above the gradient's scale (functions whose scale near x is far below 1, huge and cancelling scales)",
    (t) => {
      for (const claimed of [t.gradient, Float64Array.from(t.gradient, (v) => v * (1 + 1e-3))]) passesOnlyResolved(checkGradient(t.f, t.x, claimed));
    },
  );
  prop([scaledFunction], { numRuns: runs(0.5) })(
    "a right gradient passes where f's scale near x is far below 1, at huge scales and where f cancels to ~1e-15; a 1e-3 relative error on its largest coordinate fails",
    (t) => {
      const right = checkGradient(t.f, t.x, t.gradient);
      expect(right.mismatches).toEqual([]);
      expect(right.unresolved).toEqual([]);
      expect(right.nonDifferentiable).toEqual([]);
      const k = t.gradient.reduce((best, v, i) => (Math.abs(v) > Math.abs(t.gradient[best]) ? i : best), 0);
      const claimed = Float64Array.from(t.gradient);
      claimed[k] *= 1 + 1e-3;
      expect(checkGradient(t.f, t.x, claimed).mismatches.map((m) => m.index)).toContain(k);
    },
  );
  prop([kinkedNetwork], { numRuns: runs(0.2) })("no claim passes with a bound above the gradient's scale (relu networks, checkNetwork)", (c) =>
    passesOnlyResolved(checkNetwork(c.network, c.samples)),
  );
});

describe("trust: near-perfect fits", () => {
  prop([nearPerfectFit], { numRuns: runs(0.5) })("near-perfect fits give no false alarm (checkGradient, residuals 1e-5…1e-4)", (t) => {
    const report = checkGradient(t.f, t.x, t.gradient);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
  });
  prop([nearPerfectNetwork], { numRuns: runs(0.3) })("near-perfect fits give no false alarm (checkNetwork, targets = outputs + 1e-5…1e-4)", (c) => {
    const report = checkNetwork(c.network, c.samples);
    expect(report.mismatches).toEqual([]);
    expect(report.ok).toBe(true);
  });
});

/** Every coordinate in `kinked` is in nonDifferentiable with finite, different slopes, and no kinked coordinate is a mismatch. */
function everyKinkReported(report: GradientCheckReport, kinked: readonly number[]): void {
  const reported = new Map(report.nonDifferentiable.map((k) => [k.index, k]));
  for (const k of kinked) {
    const entry = reported.get(k);
    expect(entry, `coordinate ${k} straddles a kink`).toBeDefined();
    expect(Number.isFinite(entry?.left) && Number.isFinite(entry?.right)).toBe(true);
    expect(entry?.left).not.toBe(entry?.right);
  }
  for (const m of report.mismatches) expect(kinked).not.toContain(m.index);
}
