/**
 * Robustness of the public functions: arbitrary values in, a well-formed report or one of the
 * library's own errors out; and the same options and seed always give the same report.
 */
import fc from "fast-check";
import { describe, expect } from "vitest";
import {
  assertGradient,
  checkGradient,
  checkNetwork,
  checkOutputDelta,
  createNetwork,
  differentiate,
  FunctionEvaluationError,
  GradientCheckError,
  type GradientCheckReport,
  InvalidArgumentError,
  numericalGradient,
} from "../src/index.js";
import { prop } from "./prop.js";
import { runs } from "./runs.js";

/** Values a careless caller might pass: anything, plus near-misses of valid arguments. */
const careless = fc.oneof(
  fc.anything(),
  fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN), fc.constant(Infinity)), { maxLength: 6 }),
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 6 }),
  fc.constantFrom(
    (x: Float64Array) => x[0] * x[0],
    () => Number.NaN,
    () => "1",
    () => {
      throw new Error("boom");
    },
    (x: Float64Array) => {
      x[0] = 7;
      return 1;
    },
  ),
  fc.record(
    { mode: fc.constantFrom("full", "sparse", "directional", "fast"), k: fc.integer({ min: -1, max: 4 }), atol: fc.double(), seed: fc.integer() },
    { requiredKeys: [] },
  ),
  fc.record({
    layers: fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 4 }),
    activation: fc.constantFrom("tanh", "softmax", "relu", "swish"),
    loss: fc.constantFrom("squared", "cross-entropy", "hinge"),
  }),
);

/**
 * A valid argument list with some of its entries swapped for careless values: most calls get
 * past the first check, so each argument's validation is exercised in turn.
 */
function spoiled(valid: readonly unknown[]): fc.Arbitrary<unknown[]> {
  return fc.tuple(...valid.map((v) => fc.oneof({ weight: 3, arbitrary: fc.constant(v) }, { weight: 1, arbitrary: careless })));
}

const f3 = (x: Float64Array) => Math.sin(x[0]) * x[1] + x[2] ** 2;
const validCheck = [f3, [0.3, -1, 2], [Math.cos(0.3) * -1, Math.sin(0.3), 4], { mode: "full", seed: 2 }];
const validSpec = { layers: [2, 3, 2], activation: ["tanh", "softmax"], loss: "cross-entropy" };
const validNetwork = [validSpec, undefined, [0.5, -1], [0.25, 0.75], { seed: 3 }];

const isLibraryError = (error: unknown): boolean =>
  error instanceof InvalidArgumentError || error instanceof FunctionEvaluationError || error instanceof GradientCheckError;

/** A well-formed report: arrays of one length, a boolean verdict that agrees with its mismatches and unresolved coordinates, and no ok with a non-finite judged value. */
function wellFormed(report: GradientCheckReport): boolean {
  const n = report.analytic.length;
  const sameLength = [report.numeric, report.numericError, report.bound].every((a) => a.length === n);
  const judged = report.checked.filter((k) => !report.nonDifferentiable.some((d) => d.index === k));
  const clean = report.mismatches.length === 0 && report.directions.every((d) => d.ok);
  const nonFinite = report.analytic.some((v) => !Number.isFinite(v)) || judged.some((k) => !Number.isFinite(report.numeric[k]));
  return (
    sameLength &&
    typeof report.ok === "boolean" &&
    // ok: no mismatch and no failed direction; not ok: one of those, or unresolved coordinates
    // (which allowUnresolved accepts).
    (report.ok ? clean : !clean || report.unresolved.length > 0) &&
    !(report.ok && nonFinite)
  );
}

/** Calls `call`; passes when it returns a value accepted by `accept` or throws one of the library's errors. */
function survives<T>(call: () => T, accept: (value: T) => boolean): boolean {
  let value: T;
  try {
    value = call();
  } catch (error) {
    if (!isLibraryError(error)) throw error;
    return true;
  }
  return accept(value);
}

describe("every public function, given arbitrary values, returns a well-formed result or throws one of the library's errors", () => {
  prop([spoiled(validCheck)], { numRuns: runs(0.5) })("checkGradient and assertGradient", ([f, x, analytic, options]) => {
    expect(survives(() => checkGradient(f as never, x as never, analytic as never, options as never), wellFormed)).toBe(true);
    expect(survives(() => assertGradient(f as never, x as never, analytic as never, options as never), wellFormed)).toBe(true);
  });

  prop([spoiled([f3, [0.3, -1, 2], { method: "central" }])], { numRuns: runs(0.5) })("numericalGradient and differentiate", ([f, x, options]) => {
    const finiteArray = (g: Float64Array) => g.every((v) => Number.isFinite(v));
    expect(survives(() => numericalGradient(f as never, x as never, options as never), finiteArray)).toBe(true);
    expect(
      survives(
        () => differentiate(f as never, x as never, options as never),
        (d) => finiteArray(d.gradient),
      ),
    ).toBe(true);
  });

  prop([spoiled(validNetwork)], { numRuns: runs(0.5) })(
    "createNetwork, the network's methods, checkNetwork and checkOutputDelta",
    ([spec, parameters, input, target, options]) => {
      let network: ReturnType<typeof createNetwork>;
      try {
        network = createNetwork(spec as never, parameters as never, options as never);
      } catch (error) {
        expect(isLibraryError(error)).toBe(true);
        return;
      }
      const samples = [{ input, target }];
      expect(survives(() => network.error(input as never, target as never), Number.isFinite)).toBe(true);
      expect(
        survives(
          () => network.backward(input as never, target as never),
          (b) => b.gradient.length === network.parameters.length,
        ),
      ).toBe(true);
      expect(
        survives(
          () => network.meanGradient(samples as never),
          (b) => b.gradient.length === network.parameters.length,
        ),
      ).toBe(true);
      expect(survives(() => network.sgdStep(samples[0] as never, 0.1), Number.isFinite)).toBe(true);
      expect(survives(() => checkNetwork(network, samples as never, options as never), wellFormed)).toBe(true);
      expect(survives(() => checkOutputDelta(network, samples[0] as never, options as never), wellFormed)).toBe(true);
    },
  );
});

describe("reproducibility", () => {
  const smooth = (x: Float64Array) => Math.sin(x[0]) * x[1] + x[2] ** 2 * Math.exp(-x[3]);
  prop(
    [
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
      fc.constantFrom("full", "sparse", "directional"),
      fc.integer(),
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: 4, maxLength: 4 }),
    ],
    { numRuns: runs(0.1) },
  )("the same options and seed give an identical report", (x, mode, seed, analytic) => {
    const options = { mode, seed, k: 3 } as const;
    expect(checkGradient(smooth, x, analytic, options)).toEqual(checkGradient(smooth, x, analytic, options));
  });
});
