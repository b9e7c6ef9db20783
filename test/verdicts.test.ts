/**
 * The verdict benchmark (bench/verdicts.mjs), at a size CI can afford: over seeded random
 * networks of every activation and loss, no right gradient is failed, and a gradient wrong by
 * 1e-7·‖g‖∞ on one coordinate is flagged unless that coordinate is not judged (a kink) or the
 * error is below the coordinate's own resolution (its bound in the right check).
 *
 * Saturated networks whose whole gradient lies below what a difference quotient resolves
 * (‖g‖∞ of 1e-19 against noise of 1e-14) are reported unresolved and fail by default: the
 * check's own limit, named in the report, not a disagreement. Here the right checks run with
 * allowUnresolved, and such cases are counted apart: none may have a mismatch, and each must
 * be a saturated network (‖g‖∞ < 1e-6).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without types, shared with the benchmark
import { verdicts } from "../bench/verdicts.mjs";
import { checkNetwork, createNetwork, type Network, type NetworkCheckOptions, type Sample } from "../src/index.js";

const cases = Number(process.env.GRADCHECK_VERDICT_CASES ?? 300);

describe(`verdicts over ${cases} random networks (seed 2)`, () => {
  const unresolved: { scale: number }[] = [];
  const accepting = (network: Network, samples: Sample[], options: NetworkCheckOptions) => {
    const report = checkNetwork(network, samples, { ...options, allowUnresolved: true });
    if (report.unresolved.length > 0) unresolved.push({ scale: report.analytic.reduce((m, v) => Math.max(m, Math.abs(v)), 0) });
    return report;
  };
  const result = verdicts(cases, 2, 1e-7, { createNetwork, checkNetwork: accepting });

  it("fails no right gradient by a mismatch", () => {
    expect(result.falseAlarms).toEqual([]);
  });

  it("leaves coordinates unresolved only in saturated networks, whose ‖g‖∞ is below 1e-6", () => {
    for (const u of unresolved) expect(u.scale).toBeLessThan(1e-6);
  });

  it("flags every gradient wrong by 1e-7·‖g‖∞ on one coordinate that the check can resolve", () => {
    expect(result.missed).toEqual([]);
    expect(result.detected).toBeGreaterThan(0.9 * result.wrong);
  });
});
