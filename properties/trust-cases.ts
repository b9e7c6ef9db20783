/**
 * Adversarial cases for the trust properties (properties/trust.test.ts), as fast-check
 * arbitraries: kinked sums (max, abs, clip with exact and near ties, float64 and float32), relu
 * networks with units exactly at s = 0 and at 0 < |s| < 1e-9, near-perfect fits, huge scales,
 * and functions whose own scale near x is far below 1. Each carries its exact gradient (one
 * side's, at a kink) and which coordinates are kinked or smooth.
 */
import fc from "fast-check";
import { real } from "../src/arbitraries/index.js";
import { createNetwork, type Network, type Sample } from "../src/index.js";

export interface KinkedFunction {
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  readonly x: number[];
  /** The gradient: exact on smooth coordinates; on kinked ones, either side's slope. */
  readonly gradient: Float64Array;
  /** Coordinates where f has a kink exactly at x (a tie), so any stencil straddles it. */
  readonly kinked: number[];
  /** Coordinates along which f is smooth (polynomial, sin) near x. */
  readonly smooth: number[];
  readonly precision: "float64" | "float32";
}

const described = <T extends { name: string; x: number[] }>(t: T): T =>
  Object.assign(t, { [fc.toStringMethod]: () => `${t.name} at x = ${JSON.stringify(t.x)}` });

/**
 * f(x) = Σ_i kink_i(x_{2i}, x_{2i+1}) + Σ_j c_j·x_{2m+j}·x_{2m+j+1} (+ sin), the kinks max(u, v)
 * at an exact tie u = v, |u − v| at u = v, or clip(u, lo, hi) at u = lo (v unused then); the
 * kinked pairs come first or last in the layout, or interleaved, in any number.
 */
export const kinkedSum: fc.Arbitrary<KinkedFunction> = fc
  .record({
    pairs: fc.integer({ min: 1, max: 12 }),
    smoothCount: fc.integer({ min: 2, max: 6 }),
    kinds: fc.array(fc.constantFrom("max", "abs", "clip"), { minLength: 12, maxLength: 12 }),
    ties: fc.array(real(-3, 3), { minLength: 12, maxLength: 12 }),
    coefficients: fc.array(real(-2, 2), { minLength: 7, maxLength: 7 }),
    smoothPoint: fc.array(real(-2, 2), { minLength: 7, maxLength: 7 }),
    layout: fc.constantFrom("kinks first", "kinks last", "interleaved"),
  })
  .map(({ pairs, smoothCount, kinds, ties, coefficients, smoothPoint, layout }) => {
    const n = 2 * pairs + smoothCount;
    // Positions: which slots hold kinked pairs' coordinates and which the smooth chain's.
    const order: number[] = [];
    if (layout === "kinks first") for (let k = 0; k < n; k++) order.push(k);
    else if (layout === "kinks last") for (let k = 0; k < n; k++) order.push((k + smoothCount) % n);
    else {
      const kinks: number[] = [];
      const rest: number[] = [];
      for (let k = 0; k < n; k++) (k % 3 === 2 && rest.length < smoothCount) || kinks.length >= 2 * pairs ? rest.push(k) : kinks.push(k);
      order.push(...kinks, ...rest);
    }
    const pairAt = (i: number): [number, number] => [order[2 * i], order[2 * i + 1]];
    const smoothAt = (j: number) => order[2 * pairs + j];
    const x = new Array<number>(n).fill(0);
    const gradient = new Float64Array(n);
    const kinked: number[] = [];
    for (let i = 0; i < pairs; i++) {
      const [u, v] = pairAt(i);
      x[u] = ties[i];
      x[v] = kinds[i] === "clip" ? 0.5 : ties[i];
      if (kinds[i] === "max") {
        gradient[u] = 1;
        kinked.push(u, v);
      } else if (kinds[i] === "abs") {
        gradient[u] = 1;
        gradient[v] = -1;
        kinked.push(u, v);
      } else {
        gradient[u] = 1;
        kinked.push(u);
      }
    }
    for (let j = 0; j < smoothCount; j++) x[smoothAt(j)] = smoothPoint[j];
    const smooth = Array.from({ length: smoothCount }, (_, j) => smoothAt(j));
    const f = (v: Float64Array): number => {
      let sum = 0;
      for (let i = 0; i < pairs; i++) {
        const [a, b] = pairAt(i);
        if (kinds[i] === "max") sum += Math.max(v[a], v[b]);
        else if (kinds[i] === "abs") sum += Math.abs(v[a] - v[b]);
        else sum += Math.min(Math.max(v[a], ties[i]), ties[i] + 10) + 0 * v[b];
      }
      for (let j = 0; j + 1 < smoothCount; j++) sum += coefficients[j] * v[smoothAt(j)] * v[smoothAt(j + 1)];
      sum += Math.sin(v[smoothAt(smoothCount - 1)]);
      return sum;
    };
    for (let j = 0; j + 1 < smoothCount; j++) {
      gradient[smoothAt(j)] += coefficients[j] * x[smoothAt(j + 1)];
      gradient[smoothAt(j + 1)] += coefficients[j] * x[smoothAt(j)];
    }
    gradient[smoothAt(smoothCount - 1)] += Math.cos(x[smoothAt(smoothCount - 1)]);
    for (let i = 0; i < pairs; i++) if (kinds[i] === "clip") gradient[pairAt(i)[1]] = 0;
    return described({
      name: `${pairs} kinks (${kinds.slice(0, pairs).join(", ")}, ${layout}) + ${smoothCount} smooth`,
      f,
      x,
      gradient,
      kinked,
      smooth,
      precision: "float64" as const,
    });
  });

/** The float32 form: Σ |x_i − t_i| at x_i = t_i plus 2·x_j and x_j·x_{j+1}, each operation rounded with Math.fround. */
export const kinkedSum32: fc.Arbitrary<KinkedFunction> = fc
  .record({
    kinks: fc.integer({ min: 1, max: 6 }),
    ties: fc.array(real(-2, 2), { minLength: 6, maxLength: 6 }),
    s: fc.array(real(0.25, 2), { minLength: 2, maxLength: 2 }),
  })
  .map(({ kinks, ties, s }) => {
    const t = ties.map(Math.fround);
    const x = [...t.slice(0, kinks), Math.fround(s[0]), Math.fround(s[1])];
    const n = x.length;
    const f = (v: Float64Array): number => {
      let sum = 0;
      for (let i = 0; i < kinks; i++) sum = Math.fround(sum + Math.abs(Math.fround(v[i] - t[i])));
      return Math.fround(sum + Math.fround(Math.fround(v[n - 2]) * Math.fround(v[n - 1])));
    };
    const gradient = new Float64Array(n);
    for (let i = 0; i < kinks; i++) gradient[i] = 1;
    gradient[n - 2] = x[n - 1];
    gradient[n - 1] = x[n - 2];
    return described({
      name: `float32: ${kinks} × |x_i − t_i| + x_a·x_b`,
      f,
      x,
      gradient,
      kinked: Array.from({ length: kinks }, (_, i) => i),
      smooth: [n - 2, n - 1],
      precision: "float32" as const,
    });
  });

export interface KinkedNetwork {
  readonly network: Network;
  readonly samples: Sample[];
  /** Biases of first-layer relu units with s = 0 exactly on every sample, whose slope jumps: kinks any stencil straddles. */
  readonly kinked: number[];
  /** Output-layer weights: e is a polynomial along them (identity output, squared error), whatever the relu units do. */
  readonly smooth: number[];
  readonly name: string;
}

/**
 * A relu network [d0, d1, (d2,) 1] with identity output and squared error on all-zero inputs,
 * first-layer biases exactly 0 (every first-layer unit at s = 0: a kink for its bias) or within
 * 1e-9 of it (`offset`), and nonzero second-layer weights so that each kink has a jump.
 */
export const kinkedNetwork: fc.Arbitrary<KinkedNetwork> = fc
  .record({
    d0: fc.integer({ min: 1, max: 4 }),
    d1: fc.integer({ min: 1, max: 6 }),
    deep: fc.boolean(),
    d2: fc.integer({ min: 1, max: 4 }),
    weights: fc.array(real(0.25, 1.5), { minLength: 80, maxLength: 80 }),
    signs: fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }),
    offset: fc.oneof(fc.constant(0), real(1e-12, 1e-9)),
    target: real(-2, 2),
  })
  .map(({ d0, d1, deep, d2, weights, signs, offset, target }) => {
    const layers = deep ? [d0, d1, d2, 1] : [d0, d1, 1];
    const activation = deep ? (["relu", "tanh", "identity"] as const) : (["relu", "identity"] as const);
    const spec = { layers, activation: [...activation], loss: "squared" as const };
    const { layout } = createNetwork(spec);
    const w = new Float64Array(layout.size);
    // Signs in the first layer only: positive weights above it (and tanh' > 0) keep every kink's
    // jump in slope, 2(x − y)·Σ w·θ'·w, from cancelling to 0 (a unit at s = 0 whose paths cancel
    // exactly has equal one-sided slopes: no kink at all).
    for (let k = 0; k < w.length; k++) w[k] = (k < layout.offset[2] && !signs[k % 80] ? -1 : 1) * weights[k % 80];
    // First layer: biases 0 (or ±offset), so that on a zero input every unit sits at (or within 1e-9 of) its kink.
    for (let j = 0; j < d1; j++) w[layout.offset[1] + j] = offset === 0 ? 0 : (signs[j] ? 1 : -1) * offset;
    const L = layers.length - 1;
    const kinked = offset === 0 ? Array.from({ length: d1 }, (_, j) => layout.offset[1] + j) : [];
    const smooth = Array.from({ length: layout.offset[L + 1] - layout.offset[L] }, (_, q) => layout.offset[L] + q);
    const network = createNetwork(spec, w);
    const samples = [{ input: new Array(d0).fill(0), target: [target] }];
    const name = `relu network [${layers.join(",")}], first-layer biases ${offset === 0 ? "0" : `±${offset.toExponential(1)}`}, zero input, target ${target}`;
    return Object.assign({ network, samples, kinked, smooth, name }, { [fc.toStringMethod]: () => name });
  });

export interface ScaledFunction {
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  readonly x: number[];
  readonly gradient: Float64Array;
}

/**
 * Functions whose own scale near x is far below 1, or that sit at huge or cancelling scales:
 * cbrt and √ near 0, 1/x near 0, atan(x/s) (a sharp sigmoid) near 0, Rosenbrock at a badly
 * scaled point, f of size 1e6…1e10, and a linear f whose value cancels to ~1e-15 from O(1) terms.
 */
export const scaledFunction: fc.Arbitrary<ScaledFunction> = fc
  .oneof(
    real(-8, -3).map((e) => {
      const x0 = 10 ** e;
      return { name: `cbrt at ${x0}`, f: (x: Float64Array) => Math.cbrt(x[0]), x: [x0], gradient: Float64Array.of(1 / (3 * Math.cbrt(x0) ** 2)) };
    }),
    real(-8, -3).map((e) => {
      const x0 = 10 ** e;
      return { name: `√x at ${x0}`, f: (x: Float64Array) => Math.sqrt(x[0]), x: [x0], gradient: Float64Array.of(0.5 / Math.sqrt(x0)) };
    }),
    real(-6, -2).map((e) => {
      const x0 = 10 ** e;
      return { name: `1/x at ${x0}`, f: (x: Float64Array) => 1 / x[0], x: [x0], gradient: Float64Array.of(-1 / (x0 * x0)) };
    }),
    fc.tuple(real(-10, -7), real(0.5, 1e4)).map(([e, m]) => {
      const s = 10 ** e;
      const x0 = m * s;
      return {
        name: `atan(x/${s}) at ${x0}`,
        f: (x: Float64Array) => Math.atan(x[0] / s),
        x: [x0],
        gradient: Float64Array.of(1 / s / (1 + (x0 / s) ** 2)),
      };
    }),
    fc.tuple(real(-4, -2), real(2, 3.5), real(-6, 6)).map(([a, b, c]) => {
      const x = [10 ** a, 10 ** b, c];
      const f = (v: Float64Array) => 100 * (v[1] - v[0] ** 2) ** 2 + (1 - v[0]) ** 2 + 100 * (v[2] - v[1] ** 2) ** 2 + (1 - v[1]) ** 2;
      const g = Float64Array.of(
        -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]),
        200 * (x[1] - x[0] ** 2) - 400 * x[1] * (x[2] - x[1] ** 2) - 2 * (1 - x[1]),
        200 * (x[2] - x[1] ** 2),
      );
      return { name: "Rosenbrock", f, x, gradient: g };
    }),
    fc.tuple(real(6, 10), fc.array(real(-2, 2), { minLength: 3, maxLength: 3 })).map(([e, x]) => {
      const s = 10 ** e;
      const f = (v: Float64Array) => s * (v[0] * v[0] + Math.sin(v[1]) * v[2]);
      return { name: `${s}·(x0² + sin(x1)·x2)`, f, x, gradient: Float64Array.of(2 * s * x[0], s * Math.cos(x[1]) * x[2], s * Math.sin(x[1])) };
    }),
    fc.array(real(-2, 2), { minLength: 3, maxLength: 6 }).map((c) => {
      // Σ c_k x_k at x_k = 1, minus its own value rounded: f(x) cancels to ~1e-16 from O(1) terms.
      const n = c.length;
      let value = 0;
      for (let k = 0; k < n; k++) value += c[k];
      const f = (v: Float64Array) => {
        let sum = -value;
        for (let k = 0; k < n; k++) sum += c[k] * v[k];
        return sum;
      };
      return { name: `Σ c_k x_k − Σ c_k, c = ${JSON.stringify(c)}`, f, x: new Array(n).fill(1), gradient: Float64Array.from(c) };
    }),
  )
  .map((t) => described(t));

export interface FitCase {
  readonly name: string;
  readonly f: (x: Float64Array) => number;
  readonly x: number[];
  readonly gradient: Float64Array;
}

/**
 * A near-perfect fit: e(w) = Σ_n (tanh(w·u_n + b) − y_n)² with y_n = the model's own output plus
 * a residual of 1e-5…1e-4, so e ≈ 1e-10…1e-8 while its terms are O(1).
 */
export const nearPerfectFit: fc.Arbitrary<FitCase> = fc
  .record({
    w: fc.array(real(-1.5, 1.5), { minLength: 3, maxLength: 3 }),
    inputs: fc.array(fc.array(real(-2, 2), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
    residuals: fc.array(fc.tuple(real(-5, -4), fc.boolean()), { minLength: 5, maxLength: 5 }),
  })
  .map(({ w, inputs, residuals }) => {
    const model = (v: ArrayLike<number>, u: number[]) => Math.tanh(v[0] * u[0] + v[1] * u[1] + v[2]);
    const y = inputs.map((u, n) => model(w, u) + (residuals[n][1] ? 1 : -1) * 10 ** residuals[n][0]);
    const f = (v: Float64Array) => {
      let e = 0;
      for (let n = 0; n < inputs.length; n++) e += (model(v, inputs[n]) - y[n]) ** 2;
      return e;
    };
    const g = new Float64Array(3);
    for (let n = 0; n < inputs.length; n++) {
      const out = model(w, inputs[n]);
      const d = 2 * (out - y[n]) * (1 - out * out);
      g[0] += d * inputs[n][0];
      g[1] += d * inputs[n][1];
      g[2] += d;
    }
    return described({ name: `near-perfect tanh fit over ${inputs.length} points`, f, x: w, gradient: g });
  });

/** A network whose targets are its own outputs plus a residual of 1e-5…1e-4: checkNetwork near a perfect fit. */
export const nearPerfectNetwork: fc.Arbitrary<{ network: Network; samples: Sample[]; name: string }> = fc
  .record({
    layers: fc.constantFrom([2, 3, 1], [3, 4, 2], [2, 5, 3, 1]),
    activation: fc.constantFrom("tanh", "sigmoid", "identity") as fc.Arbitrary<"tanh" | "sigmoid" | "identity">,
    weights: fc.array(real(-1.5, 1.5), { minLength: 40, maxLength: 40 }),
    inputs: fc.array(fc.array(real(-2, 2), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 3 }),
    residual: fc.tuple(real(-5, -4), fc.boolean()),
  })
  .map(({ layers, activation, weights, inputs, residual }) => {
    const hidden = Array.from({ length: layers.length - 2 }, () => activation);
    const spec = { layers, activation: [...hidden, "identity" as const], loss: "squared" as const };
    const size = createNetwork(spec).layout.size;
    const network = createNetwork(
      spec,
      Array.from({ length: size }, (_, k) => weights[k % 40]),
    );
    const r = (residual[1] ? 1 : -1) * 10 ** residual[0];
    const samples = inputs.map((u) => {
      const input = u.slice(0, layers[0]);
      const out = network.forward(input).x[layers.length - 1];
      return { input, target: Array.from(out, (v) => v + r) };
    });
    const name = `near-perfect ${activation} network [${layers.join(",")}], residual ${r.toExponential(1)}`;
    return Object.assign({ network, samples, name }, { [fc.toStringMethod]: () => name });
  });

/**
 * A linear f = Σ c_k x_k − C at a random x, C its value there summed in another order: f(x)
 * cancels to ~1e-16 from terms of O(1), so ε·|f(x)| says nothing of f's rounding.
 */
export const cancellingLinear: fc.Arbitrary<ScaledFunction> = fc
  .integer({ min: 3, max: 12 })
  .chain((n) => fc.tuple(fc.array(real(-2, 2), { minLength: n, maxLength: n }), fc.array(real(-2, 2), { minLength: n, maxLength: n })))
  .map(([c, x]) => {
    const n = c.length;
    let value = 0;
    for (let k = n - 1; k >= 0; k--) value += c[k] * x[k];
    const f = (v: Float64Array) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += c[k] * v[k];
      return sum - value;
    };
    return described({ name: `Σ c_k x_k − C, c = ${JSON.stringify(c)}`, f, x, gradient: Float64Array.from(c) });
  });

/**
 * sqrt(x_0) at 1e-6…1e-2 beside 1–3 terms at their domain edges, acosh at 1 + e and the log-loss
 * −y·log p − (1 − y)·log(1 − p) at p = 1 − e, e = 1e-8…1e-4: terms whose slope times x (1/√(2e),
 * (1 − y)/e) is far above their size (√(2e), (1 − y)·|log e|), with the exact gradient.
 */
export const edgeSum: fc.Arbitrary<ScaledFunction> = fc
  .record({
    at: real(-6, -2),
    edges: fc.array(fc.record({ kind: fc.constantFrom("acosh", "logloss"), e: real(-8, -4), y: real(0, 1) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ at, edges }) => {
    const x0 = 10 ** at;
    const x = [x0];
    const gradient = [0.5 / Math.sqrt(x0)];
    const terms: ((v: number) => number)[] = [Math.sqrt];
    const names = [`sqrt(${x0})`];
    for (const { kind, e, y } of edges) {
      if (kind === "acosh") {
        const v = 1 + 10 ** e;
        // v − 1 is exact (Sterbenz): the gradient of the x actually checked.
        const d = v - 1;
        x.push(v);
        gradient.push(1 / Math.sqrt(d * (2 + d)));
        terms.push(Math.acosh);
        names.push(`acosh(${v})`);
      } else {
        const p = 1 - 10 ** e;
        x.push(p);
        gradient.push(-y / p + (1 - y) / (1 - p));
        terms.push((q) => -y * Math.log(q) - (1 - y) * Math.log(1 - q));
        names.push(`logloss(y = ${y})(${p})`);
      }
    }
    const f = (v: Float64Array) => {
      let sum = 0;
      for (let k = 0; k < terms.length; k++) sum += terms[k](v[k]);
      return sum;
    };
    return described({ name: names.join(" + "), f, x, gradient: Float64Array.from(gradient) });
  });

/**
 * Functions no step can resolve at x: a jump (a step function, not a kink) within 1e-13 of x,
 * or atan(x/s) with s ≤ 1e-16, sharper than any representable step. Their bounds stay large.
 */
export const beyondReach: fc.Arbitrary<ScaledFunction> = fc
  .oneof(
    fc.tuple(real(-2, 2), real(-15, -13)).map(([x0, e]) => {
      const t = x0 + 10 ** e;
      return { name: `step at ${t}`, f: (x: Float64Array) => (x[0] < t ? x[0] : x[0] + 1), x: [x0], gradient: Float64Array.of(1) };
    }),
    fc.tuple(real(-19, -16), real(0.5, 100)).map(([e, m]) => {
      const s = 10 ** e;
      return {
        name: `atan(x/${s}) at ${m * s}`,
        f: (x: Float64Array) => Math.atan(x[0] / s) + x[0],
        x: [m * s],
        gradient: Float64Array.of(1 / s / (1 + m * m) + 1),
      };
    }),
  )
  .map((t) => described(t));

/**
 * Sums of 2–4 terms cbrt(x_k) or 1/x_k with every x_k in [1e-8, 1e-4]: each term's scale near x_k
 * is far below 1 and |f| is mostly the other terms (1/x at 1e-5 is 1e5). A noise cap set by a
 * fraction of |f| took cbrt's signal for rounding here (finding 19).
 */
export const smallScaleSum: fc.Arbitrary<ScaledFunction> = fc
  .array(fc.tuple(fc.boolean(), real(-8, -4)), { minLength: 2, maxLength: 4 })
  .map((terms) => {
    const x = terms.map(([, e]) => 10 ** e);
    const cube = terms.map(([c]) => c);
    const f = (v: Float64Array) => {
      let sum = 0;
      for (let k = 0; k < cube.length; k++) sum += cube[k] ? Math.cbrt(v[k]) : 1 / v[k];
      return sum;
    };
    const gradient = Float64Array.from(x, (v, k) => (cube[k] ? 1 / (3 * Math.cbrt(v) ** 2) : -1 / (v * v)));
    const name = cube.map((c, k) => `${c ? "cbrt" : "1/x"}(x[${k}] = ${x[k]})`).join(" + ");
    return described({ name, f, x, gradient });
  });

/**
 * A softmax cross-entropy near a perfect fit, as a black box: e(w) = ln Σ_k e^{s_k} − s_y with
 * s_k = b_k + Σ_i W_ik u_i, 3–5 classes over 2–4 inputs, the target's bias 8…15 so that e is
 * 3e-7…3e-4 from logits of that size. Computed as the engine computes it (max-shifted), its values
 * lie on the grid of ulp(max s) ≈ 2e-15…4e-15, far above ε·|e|. The right gradient is
 * ∂e/∂s_k = p_k − [k = y] on the biases and u_i times it on the weights.
 */
export const softmaxNearFit: fc.Arbitrary<ScaledFunction> = fc
  .record({ inputs: fc.integer({ min: 2, max: 4 }), classes: fc.integer({ min: 3, max: 5 }) })
  .chain(({ inputs, classes }) =>
    fc.record({
      u: fc.array(real(-1.5, 1.5), { minLength: inputs, maxLength: inputs }),
      w: fc.array(real(-1, 1), { minLength: inputs * classes + classes, maxLength: inputs * classes + classes }),
      y: fc.integer({ min: 0, max: classes - 1 }),
      bias: real(8, 15),
    }),
  )
  .map(({ u, w, y, bias }) => {
    const m = u.length;
    const K = w.length / (m + 1);
    const x = [...w];
    x[K * m + y] = bias;
    const logits = (v: ArrayLike<number>): number[] =>
      Array.from({ length: K }, (_, k) => {
        let s = v[K * m + k];
        for (let i = 0; i < m; i++) s += v[k * m + i] * u[i];
        return s;
      });
    const f = (v: Float64Array): number => {
      const s = logits(v);
      const max = Math.max(...s);
      let sum = 0;
      for (const sk of s) sum += Math.exp(sk - max);
      return max + Math.log(sum) - s[y];
    };
    const s = logits(x);
    const max = Math.max(...s);
    const sum = s.reduce((a, sk) => a + Math.exp(sk - max), 0);
    const gradient = new Float64Array(x.length);
    for (let k = 0; k < K; k++) {
      const delta = Math.exp(s[k] - max) / sum - (k === y ? 1 : 0);
      gradient[K * m + k] = delta;
      for (let i = 0; i < m; i++) gradient[k * m + i] = delta * u[i];
    }
    return described({ name: `softmax cross-entropy, ${K} classes over u = ${JSON.stringify(u)}, target ${y}`, f, x, gradient });
  });
