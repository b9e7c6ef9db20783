/**
 * The Hessian properties: the engine's own ∇²e(w) (R-operator, src/network/hessian.ts) passes
 * checkHessian on random small networks, activations and losses; one entry moved by a relative
 * 1e-6 fails and is named; hand-written Hessians of random scalar functions pass and a moved entry
 * fails; and a planted mistake in θ'' (the seam, HessianRules) is caught.
 *
 * The networks have ordinary and saturating weights (one in four saturating: 4 ≤ |w| ≤ 30), tanh,
 * sigmoid, relu and identity hidden layers and every head. ReLU cases are kept only where no unit
 * changes side anywhere the first level of the stencils evaluates e (hessianKinkFree: a mixed stencil
 * moves two weights, and can carry a unit across s = 0 where kinkFree, which moves one, does not
 * look). Unresolved entries are accepted: where a unit saturates, its second derivatives fall below
 * what any second difference resolves (as for checkNetwork's first). Saturated networks need what
 * checkNetworkHessian knows of the rounding (networkHessianHint): the seam that drops it shows it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hessianKinkFree } from "../src/arbitraries/backprop.js";
import { heads, type NetworkCase, networkCase } from "../src/arbitraries/index.js";
import type { HessianHint } from "../src/check/check-hessian.js";
import { checkHessian, checkHessianAsync } from "../src/check/check-hessian.js";
import { checkNetworkHessian, networkHessianHint } from "../src/check/check-network-hessian.js";
import type { HessianCheckReport } from "../src/check/hessian-report.js";
import { type HessianRules, networkHessian, networkHessianWith } from "../src/network/hessian.js";
import type { Network } from "../src/network/network.js";
import { runs } from "./runs.js";

const constraints = {
  maxDepth: 3,
  maxWidth: 3,
  hidden: ["tanh", "sigmoid", "relu", "identity"],
  heads,
} as const;
const kinkFreeCase = (c: NetworkCase): boolean => hessianKinkFree(c.network, c.samples[0]);
const smallNetworks = networkCase({ ...constraints, weights: ["ordinary", "saturating"] }, 1).filter(kinkFreeCase);
const saturatedNetworks = networkCase({ ...constraints, weights: ["saturating"] }, 1).filter(kinkFreeCase);

const lenient = { allowUnresolved: true } as const;

/**
 * The engine's Hessian on the case's first sample, as checkNetworkHessian judges it (claim: the rules
 * given; hint: what the check is told of the rounding, by default networkHessianHint).
 */
function judged(c: NetworkCase, rules?: HessianRules, hint?: () => HessianHint): HessianCheckReport {
  const { input, target } = c.samples[0];
  const claim = rules === undefined ? networkHessian : (n: Network, i: ArrayLike<number>, t: ArrayLike<number>) => networkHessianWith(n, i, t, rules);
  return checkNetworkHessian(c.network, input, target, lenient, claim, hint);
}

/** The largest |H_ij| of a matrix, and its place. */
function largest(H: Float64Array[]): [number, number] {
  let [bi, bj] = [0, 0];
  for (let i = 0; i < H.length; i++) for (let j = 0; j < H.length; j++) if (Math.abs(H[i][j]) > Math.abs(H[bi][bj])) [bi, bj] = [i, j];
  return [bi, bj];
}

describe("the engine's own second derivatives", () => {
  it("the Hessian of the engine's e(w), by the R-operator, passes checkHessian (random architectures, activations with relu off its kinks, losses, ordinary and saturating weights)", () => {
    fc.assert(
      fc.property(smallNetworks, (c) => {
        const report = judged(c);
        expect(report.mismatches, report.mismatches[0]?.name).toEqual([]);
        expect(report.asymmetry).toEqual([]);
      }),
      { numRuns: runs(0.03) },
    );
  });

  it("one entry of the engine's Hessian moved by 1e-6·max |H| (a relative 1e-6 at the largest) fails and is named, where resolved", () => {
    fc.assert(
      fc.property(smallNetworks, fc.nat(), fc.boolean(), fc.boolean(), (c, pick, largestEntry, sign) => {
        const { input, target } = c.samples[0];
        const H = networkHessian(c.network, input, target);
        const n = H.length;
        const [i, j] = largestEntry ? largest(H) : [Math.floor(pick / n) % n, pick % n];
        const scale = Math.abs(H[largest(H)[0]][largest(H)[1]]);
        fc.pre(scale > 0);
        const right = checkNetworkHessian(c.network, input, target, lenient);
        fc.pre(right.bound[i][j] < 1e-6 * scale); // resolved at that entry
        H[i][j] += (sign ? 1 : -1) * 1e-6 * scale;
        // Default options: it fails, as a mismatch or an asymmetric pair — or, where f does not move along
        // the pair at all (a weight on a zero input), as unresolved: f's values cannot show it there.
        const report = checkNetworkHessian(c.network, input, target, {}, () => H);
        expect(report.ok).toBe(false);
        const named = [
          ...report.mismatches.map((m) => [m.row, m.column, m.name]),
          ...report.asymmetry.map((a) => [a.row, a.column, a.name]),
          ...report.unresolved.map((u) => [u.row, u.column, u.name]),
        ];
        const hit = named.find(([r, k]) => (r === i && k === j) || (r === j && k === i));
        expect(hit, `H[${i}][${j}] not named`).toBeDefined();
        expect(String(hit?.[2])).toMatch(/^∂²e\/∂w\[l=\d\]\[i=\d\]\[j=\d\]∂w\[/);
      }),
      { numRuns: runs(0.03) },
    );
  });

  it("the proof it bites: θ'' without its factor 2 for tanh (−x(1 − x²)) and without (1 − 2x) for sigmoid is caught", () => {
    const wrong: HessianRules = {
      second: (activation, _s, x) => (activation === "tanh" ? -x * (1 - x * x) : activation === "sigmoid" ? x * (1 - x) : 0),
    };
    const curved = smallNetworks.filter((c) => c.network.spec.theta.some((t) => t === "tanh" || t === "sigmoid"));
    const details = fc.check(
      fc.property(curved, (c) => judged(c, wrong).ok),
      { numRuns: runs(0.03), endOnFailure: true },
    );
    expect(details.failed, `no counterexample in ${details.numRuns} runs`).toBe(true);
    const [c] = details.counterexample!;
    const caught = judged(c, wrong);
    expect(caught.mismatches.length).toBeGreaterThan(0);
    expect(judged(c).mismatches).toEqual([]); // the real rules pass at the same case
  });

  it("the proof saturating weights bite: told nothing of the claim's |abs| pass (seam: the hint without magnitude), a saturated network's right Hessian fails as asymmetric", () => {
    const withoutMagnitude = (c: NetworkCase) => () => ({
      ...networkHessianHint(c.network, c.samples[0].input, c.samples[0].target),
      magnitude: undefined,
    });
    const details = fc.check(
      fc.property(saturatedNetworks, (c) => judged(c, undefined, withoutMagnitude(c)).asymmetry.length === 0),
      { numRuns: runs(1), endOnFailure: true },
    );
    expect(details.failed, `no counterexample in ${details.numRuns} runs`).toBe(true);
    const [c] = details.counterexample!;
    expect(judged(c).asymmetry).toEqual([]); // the whole hint passes at the same case
  });
});

/**
 * f(x) = ½ xᵀA x + Σ_k c_k tanh(x_k) + log Σ_k e^{x_k}: a quadratic form, a separable curvature, and
 * a log-sum-exp coupling every pair; H = A_sym + diag(c_k·(−2 tanh x_k (1 − tanh² x_k))) + diag(p) − p pᵀ.
 */
const scalarCase = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    A: fc.array(fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }),
    c: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
    x: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
  }),
);

function scalar(A: number[][], c: number[]) {
  const n = c.length;
  const f = (x: Float64Array): number => {
    let q = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) q += 0.5 * x[i] * A[i][j] * x[j];
    let t = 0;
    for (let k = 0; k < n; k++) t += c[k] * Math.tanh(x[k]);
    const m = Math.max(...x);
    let sum = 0;
    for (let k = 0; k < n; k++) sum += Math.exp(x[k] - m);
    return q + t + m + Math.log(sum);
  };
  const hessian = (x: Float64Array): number[][] => {
    const m = Math.max(...x);
    const e = Array.from(x, (v) => Math.exp(v - m));
    const total = e.reduce((a, b) => a + b, 0);
    const p = e.map((v) => v / total);
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: n }, (_, j) => {
        const th = Math.tanh(x[i]);
        const diagonal = i === j ? c[i] * (-2 * th * (1 - th * th)) + p[i] : 0;
        return 0.5 * (A[i][j] + A[j][i]) + diagonal - p[i] * p[j];
      }),
    );
  };
  return { f, hessian };
}

describe("hand-written Hessians of scalar functions", () => {
  it("a right Hessian passes checkHessian (or names the entries it cannot resolve)", () => {
    fc.assert(
      fc.property(scalarCase, ({ A, c, x }) => {
        const { f, hessian } = scalar(A, c);
        const report = checkHessian(f, x, hessian);
        expect(report.mismatches).toEqual([]);
        expect(report.asymmetry).toEqual([]);
        // It passes, unless an entry is unresolved (named): H near 0 beside f's own rounding floor (c·θ'' at x ≈ 1e-16).
        expect(report.ok).toBe(report.unresolved.length === 0);
      }),
      { numRuns: runs(0.1) },
    );
  });

  it("one entry moved by a relative 1e-6 of max |H| fails and is named H[i][j]", () => {
    fc.assert(
      fc.property(scalarCase, fc.nat(), fc.boolean(), ({ A, c, x }, pick, sign) => {
        const { f, hessian } = scalar(A, c);
        const H = hessian(Float64Array.from(x));
        const n = x.length;
        const [i, j] = [Math.floor(pick / n) % n, pick % n];
        const scale = Math.max(...H.flat().map(Math.abs));
        fc.pre(scale > 0);
        fc.pre(checkHessian(f, x, hessian).bound[i][j] < 1e-6 * scale); // resolved at that entry
        H[i][j] += (sign ? 1 : -1) * 1e-6 * scale;
        const report = checkHessian(f, x, H);
        expect(report.ok).toBe(false);
        const named = [...report.mismatches.map((m) => m.name), ...report.asymmetry.map((a) => a.name)];
        expect(named.some((name) => name.includes(`H[${i}][${j}]`))).toBe(true);
      }),
      { numRuns: runs(0.1) },
    );
  });

  it("checkHessianAsync on an async f gives checkHessian's report: the same numbers, verdict and evaluations", async () => {
    await fc.assert(
      fc.asyncProperty(scalarCase, async ({ A, c, x }) => {
        const { f, hessian } = scalar(A, c);
        const sync = checkHessian(f, x, hessian);
        const async = await checkHessianAsync(
          async (p) => f(p),
          x,
          async (p) => hessian(p),
        );
        expect(async.numeric).toEqual(sync.numeric);
        expect(async.bound).toEqual(sync.bound);
        expect([async.ok, async.evaluations, async.mismatches]).toEqual([sync.ok, sync.evaluations, sync.mismatches]);
      }),
      { numRuns: runs(0.02) },
    );
  });
});
