/**
 * The tfjs arbitraries draw what they promise, and checkTfjsOp checks an op over shapes and
 * attributes: a right op passes, a slip hidden behind a non-default attribute is found and shrunk
 * to the smallest shape and attribute set. Run counts from the suite's budget (properties/runs.ts).
 */
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { axis, checkTfjsOp, exclusiveReverse, keepDims, tensorData, tensorShape, tensorValues } from "gradcheck/arbitraries";
import { beforeAll, describe, expect, it } from "vitest";
import { runs } from "../properties/runs.js";

type T = tf.Tensor;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("the arbitraries", () => {
  it("draw values in their domain, float32, one per coordinate of the shape", () => {
    fc.assert(
      fc.property(
        tensorShape({ maxRank: 3 }).chain((shape) =>
          fc.record({
            shape: fc.constant(shape),
            positive: tensorValues(shape, "positive"),
            unit: tensorValues(shape, "unit"),
            distinct: tensorValues(shape, "distinct"),
            simplex: tensorValues(shape, "simplex"),
          }),
        ),
        ({ shape, positive, unit, distinct, simplex }) => {
          const n = shape.reduce((a, b) => a * b, 1);
          for (const values of [positive, unit, distinct, simplex]) {
            expect(values.length).toBe(n);
            for (const v of values) expect(Math.fround(v)).toBe(v);
          }
          for (const v of positive) expect(v).toBeGreaterThan(0);
          for (const v of unit) expect(Math.abs(v)).toBeLessThan(1);
          const sorted = distinct.slice().sort((a, b) => a - b);
          for (let i = 1; i < n; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThan(1 / n - 1e-6);
          const last = shape[shape.length - 1];
          for (let s = 0; s < n; s += last) expect(simplex.slice(s, s + last).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        },
      ),
      { numRuns: runs(0.1) },
    );
  });
});

describe("checkTfjsOp", () => {
  const reduction = tensorShape({ maxRank: 3 }).chain((shape) =>
    fc.record({
      inputs: fc.record({ x: tensorData({ shape, domain: "distinct" }) }),
      attrs: fc.record({ axis: axis(shape.length), keepDims: keepDims() }),
    }),
  );

  it("passes right gradients over shapes and attributes: max and logSumExp along an axis, keepDims or not", async () => {
    const max = await checkTfjsOp(
      tf,
      {
        cases: reduction,
        op:
          ({ axis: a, keepDims: k }) =>
          (x: T) =>
            tf.max(x, a, k),
      },
      { numRuns: runs(0.01) },
    );
    expect(max.ok, JSON.stringify(max.counterexample)).toBe(true);
    const lse = await checkTfjsOp(
      tf,
      {
        cases: reduction,
        op:
          ({ axis: a, keepDims: k }) =>
          (x: T) =>
            tf.logSumExp(x, a, k),
      },
      { numRuns: runs(0.01) },
    );
    expect(lse.ok, JSON.stringify(lse.counterexample)).toBe(true);
  });

  it("finds a slip behind a non-default attribute and shrinks it to the smallest shape and that attribute alone", async () => {
    /** cumsum whose gradient is scaled by 1.01 when reverse is set: the kind of bug hidden behind an attribute. */
    const slipped = (exclusive: boolean, reverse: boolean) =>
      tf.customGrad((x, save) => {
        (save as tf.GradSaveFunc)([]);
        return {
          value: tf.cumsum(x as T, 0, exclusive, reverse),
          gradFunc: (dy) => tf.mul(tf.cumsum(dy as T, 0, exclusive, !reverse), reverse ? 1.01 : 1),
        };
      });
    const cases = fc.record({ inputs: fc.record({ x: tensorData({ shape: { minRank: 1, maxRank: 1, maxDim: 5 } }) }), attrs: exclusiveReverse() });
    const before = tf.memory().numTensors;
    const result = await checkTfjsOp(
      tf,
      {
        cases,
        op:
          ({ exclusive, reverse }) =>
          (x: T) =>
            slipped(exclusive, reverse)(x),
      },
      { numRuns: runs(0.04) },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect(result.ok).toBe(false);
    expect(result.counterexample?.attrs).toEqual({ exclusive: false, reverse: true });
    expect(result.counterexample?.inputs.x.shape).toEqual([1]);
    expect(result.report?.ok).toBe(false);
    expect(result.report?.mismatches[0].name).toBe("x[0]");
  });
});
