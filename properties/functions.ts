/**
 * Smooth closed-form test functions with exact gradients, as fast-check arbitraries, for the
 * properties of the differentiator and the checker. Points x lie in [−2, 2]^n, n = 1..6.
 */
import fc from "fast-check";
import { real, vector } from "../src/arbitraries/index.js";

export interface TestFunction {
  /** What it is, with its coefficients. */
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  /** The exact gradient (each entry computed in floating point from its closed form). */
  readonly gradient: (x: ArrayLike<number>) => Float64Array;
  readonly x: number[];
}

const point = (n: number) => vector(n, -2, 2);

/** Prints a test function as its name and point, so that a counterexample reads as math. */
function described<T extends TestFunction>(t: T): T {
  return Object.assign(t, { [fc.toStringMethod]: () => `${t.name} at x = ${JSON.stringify(t.x)}` });
}
const dimension = fc.integer({ min: 1, max: 6 });

/** f(x) = ½ xᵀAx + bᵀx + c with A symmetric, entries in [−2, 2]; ∇f = Ax + b. */
export interface Quadratic extends TestFunction {
  readonly A: number[][];
  readonly b: number[];
  readonly c: number;
}

/** The quadratic with these coefficients (A symmetric), at x. */
export function quadraticOf(A: number[][], b: number[], c: number, x: number[]): Quadratic {
  const n = b.length;
  const f = (v: Float64Array): number => {
    let sum = c;
    for (let i = 0; i < n; i++) {
      sum += b[i] * v[i];
      for (let j = 0; j < n; j++) sum += 0.5 * A[i][j] * v[i] * v[j];
    }
    return sum;
  };
  const gradient = (v: ArrayLike<number>): Float64Array => Float64Array.from(A.map((row, i) => row.reduce((s, a, j) => s + a * v[j], b[i])));
  return described({ name: `½xᵀAx + bᵀx + c, A = ${JSON.stringify(A)}, b = ${JSON.stringify(b)}, c = ${c}`, f, gradient, x, A, b, c });
}

export const quadratic: fc.Arbitrary<Quadratic> = dimension.chain((n) =>
  fc.tuple(fc.array(vector(n, -2, 2), { minLength: n, maxLength: n }), vector(n, -2, 2), real(-10, 10), point(n)).map(([raw, b, c, x]) =>
    quadraticOf(
      raw.map((row, i) => row.map((_, j) => (i <= j ? raw[i][j] : raw[j][i]))),
      b,
      c,
      x,
    ),
  ),
);

/**
 * f(x) = Σ_k c_k e^{a_k x_k} + Σ_k b_k sin(x_k x_{k+1}) with a_k, c_k of magnitude 0.5–2, b_k in
 * [−1, 1]: smooth, coupled, with every third derivative along a coordinate of order one.
 */
export const expSin: fc.Arbitrary<TestFunction> = dimension.chain((n) => {
  const magnitude = fc.tuple(fc.boolean(), real(0.5, 2)).map(([negative, m]) => (negative ? -m : m));
  const many = (arb: fc.Arbitrary<number>) => fc.array(arb, { minLength: n, maxLength: n });
  return fc.tuple(many(magnitude), many(magnitude), vector(n, -1, 1), point(n)).map(([a, c, b, x]) => {
    const f = (v: Float64Array): number => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += c[k] * Math.exp(a[k] * v[k]) + (k + 1 < n ? b[k] * Math.sin(v[k] * v[k + 1]) : 0);
      return sum;
    };
    const gradient = (v: ArrayLike<number>): Float64Array => {
      const g = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        g[k] += c[k] * a[k] * Math.exp(a[k] * v[k]);
        if (k + 1 < n) {
          const cos = Math.cos(v[k] * v[k + 1]);
          g[k] += b[k] * v[k + 1] * cos;
          g[k + 1] += b[k] * v[k] * cos;
        }
      }
      return g;
    };
    return described({
      name: `Σ c e^{a x} + Σ b sin(x_k x_k+1), a = ${JSON.stringify(a)}, c = ${JSON.stringify(c)}, b = ${JSON.stringify(b)}`,
      f,
      gradient,
      x,
    });
  });
});

/**
 * f(x) = log Σ_k e^{u_k x_k}, u_k in [−2, 2]; ∇f_k = u_k e^{u_k x_k} / Σ_j e^{u_j x_j}. Evaluated
 * accurately, as t_max + log1p(Σ_{k≠max} e^{t_k − t_max}) with t = u ∘ x: the naive log(Σ e^t)
 * rounds to 0 when f is tiny (log e^t for t ≈ 1e-77), and a checker cannot see a derivative that
 * f's values do not carry.
 */
export const logSumExp: fc.Arbitrary<TestFunction> = dimension.chain((n) =>
  fc.tuple(vector(n, -2, 2), point(n)).map(([u, x]) => {
    const f = (v: Float64Array): number => {
      const t = u.map((uk, k) => uk * v[k]);
      const top = t.indexOf(Math.max(...t));
      return t[top] + Math.log1p(t.reduce((s, tk, k) => (k === top ? s : s + Math.exp(tk - t[top])), 0));
    };
    const gradient = (v: ArrayLike<number>): Float64Array => {
      const t = u.map((uk, k) => uk * v[k]);
      const top = Math.max(...t);
      const total = t.reduce((s, tk) => s + Math.exp(tk - top), 0);
      return Float64Array.from(u, (uk, k) => (uk * Math.exp(t[k] - top)) / total);
    };
    return described({ name: `log Σ e^{u x}, u = ${JSON.stringify(u)}`, f, gradient, x });
  }),
);

/** Any of the smooth test functions. */
export const smoothFunction: fc.Arbitrary<TestFunction> = fc.oneof(quadratic, expSin, logSumExp);

/** f(x) = Σ_k c_k e^{a_k x_k}, |a_k|, |c_k| in [0.5, 2]: separable, and its third derivative c_k a_k³ e^{a_k x_k} along a coordinate is never 0. */
export const sumOfExponentials: fc.Arbitrary<TestFunction & { a: number[]; c: number[] }> = dimension.chain((n) => {
  const magnitude = fc.tuple(fc.boolean(), real(0.5, 2)).map(([negative, m]) => (negative ? -m : m));
  const many = fc.array(magnitude, { minLength: n, maxLength: n });
  return fc.tuple(many, many, point(n)).map(([a, c, x]) =>
    described({
      name: `Σ c e^{a x}, a = ${JSON.stringify(a)}, c = ${JSON.stringify(c)}`,
      f: (v: Float64Array) => a.reduce((s, ak, k) => s + c[k] * Math.exp(ak * v[k]), 0),
      gradient: (v: ArrayLike<number>) => Float64Array.from(a, (ak, k) => c[k] * ak * Math.exp(ak * v[k])),
      x,
      a,
      c,
    }),
  );
});
