/**
 * The verdict benchmark (bench/verdicts.mjs), at a size CI can afford: over seeded random
 * networks of every activation and loss, no right gradient is failed, and a gradient wrong by
 * 1e-7·‖g‖∞ on one coordinate is flagged unless that coordinate is not judged (a kink) or the
 * error is below the coordinate's own resolution (its bound in the right check).
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without types, shared with the benchmark
import { verdicts } from "../bench/verdicts.mjs";
import { checkNetwork, createNetwork } from "../src/index.js";

const cases = Number(process.env.GRADCHECK_VERDICT_CASES ?? 300);

describe(`verdicts over ${cases} random networks (seed 2)`, () => {
  const result = verdicts(cases, 2, 1e-7, { createNetwork, checkNetwork });

  it("fails no right gradient", () => {
    expect(result.falseAlarms).toEqual([]);
  });

  it("flags every gradient wrong by 1e-7·‖g‖∞ on one coordinate that the check can resolve", () => {
    expect(result.missed).toEqual([]);
    expect(result.detected).toBeGreaterThan(0.9 * result.wrong);
  });
});
