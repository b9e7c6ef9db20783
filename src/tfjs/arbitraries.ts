/**
 * fast-check arbitraries for checking tfjs ops: tensor shapes, values in a domain, and op
 * attributes. Plain data (shapes, float32-rounded values, attribute records), never tensors, so
 * that fast-check can shrink them; checkTfjsOp (property.ts) turns them into tensors. Every
 * arbitrary shrinks toward the simplest case: the smallest shape, an attribute's default.
 */
import fc from "fast-check";

/** Where values lie: "real" (−2, 2), "positive" (0.1, 2), "unit" (−1, 1), "simplex" (positive, summing to 1 along the last axis), "distinct" (−1, 1), pairwise apart. */
export type TensorDomain = "real" | "positive" | "unit" | "simplex" | "distinct";

/** A tensor as data: its shape and its values, row-major, already float32. */
export interface TensorData {
  shape: number[];
  values: number[];
}

/** Grid points across an open interval: fine enough that draws rarely repeat, coarse enough to shrink fast. */
const GRID = 2 ** 16;

/** Raw draws: grid integers 1…GRID − 1, shrinking toward the middle (0 in (−1, 1)), mapped into a domain by valuesIn. */
const raw = (n: number) => fc.array(fc.integer({ min: 1 - GRID / 2, max: GRID / 2 - 1 }), { minLength: n, maxLength: n });

const RANGES: Record<Exclude<TensorDomain, "simplex" | "distinct">, [number, number]> = {
  real: [-2, 2],
  positive: [0.1, 2],
  unit: [-1, 1],
};

/** Shape constraints: rank minRank…maxRank (default 1…3), each dimension 1…maxDim (default 3). */
export interface ShapeConstraints {
  minRank?: number;
  maxRank?: number;
  maxDim?: number;
}

/** Shapes of rank minRank…maxRank, each dimension 1…maxDim; shrinks toward the lowest rank and 1s. */
export function tensorShape(constraints: ShapeConstraints = {}): fc.Arbitrary<number[]> {
  const { minRank = 1, maxRank = 3, maxDim = 3 } = constraints;
  return fc.array(fc.integer({ min: 1, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Raw grid draws (k ∈ (−GRID/2, GRID/2)) as values of the domain for a tensor of this shape.
 * "distinct": evenly spaced over (−1, 1) in the order of the draws (ties broken by position), so
 * that no two values are closer than the spacing 2/n: max, maxPool and sort stay off their ties.
 * "simplex": positive, normalized along the last axis.
 */
function valuesIn(k: readonly number[], shape: readonly number[], domain: TensorDomain): number[] {
  const n = k.length;
  const u = k.map((v) => (v + GRID / 2) / GRID); // in (0, 1)
  if (domain === "distinct") {
    const order = [...u.keys()].sort((p, q) => u[p] - u[q] || p - q);
    const out = new Array<number>(n);
    order.forEach((position, rank) => {
      out[position] = Math.fround(-1 + (2 * (rank + 0.5)) / n);
    });
    return out;
  }
  if (domain === "simplex") {
    const last = shape.length === 0 ? 1 : shape[shape.length - 1];
    const out = u.map((v) => 0.1 + 0.9 * v);
    for (let start = 0; start < n; start += last) {
      let sum = 0;
      for (let i = start; i < start + last; i++) sum += out[i];
      for (let i = start; i < start + last; i++) out[i] = Math.fround(out[i] / sum);
    }
    return out;
  }
  const [lo, hi] = RANGES[domain];
  return u.map((v) => Math.fround(lo + v * (hi - lo)));
}

/** Values for a tensor of this shape in a domain (default "real"), float32. */
export function tensorValues(shape: readonly number[], domain: TensorDomain = "real"): fc.Arbitrary<number[]> {
  return raw(sizeOf(shape)).map((k) => valuesIn(k, shape, domain));
}

/**
 * A tensor (shape and values): of a given shape, or of a drawn one (ShapeConstraints). A drawn
 * shape and its values are drawn independently (values from a pool as large as the largest
 * shape), so that fast-check shrinks the shape and the values each on its own.
 */
export function tensorData(constraints: { shape?: readonly number[] | ShapeConstraints; domain?: TensorDomain } = {}): fc.Arbitrary<TensorData> {
  const { shape = {}, domain = "real" } = constraints;
  if (Array.isArray(shape)) {
    const fixed = [...(shape as readonly number[])];
    return tensorValues(fixed, domain).map((values) => ({ shape: fixed, values }));
  }
  const c = shape as ShapeConstraints;
  const largest = (c.maxDim ?? 3) ** (c.maxRank ?? 3);
  return fc.tuple(tensorShape(c), raw(largest)).map(([s, k]) => ({ shape: s, values: valuesIn(k.slice(0, sizeOf(s)), s, domain) }));
}

/** An axis of a tensor of this rank, from −rank to rank − 1; shrinks toward 0. */
export const axis = (rank: number): fc.Arbitrary<number> => fc.integer({ min: -rank, max: Math.max(0, rank - 1) });
/** keepDims: false (the default) or true. */
export const keepDims = (): fc.Arbitrary<boolean> => fc.boolean();
/** Padding: "valid" (the default) or "same". */
export const padding = (): fc.Arbitrary<"valid" | "same"> => fc.constantFrom("valid" as const, "same" as const);
/** A stride, 1 (the default) to max (default 2). */
export const strides = (max = 2): fc.Arbitrary<number> => fc.integer({ min: 1, max });
/** A dilation rate, 1 (the default) to max (default 2). */
export const dilations = (max = 2): fc.Arbitrary<number> => fc.integer({ min: 1, max });
/** cumsum's and cumprod's flags; both false by default. */
export const exclusiveReverse = (): fc.Arbitrary<{ exclusive: boolean; reverse: boolean }> =>
  fc.record({ exclusive: fc.boolean(), reverse: fc.boolean() });
/** resize's flags: each alone or neither (tfjs refuses both). */
export const resizeFlags = (): fc.Arbitrary<{ alignCorners: boolean; halfPixelCenters: boolean }> =>
  fc.constantFrom(
    { alignCorners: false, halfPixelCenters: false },
    { alignCorners: true, halfPixelCenters: false },
    { alignCorners: false, halfPixelCenters: true },
  );
