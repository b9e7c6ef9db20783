/**
 * checkBackprop's reading of a δ^(l) that mismatches although the recursion derives it exactly from
 * your δ^(l+1): the error came down from δ^(l+1), whose own check could not resolve it, and the
 * report names δ^(l+1) rather than the recursion (check-backprop.ts, inheritedError).
 */
import { describe, expect, it } from "vitest";
import { type BackpropLayer, inheritedError } from "../src/check/check-backprop.js";

const layer = (delta: number[], fromUpstream: number[] | null, wrongUnits: number[]): BackpropLayer => ({
  l: 2,
  deltaOk: false,
  gradientOk: true,
  outerProductOk: true,
  forwardOk: null,
  deltaSource: "delta",
  sample: 0,
  units: delta.length,
  wrongUnits,
  wrongWeights: [],
  delta,
  numericDelta: delta,
  fromUpstream,
});

describe("a δ^(l) error inherited from δ^(l+1)", () => {
  it("where your recursion reproduces your δ^(l) and the numerical one differs, the error is δ^(l+1)'s, with its relative size", () => {
    const numeric = Float64Array.from([0, -1.1166723363417471e-22, 0]);
    const delta = [0, -1.11669382694659e-22, 0];
    expect(inheritedError(layer(delta, [0, -1.11669382694659e-22, 0], [1]), numeric)).toBe("a relative 1.9e-5");
  });
  it("where the recursion of your δ^(l+1) is not (ten times closer than the numerical value to) your δ^(l), the recursion is to blame", () => {
    const numeric = Float64Array.from([1, 2]);
    expect(inheritedError(layer([1.1, 2], [1.05, 2], [0]), numeric)).toBeNull();
    expect(inheritedError(layer([1.1, 2], [1.1, 2], [0]), numeric)).toBe("a relative 1.0e-1");
    // Every wrong unit must be reproduced.
    expect(inheritedError(layer([1.1, 2.2], [1.1, 2], [0, 1]), numeric)).toBeNull();
  });
  it("at layer L (no recursion), with no wrong unit, or through softmax (recursion NaN) there is nothing inherited", () => {
    const numeric = Float64Array.from([1]);
    expect(inheritedError(layer([1.1], null, [0]), numeric)).toBeNull();
    expect(inheritedError(layer([1.1], [1.1], []), numeric)).toBeNull();
    expect(inheritedError(layer([1.1], [Number.NaN], [0]), numeric)).toBeNull();
  });
});
