/**
 * The Hessian check at kinks of f'' and at the edges of f's domain: a jump in ∂²f/∂x_k² is
 * reported with both one-sided values and never judged, while a smooth entry beside it keeps its
 * sharp bound; near a domain edge the check shrinks its steps instead of throwing. Each claim is
 * proven to bite through the test-only seam setSecondDifferenceMutation.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { checkHessian } from "../src/check/check-hessian.js";
import { setSecondDifferenceMutation } from "../src/numeric/second-differences.js";
import { runs } from "./runs.js";

/**
 * f(x) = a·max(0, x_0 − c)² + s·x_0² + b·x_0·x_1 + q·x_1² + sin x_1, at x_0 = c + offset with the offset
 * 0 or within 1e-9: ∂²f/∂x_0² is 2s below c and 2s + 2a above, every other entry smooth.
 */
const jumpInCurvature = fc
  .record({
    a: fc.double({ min: 0.1, max: 10, noNaN: true }).chain((m) => fc.constantFrom(m, -m)),
    s: fc.double({ min: -5, max: 5, noNaN: true }),
    b: fc.double({ min: -5, max: 5, noNaN: true }),
    q: fc.double({ min: -5, max: 5, noNaN: true }),
    c: fc.double({ min: -2, max: 2, noNaN: true }),
    offset: fc.oneof(fc.constant(0), fc.double({ min: -1e-9, max: 1e-9, noNaN: true })),
    x1: fc.double({ min: -2, max: 2, noNaN: true }),
    side: fc.constantFrom("left", "right"),
  })
  .map((p) => {
    const x = [p.c + p.offset, p.x1];
    const f = (v: Float64Array): number =>
      p.a * Math.max(0, v[0] - p.c) ** 2 + p.s * v[0] ** 2 + p.b * v[0] * v[1] + p.q * v[1] ** 2 + Math.sin(v[1]);
    const [left, right] = [2 * p.s, 2 * p.s + 2 * p.a];
    const H = [
      [p.side === "left" ? left : right, p.b],
      [p.b, 2 * p.q - Math.sin(x[1])],
    ];
    return { ...p, x, f, H, left, right };
  });

/** f(x) = log(x_0 − e) + x_0·x_1 + x_1³ at x_0 = e + 10^−k·max(1, |e|): within 10^−k of the edge of its domain. */
const nearDomainEdge = fc
  .record({
    edge: fc.double({ min: -100, max: 100, noNaN: true }),
    k: fc.integer({ min: 1, max: 8 }),
    x1: fc.double({ min: -2, max: 2, noNaN: true }),
  })
  .map((p) => {
    const u = 10 ** -p.k * Math.max(1, Math.abs(p.edge));
    const x = [p.edge + u, p.x1];
    const f = (v: Float64Array): number => Math.log(v[0] - p.edge) + v[0] * v[1] + v[1] ** 3;
    const distance = x[0] - p.edge; // as rounded
    const H = [
      [-1 / distance ** 2, 1],
      [1, 6 * x[1]],
    ];
    return { ...p, x, f, H };
  });

const claims = {
  jumpReported: (c: typeof jumpInCurvature) =>
    fc.property(c, (t) => {
      const report = checkHessian(t.f, t.x, t.H);
      const kink = report.nonDifferentiable.find((k) => k.name === "H[0][0]");
      expect(kink, "H[0][0] reported as a kink").toBeDefined();
      expect(kink?.left).toBeCloseTo(t.left, 4);
      expect(kink?.right).toBeCloseTo(t.right, 4);
      expect(report.mismatches).toEqual([]);
      // The smooth entry beside it keeps its sharp bound: moved by 1e-6 of max |H|, it is flagged.
      const scale = Math.max(...t.H.flat().map(Math.abs), Math.abs(t.left), Math.abs(t.right));
      const moved = t.H.map((row) => row.slice());
      moved[1][1] += 1e-6 * scale;
      expect(checkHessian(t.f, t.x, moved).mismatches.map((m) => m.name)).toEqual(["H[1][1]"]);
    }),
  edgeNeverThrows: (c: typeof nearDomainEdge) =>
    fc.property(c, (t) => {
      const report = checkHessian(t.f, t.x, t.H);
      expect(report.mismatches).toEqual([]);
      expect(report.ok).toBe(true);
    }),
};

describe("Hessians at kinks of f'' and at domain edges", () => {
  it("a jump in ∂²f/∂x_k² (exactly at x or within 1e-9) is reported with both one-sided values, never judged; a smooth entry beside it keeps its sharp bound", () => {
    fc.assert(claims.jumpReported(jumpInCurvature), { numRuns: runs(0.05) });
  });
  it("within 10⁻¹…10⁻⁸ of the edge of f's domain, a right Hessian passes: the steps shrink, the check never throws", () => {
    fc.assert(claims.edgeNeverThrows(nearDomainEdge), { numRuns: runs(0.05) });
  });
});

describe("the Hessian claims bite", () => {
  afterEach(() => setSecondDifferenceMutation({}));
  it("without the one-sided test, a jump in f'' is judged as the mean of its sides: a right claim fails", () => {
    setSecondDifferenceMutation({ noJumpTest: true });
    expect(() => fc.assert(claims.jumpReported(jumpInCurvature), { numRuns: 50 })).toThrow();
  });
  it("without domain retries, a stencil near the edge finds no step inside f's domain: the check throws", () => {
    setSecondDifferenceMutation({ noDomainRetries: true });
    expect(() => fc.assert(claims.edgeNeverThrows(nearDomainEdge), { numRuns: 50 })).toThrow();
  });
});
