/**
 * Arbitraries for vector maps f: ℝⁿ → ℝᵐ with their hand-written Jacobians, and for structured
 * parameters. A map's output i is s_i·φ_i(⟨a_i, x⟩ + b_i) + s_i·p_i·x_{q}·x_{r}: a smooth unit on
 * a random (partly sparse) row of weights plus a product term, with row scales s_i spread over
 * 10^±6, so that rows of very different sizes meet in one Jacobian.
 */
import fc from "fast-check";
import type { Structure } from "../base/structure.js";
import { real as edgy } from "./numbers.js";

/** The smooth units φ with φ'. */
const units = {
  sin: [Math.sin, Math.cos],
  tanh: [Math.tanh, (z: number) => 1 - Math.tanh(z) ** 2],
  exp: [Math.exp, Math.exp],
  square: [(z: number) => z * z, (z: number) => 2 * z],
  softplus: [(z: number) => Math.log1p(Math.exp(z)), (z: number) => 1 / (1 + Math.exp(-z))],
} as const;
/** A smooth unit φ of a drawn map's output. */
export type Unit = keyof typeof units;
/** Every unit a drawn map may use. */
export const unitNames = Object.keys(units) as Unit[];

/** A vector map at a point, with its Jacobian. */
export interface VectorMapCase {
  m: number;
  n: number;
  x: number[];
  f: (x: Float64Array) => number[];
  /** The right Jacobian, m rows of n. */
  jacobian: (x: Float64Array) => number[][];
  /** Row scales s_i. */
  scales: number[];
  /** The map in words, for counterexamples. */
  description: string;
}

interface Row {
  unit: Unit;
  a: number[];
  b: number;
  s: number;
  p: number;
  q: number;
  r: number;
}

/** Reals evenly spread over [min, max] (a grid of 2^26 points), without fast-check's edge values. */
const even = (min: number, max: number): fc.Arbitrary<number> => fc.integer({ min: 0, max: 2 ** 26 }).map((k) => min + (k / 2 ** 26) * (max - min));

/**
 * A map with m in [1, maxOutputs] outputs and n in [1, maxInputs] inputs, at a point in [−1.5, 1.5]ⁿ.
 * With `edges` (default true) weights, offsets and the point include fast-check's edge values
 * (tiny magnitudes, −0): derivatives far below f's rounding, which no check can resolve; without,
 * every value is evenly spread over its range.
 */
export function vectorMapCase(constraints: { maxInputs?: number; maxOutputs?: number; edges?: boolean } = {}): fc.Arbitrary<VectorMapCase> {
  const maxInputs = constraints.maxInputs ?? 6;
  const maxOutputs = constraints.maxOutputs ?? 5;
  const real = constraints.edges === false ? even : edgy;
  return fc.record({ n: fc.integer({ min: 1, max: maxInputs }), m: fc.integer({ min: 1, max: maxOutputs }) }).chain(({ n, m }) => {
    const row: fc.Arbitrary<Row> = fc.record({
      unit: fc.constantFrom(...unitNames),
      a: fc.array(fc.oneof({ weight: 3, arbitrary: real(-1, 1) }, { weight: 1, arbitrary: fc.constant(0) }), { minLength: n, maxLength: n }),
      b: real(-0.5, 0.5),
      s: fc.integer({ min: -6, max: 6 }).chain((e) => real(0.5, 2).map((v) => v * 10 ** e)),
      p: real(-1, 1),
      q: fc.integer({ min: 0, max: n - 1 }),
      r: fc.integer({ min: 0, max: n - 1 }),
    });
    return fc
      .record({ rows: fc.array(row, { minLength: m, maxLength: m }), x: fc.array(real(-1.5, 1.5), { minLength: n, maxLength: n }) })
      .map(({ rows, x }) => mapOf(rows, x, n));
  });
}

function mapOf(rows: Row[], x: number[], n: number): VectorMapCase {
  const z = (row: Row, p: Float64Array) => row.a.reduce((s, a, k) => s + a * p[k], row.b);
  const f = (p: Float64Array) => rows.map((row) => row.s * (units[row.unit][0](z(row, p)) + row.p * p[row.q] * p[row.r]));
  const jacobian = (p: Float64Array) =>
    rows.map((row) => {
      const d = units[row.unit][1](z(row, p));
      const out = row.a.map((a) => row.s * d * a);
      out[row.q] += row.s * row.p * p[row.r];
      out[row.r] += row.s * row.p * p[row.q];
      return out;
    });
  const description = rows
    .map(
      (r, i) =>
        `y[${i}] = ${r.s.toExponential(2)}·(${r.unit}(⟨${r.a.map((v) => v.toFixed(3)).join(",")}⟩·x + ${r.b.toFixed(3)}) + ${r.p.toFixed(3)}·x${r.q}·x${r.r})`,
    )
    .join("; ");
  return { m: rows.length, n, x, f, jacobian, scales: rows.map((r) => r.s), description };
}

/** A structure of parameters: an object of 1 to 3 named vectors, matrices or Float64Arrays, entries in [−1.5, 1.5]. */
export function structuredParameters(): fc.Arbitrary<{ [key: string]: Structure }> {
  const entry = even(-1.5, 1.5);
  const leaf: fc.Arbitrary<Structure> = fc.oneof(
    fc.array(entry, { minLength: 1, maxLength: 4 }),
    fc
      .record({ rows: fc.integer({ min: 1, max: 3 }), columns: fc.integer({ min: 1, max: 3 }) })
      .chain(({ rows, columns }) => fc.array(fc.array(entry, { minLength: columns, maxLength: columns }), { minLength: rows, maxLength: rows })),
    fc.array(entry, { minLength: 1, maxLength: 4 }).map((v) => Float64Array.from(v)),
  );
  return fc.dictionary(fc.constantFrom("W", "b", "gamma", "beta", "U"), leaf, { minKeys: 1, maxKeys: 3 });
}
