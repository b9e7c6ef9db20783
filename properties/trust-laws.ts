/** Shared claims of the trust properties (properties/trust.test.ts) and their mutation proof. */
import { expect } from "vitest";
import { SUBNORMAL, UNRESOLVED } from "../src/check/tolerance.js";
import type { GradientCheckReport } from "../src/index.js";

export const gradientScaleOf = (g: ArrayLike<number>): number => {
  let m = 0;
  for (let k = 0; k < g.length; k++) if (Number.isFinite(g[k])) m = Math.max(m, Math.abs(g[k]));
  return m;
};

/**
 * "No claim passes with a bound above the gradient's scale": when the check passes (by default),
 * every judged coordinate's bound is finite and at most UNRESOLVED·max(‖a‖∞, ‖n‖∞) (or at the
 * subnormal floor).
 */
export function passesOnlyResolved(report: GradientCheckReport): void {
  if (!report.ok) return;
  const kinks = new Set(report.nonDifferentiable.map((k) => k.index));
  const scale = Math.max(gradientScaleOf(report.analytic), gradientScaleOf(report.numeric));
  for (const k of report.checked) {
    if (kinks.has(k)) continue;
    const bound = report.bound[k];
    expect(Number.isFinite(bound), `bound of coordinate ${k}`).toBe(true);
    if (scale > 0) expect(bound <= UNRESOLVED * scale || bound <= 2 * SUBNORMAL, `bound ${bound} of coordinate ${k}, scale ${scale}`).toBe(true);
  }
}
