/**
 * The adversarial verdict families (bench/families.mjs, issue 8) at a size CI can afford, through
 * the sources: no check throws, and on the families where the mechanism is fixed today — relu
 * units at and near s = 0, ties in float64 and float32, near-perfect fits with residuals of
 * 1e-5…1e-4, huge scales, domain edges, small scales (not the sums cancelling to ~1e-15, nor
 * residuals of ~1e-15) — no right gradient fails and no error of
 * 1e-7·‖g‖∞ on a smooth coordinate is missed or written off as a kink. bench/verdicts.mjs runs
 * the same families at 10⁵ right checks (npm run bench) and docs/verdicts.md has today's table.
 */
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module without types, shared with the benchmark
import { familyVerdicts } from "../bench/verdicts.mjs";
import { checkGradient, checkNetwork, createNetwork } from "../src/index.js";

const perEntry = Number(process.env.GRADCHECK_FAMILY_CASES ?? 12);

interface Row {
  family: string;
  entry: string;
  falseAlarms: { headline: string; description: string }[];
  missed: unknown[];
  writtenOff: unknown[];
  threw: unknown[];
  correct: number;
}

describe(`adversarial verdict families, ${perEntry} cases per family and entry point (seed 3)`, () => {
  const rows: Row[] = familyVerdicts(perEntry, 3, 1e-7, { checkGradient, checkNetwork, createNetwork });
  // Not yet settled: residuals of ~1e-15 (beyond the range) and sums cancelling to ~1e-15 (see docs/verdicts.md).
  const settled = rows.filter((r) => !r.family.includes("1e-15"));

  it("no check throws, on any family", () => {
    expect(rows.flatMap((r) => r.threw)).toEqual([]);
    expect(rows.every((r) => r.correct === perEntry)).toBe(true);
  });

  it("no false alarm on the families within the issue's range", () => {
    expect(settled.flatMap((r) => r.falseAlarms.map((a) => `${r.family} (${r.entry}): ${a.headline} — ${a.description}`))).toEqual([]);
  });

  it("no smooth-coordinate error of 1e-7·‖g‖∞ missed or written off as a kink", () => {
    expect(settled.flatMap((r) => [...r.missed, ...r.writtenOff])).toEqual([]);
  });
});
