/**
 * The cotangents v that turn fn's outputs into the scalar φ(x) = Σ_o ⟨v_o, y_o(x)⟩ checkGradient
 * differentiates. A scalar output needs one, v = 1. Otherwise a few seeded random directions
 * (standard normal, rounded to float32 so that the dy tfjs gets and the v φ uses are the same
 * numbers): a wrong Jacobian J' ≠ J passes ⟨v, (J − J')·⟩ = 0 only for v on a set of measure zero.
 * Or, for small outputs, every unit vector e_i: the full Jacobian, one row per check.
 */
import { createRandom } from "../base/random.js";
import { coordinateName } from "./inputs.js";

/** One cotangent: its label in reports and its value for each output. */
export interface Cotangent {
  /** "y" for a scalar output, "v1", "v2" … for random ones, the output coordinate ("y[2,0]") for a Jacobian row. */
  label: string;
  v: Float64Array[];
}

const outputName = (o: number, outputs: number) => (outputs === 1 ? "y" : `y${o}`);

export function cotangents(shapes: readonly number[][], how: { count: number; jacobian: boolean; seed: number }): Cotangent[] {
  const sizes = shapes.map((s) => s.reduce((a, b) => a * b, 1));
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total === 1) return [{ label: coordinateName(outputName(0, 1), [], 0), v: sizes.map((n) => new Float64Array(n).fill(1)) }];
  if (how.jacobian) {
    const rows: Cotangent[] = [];
    sizes.forEach((size, o) => {
      for (let i = 0; i < size; i++) {
        const v = sizes.map((n) => new Float64Array(n));
        v[o][i] = 1;
        rows.push({ label: coordinateName(outputName(o, sizes.length), shapes[o], i), v });
      }
    });
    return rows;
  }
  // Its own stream, so that the draws do not shift checkGradient's (which uses the seed as given).
  const random = createRandom(how.seed ^ 0x7f4a7c15);
  return Array.from({ length: how.count }, (_, c) => ({
    label: `v${c + 1}`,
    v: sizes.map((n) => Float64Array.from({ length: n }, () => Math.fround(random.normal()))),
  }));
}

/** ⟨v, y⟩ summed over the outputs, in float64. */
export function contract(v: readonly Float64Array[], y: readonly { values: Float64Array }[]): number {
  let s = 0;
  for (let o = 0; o < v.length; o++) {
    const vo = v[o];
    const yo = y[o].values;
    for (let i = 0; i < vo.length; i++) s += vo[i] * yo[i];
  }
  return s;
}
