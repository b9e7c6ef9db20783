/**
 * Number arbitraries for the property suite: reals spread evenly over a range (what weights,
 * inputs and targets usually are) mixed with fast-check's doubles (which favour edge values:
 * 0, −0, tiny and extreme magnitudes). Every value is finite.
 */
import fc from "fast-check";

/** Grid points per unit of the evenly spread reals: 2^26, fine enough that ties are rare. */
const GRID = 2 ** 26;

/**
 * Reals in [min, max], evenly spread (a grid of spacing 2^−26·(max − min)) three times in four,
 * and fast-check's double in [min, max] (edge values, tiny magnitudes, −0) once in four.
 * Shrinks toward min, or toward 0 when 0 lies in the range.
 */
export function real(min: number, max: number): fc.Arbitrary<number> {
  const even =
    min < 0 && max > 0
      ? fc.integer({ min: -GRID, max: GRID }).map((k) => (k < 0 ? (-k / GRID) * min : (k / GRID) * max))
      : fc.integer({ min: 0, max: GRID }).map((k) => min + (k / GRID) * (max - min));
  return fc.oneof({ weight: 3, arbitrary: even }, { weight: 1, arbitrary: fc.double({ min, max, noNaN: true }) });
}

/** A vector of `length` reals in [min, max]. */
export function vector(length: number, min: number, max: number): fc.Arbitrary<number[]> {
  return fc.array(real(min, max), { minLength: length, maxLength: length });
}

/** The magnitude of ordinary weights: |w| ≤ 1.5, where tanh and sigmoid units work in their curved range. */
export const ORDINARY_WEIGHT = 1.5;
/** Saturating weights have 4 ≤ |w| ≤ 30: with inputs of order one, tanh and sigmoid units sit on their flat tails. */
export const SATURATING_WEIGHT = { min: 4, max: 30 } as const;

/** Ordinary weights: `count` reals in [−1.5, 1.5]. */
export function ordinaryWeights(count: number): fc.Arbitrary<number[]> {
  return vector(count, -ORDINARY_WEIGHT, ORDINARY_WEIGHT);
}

/** Saturating weights: `count` reals with 4 ≤ |w| ≤ 30 and either sign. */
export function saturatingWeights(count: number): fc.Arbitrary<number[]> {
  const { min, max } = SATURATING_WEIGHT;
  const magnitude = fc.tuple(fc.boolean(), real(min, max)).map(([negative, m]) => (negative ? -m : m));
  return fc.array(magnitude, { minLength: count, maxLength: count });
}

/** The kinds of weights `weights` draws. */
export type WeightKind = "ordinary" | "saturating";

/** `count` weights of the given kind; with both kinds allowed, mostly ordinary (three in four). */
export function weights(count: number, kinds: readonly WeightKind[] = ["ordinary", "saturating"]): fc.Arbitrary<number[]> {
  const choices = kinds.map((kind) => ({
    weight: kind === "ordinary" ? 3 : 1,
    arbitrary: kind === "ordinary" ? ordinaryWeights(count) : saturatingWeights(count),
  }));
  return fc.oneof(...choices);
}

/** The range of inputs: |x_i^(0)| ≤ 2. */
export const INPUT_RANGE = 2;
/** The range of squared-error targets: |y_j| ≤ 2 (any finite target is valid; this keeps e of order one). */
export const TARGET_RANGE = 2;

/** An input x^(0) of width d0, entries in [−2, 2]. */
export function input(d0: number): fc.Arbitrary<number[]> {
  return vector(d0, -INPUT_RANGE, INPUT_RANGE);
}

/** Denominator of the probability vectors: 2^10. Dyadic entries make Σ_j y_j = 1 exact in floating point. */
const PROBABILITY_GRID = 1024;

/**
 * A probability vector of length d: entries c_j / 2^10 with nonnegative integers c_j summing to 2^10,
 * so that y_j ≥ 0 and the floating-point sum Σ_j y_j is exactly 1. One-hot vectors are included.
 */
export function probabilityVector(d: number): fc.Arbitrary<number[]> {
  const oneHot = fc.integer({ min: 0, max: d - 1 }).map((hot) => Array.from({ length: d }, (_, j) => (j === hot ? 1 : 0)));
  const spread = fc.array(fc.integer({ min: 0, max: PROBABILITY_GRID }), { minLength: d, maxLength: d }).map((raw) => {
    const total = raw.reduce((a, b) => a + b, 0);
    if (total === 0) return Array.from({ length: d }, (_, j) => (j === 0 ? 1 : 0));
    const counts = raw.map((c) => Math.floor((c * PROBABILITY_GRID) / total));
    counts[0] += PROBABILITY_GRID - counts.reduce((a, b) => a + b, 0);
    return counts.map((c) => c / PROBABILITY_GRID);
  });
  return fc.oneof(oneHot, spread);
}
