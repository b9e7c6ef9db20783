/**
 * Property 7: a small enough SGD step lowers e. The step η and its domain are stated with
 * descentStep in laws-structure.ts: first-order decrease 2^−36·(1 + e), at points where
 * ‖∇e‖² ≥ 2^−20·(1 + e) (near-stationary points are excluded, and counted below).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { networkCase } from "../src/arbitraries/index.js";
import { kinkFree } from "./kinks.js";
import { descentStep, sgdStepDescends } from "./laws-structure.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

prop([networkCase({}, 1)], { numRuns: runs(2) })(
  "one SGD step w ← w − η∇e_n with η = 2^−36·(1 + e)/‖∇e_n‖² lowers e_n, wherever ‖∇e_n‖² ≥ 2^−20·(1 + e_n)",
  (c) => {
    const [sample] = c.samples;
    const eta = descentStep(c.network, sample);
    fc.pre(eta !== undefined && kinkFree(c.network, c.samples));
    expect(sgdStepDescends(c.network, sample, eta!)).toEqual([]);
  },
);
