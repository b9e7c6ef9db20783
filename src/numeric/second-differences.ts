/**
 * Second derivatives of f: ℝⁿ → ℝ from f alone, each with its own error estimate: the one home
 * of the Hessian's steps, stencils, Richardson weights and rounding model.
 *
 * Diagonal, the central second difference along e_k:
 *     D(h) = [f(x + h e_k) − 2 f(x) + f(x − h e_k)] / h²  =  ∂²f/∂x_k² + h² f''''/12 + O(h⁴)
 * Off the diagonal, the four-point mixed stencil (both steps scaled together by t):
 *     D(t) = [f(x + h_i e_i + h_j e_j) − f(x + h_i e_i − h_j e_j) − f(x − h_i e_i + h_j e_j) + f(x − h_i e_i − h_j e_j)] / (4 h_i h_j)
 *          = ∂²f/∂x_i∂x_j + (h_i² ∂⁴f/∂x_i³∂x_j + h_j² ∂⁴f/∂x_i∂x_j³)/6 + O(t⁴)
 * Both errors run in even powers of the step, so the same Richardson combination as for first
 * derivatives applies: with D_1, D_2, D_3 at steps h, h/2, h/4, R = (64 D_3 − 20 D_2 + D_1)/45
 * cancels the h² and h⁴ terms, and |R − (4 D_3 − D_2)/3| estimates what is left.
 *
 * Rounding: an evaluation of f carries rounding σ_f ≈ ROUNDING_ULPS·ε·|f|; a second difference divides
 * it by h², so rounding is of order ε|f|/h² (not ε|f|/h as for a gradient). For the plain central
 * second difference, truncation h²|f''''|/12 balances 4ε|f|/h² at h ≈ (48ε)^(1/4) ≈ ε^(1/4) ≈ 1e-4
 * (float64). With Richardson the truncation is O(h⁶) and the balance moves to h ≈ ε^(1/8) ≈ 1e-2:
 * the first relative step is SECOND_STEP (2^−7, a little below that balance, as large steps meet
 * more of f's non-smoothness), and the rounding in R is RICHARDSON gains × σ_f/(h_i h_j).
 *
 * This is not a difference of numerical gradients: nested first differences would square the
 * rounding of each and leave no estimate of their joint error.
 *
 * The computation is a generator that yields each point where it needs f and receives f's value,
 * so that one algorithm serves a synchronous f and an async one (check/check-hessian.ts drives it).
 */
import type { NoiseHint } from "./differentiate.js";
import type { Precision } from "./precision.js";
import { epsilonOf, KINK_NOISE, LADDER_SAFETY, stepAt, WEAK_TARGET } from "./step.js";

/**
 * First relative step of the Hessian stencils: ε^(1/8) ≈ 0.01 balances Richardson's O(h⁶) truncation
 * against the O(ε/h²) rounding of a second difference; 2^−7 ≈ 7.8e-3 in float64, and 2^−4 = 0.0625
 * in float32 (ε^(1/8) ≈ 0.125 there). Powers of two keep h/2 and h/4 exact (step.ts, stepAt).
 */
export function secondStep(precision: Precision): number {
  return precision === "float32" ? 2 ** -4 : 2 ** -7;
}

/**
 * Where a level's stencil is not in its asymptotic regime (a kink inside it, or f varying faster
 * than the step), the entry is retried at steps SHRINK_RATIO times smaller, up to MAX_SHRINK times
 * (2^−7 → 2^−13 of max(1, |x|)). Shrinking raises rounding by 64 a level, so the ladder is short.
 */
export const SHRINK_RATIO = 8;
export const MAX_SHRINK = 2;

/**
 * A point beyond f's domain (log near 0: NaN there) shrinks the step by SHRINK_RATIO and retries the
 * same level, up to DOMAIN_RETRIES times (2^−7 → 2^−43 of max(1, |x|), as the gradient's stencils do,
 * numeric/richardson.ts), apart from the MAX_SHRINK levels of the asymptotic ladder: an x within 10⁻³
 * of the edge needs several such shrinks before any stencil fits, and then still its ladder.
 */
export const DOMAIN_RETRIES = 12;

/**
 * A jump in ∂²f/∂x_k² (f = max(0, x)² at 0: f'' is 0 on one side, 2 on the other) leaves the central
 * second difference no evidence: on a piecewise quadratic it is (f''₋ + f''₊)/2 at every step, as
 * quiet as a smooth f's. The one-sided second differences, from the diagonal stencil's own points,
 *     D₊(δ) = [f(x + 2δ) − 2 f(x + δ) + f(x)] / δ²,   D₋(δ) = [f(x − 2δ) − 2 f(x − δ) + f(x)] / δ²,
 * at δ = h/2 and h/4 show it: their difference J(δ) = D₊ − D₋ is 2 f⁽³⁾·δ + O(δ³) on a smooth f (it
 * halves with δ) and tends to the jump f''₊ − f''₋ at a kink (it stays). Its rounding is √10·σ_f/δ²
 * (f(x) cancels). A level whose J(h/4) exceeds KINK_NOISE (step.ts) times that rounding and stays
 * within JUMP_CONSISTENCY of J(h/2) is suspect; the entry is a kink when the next level, 8 times
 * smaller (where a smooth f's J would have fallen by 8), shows the same jump within JUMP_CONSISTENCY.
 * A smooth f's J(h/4)/J(h/2) is 1/2 in its asymptotic regime: 1.5 keeps clear of it.
 */
export const JUMP_CONSISTENCY = 1.5;

/** σ_f, the rounding of one evaluation, taken as ROUNDING_ULPS·ε·max |f| over the stencil (a few ulps of a sum of terms). */
export const ROUNDING_ULPS = 4;

/**
 * R = (64 D_3 − 20 D_2 + D_1)/45 amplifies independent rounding σ in each evaluation:
 * - diagonal: D_m has standard deviation √6·σ·4^(m−1)/h², so R's is √(1 + 80² + 1024²)·√6/45 ≈ 55.9 σ/h²;
 * - mixed: D_m has 2σ·4^(m−1)/(4 h_i h_j), so R's is √(1 + 80² + 1024²)/(2·45) ≈ 11.4 σ/(h_i h_j).
 */
const RICHARDSON_SPREAD = Math.sqrt(1 + 80 * 80 + 1024 * 1024) / 45;
export const DIAGONAL_GAIN = RICHARDSON_SPREAD * Math.sqrt(6);
export const MIXED_GAIN = RICHARDSON_SPREAD / 2;

/**
 * A level is asymptotic when its successive differences D_1 − D_2 and D_2 − D_3 fall by a ratio in
 * [ASYMPTOTIC_LOW, ASYMPTOTIC_HIGH] (4 for an h² error, 16 for h⁴; a kink in f gives 2, its
 * second difference growing as 1/h), or both are within ASYMPTOTIC_NOISE × the rounding of D_3
 * (then rounding, not truncation, is all there is).
 */
export const ASYMPTOTIC_LOW = 2.5;
export const ASYMPTOTIC_HIGH = 32;
export const ASYMPTOTIC_NOISE = 64;

/**
 * A level whose differences are asymptotic can still be far from the limit: where D_1 − D_3, the
 * h² correction from step h to h/4, exceeds FAR_FROM_LIMIT·max |D_m|, the step spans structure of f
 * (a unit whose curved range is narrower than the step) and Richardson's error estimate, made from
 * the same three values, is not to be trusted (measured: a saturated network's pair with D = 1036,
 * 1273, 1332, ratio 3.99, gave R = 1352.29 with an estimate of 0.013; the limit is 1351.63). The
 * next smaller level is taken instead where it is asymptotic; where it is not, the far level stands.
 */
export const FAR_FROM_LIMIT = 1 / 16;

/** One level's estimate of an entry. */
interface Level {
  value: number;
  error: number;
  t: number;
  still: boolean;
  D: Float64Array;
}

/** values[i·n + j] = values[j·n + i] = v: the estimate is symmetric by construction. */
function setBoth(values: Float64Array | Uint8Array, n: number, i: number, j: number, v: number): void {
  values[i * n + j] = v;
  values[j * n + i] = v;
}

/** Writes a level's estimate at (i, j) and (j, i). */
function record(estimate: HessianEstimate, i: number, j: number, level: Level, chosen: boolean): void {
  const { n } = estimate;
  setBoth(estimate.value, n, i, j, level.value);
  setBoth(estimate.error, n, i, j, level.error);
  setBoth(estimate.step, n, i, j, level.t);
  setBoth(estimate.kink, n, i, j, chosen ? 0 : 1);
  setBoth(estimate.still, n, i, j, level.still ? 1 : 0);
  for (const k of [i * estimate.n + j, j * estimate.n + i]) estimate.levels.set(level.D, 3 * k);
}

/** Test-only seam (properties/hessian-kinks.test.ts): planted mistakes, to prove the properties bite. */
export interface SecondDifferenceMutation {
  /** No one-sided test: a jump in ∂²f/∂x_k² is judged as the mean of its sides. */
  noJumpTest?: boolean;
  /** No domain retries: only the MAX_SHRINK levels of the ladder, as before. */
  noDomainRetries?: boolean;
}
let mutation: SecondDifferenceMutation = {};
/** Sets the planted mistake (test-only; `{}` restores the real behaviour). */
export function setSecondDifferenceMutation(m: SecondDifferenceMutation): void {
  mutation = m;
}

/** Where the generator wants f: `point` (valid until the next request), with x_i moved by hi and, for a mixed stencil, x_j by hj. */
export interface SecondRequest {
  readonly point: Float64Array;
  /** The coordinates moved (−1: none) and their steps. */
  i: number;
  hi: number;
  j: number;
  hj: number;
}

/** The numerical Hessian, row-major n×n, symmetric by construction (one stencil per pair). */
export interface HessianEstimate {
  readonly n: number;
  /** ∂²f/∂x_i∂x_j at [i·n + j]. */
  readonly value: Float64Array;
  /** Its error estimate: truncation + rounding. */
  readonly error: Float64Array;
  /** The relative step t of the level used. */
  readonly step: Float64Array;
  /** The rounding part of the error at the first level: the least error values of f allow at the default step. */
  readonly floor: Float64Array;
  /**
   * 1 where every value of f the chosen level met equals f(x) exactly: f does not move along the pair
   * at all, so its values cannot show any curvature there (rounding inside f, saturated units, may hide one).
   */
  readonly still: Uint8Array;
  /** 1 where no level was asymptotic: f is not smooth at the scale of the smallest step (a kink). */
  readonly kink: Uint8Array;
  /** D_1, D_2, D_3 of the level used, at [3(i·n + j) + m]: the evidence of a kink. */
  readonly levels: Float64Array;
  /**
   * Diagonal kinks whose evidence is a jump in ∂²f/∂x_k² (see JUMP_CONSISTENCY): the one-sided second
   * differences D₋(h/4), D₊(h/4) of the last level at [2(k·n + k)], [2(k·n + k) + 1]; NaN elsewhere.
   */
  readonly sides: Float64Array;
  /** f(x). */
  readonly f0: number;
  /**
   * The first entry (i·n + j) whose stencil met a non-finite f at every level (x near the edge of f's
   * domain, log near 0: a point beyond it gives NaN), or −1. The computation stops there.
   */
  outside: number;
}

export interface SecondOptions {
  precision: Precision;
  /** First relative step (default secondStep(precision)). */
  step?: number;
  /**
   * What the caller knows of f's rounding beyond ROUNDING_ULPS·ε·|f| (NoiseHint, as for first
   * derivatives): `floor`, a lower bound for σ_f wherever x moves; `coordinateFloor[k]`, one for
   * the noise f carries when x_k moves. The mixed stencil for (i, j) moves both, so its σ is at
   * least max(floor, coordinateFloor[i], coordinateFloor[j]): a per-entry rounding floor.
   */
  noise?: Pick<NoiseHint, "floor" | "coordinateFloor">;
}

/**
 * Every ∂²f/∂x_i∂x_j, i ≤ j: yields the points where it needs f, receives f's value there (NaN where
 * f was not finite at a moved point: that level is abandoned for a smaller one).
 * At the first level the cost is 1 + 6n (diagonal) + 12·n(n − 1)/2 (pairs) = 6n² + 1 calls of f.
 */
export function* secondDifferences(x: Float64Array, options: SecondOptions): Generator<SecondRequest, HessianEstimate, number> {
  const n = x.length;
  const eps = epsilonOf(options.precision);
  const base = options.step ?? secondStep(options.precision);
  const request: SecondRequest = { point: Float64Array.from(x), i: -1, hi: 0, j: -1, hj: 0 };
  const estimate: HessianEstimate = {
    n,
    value: new Float64Array(n * n),
    error: new Float64Array(n * n),
    step: new Float64Array(n * n),
    floor: new Float64Array(n * n),
    still: new Uint8Array(n * n),
    kink: new Uint8Array(n * n),
    levels: new Float64Array(3 * n * n),
    sides: new Float64Array(2 * n * n).fill(Number.NaN),
    f0: 0,
    outside: -1,
  };
  /** Asks for f at x + a e_i + b e_j (j = −1: only x_i moves). */
  function* at(i: number, a: number, j: number, b: number): Generator<SecondRequest, number, number> {
    const p = request.point;
    p.set(x);
    if (i >= 0) p[i] = x[i] + a;
    if (j >= 0) p[j] = x[j] + b;
    [request.i, request.hi, request.j, request.hj] = [i, a, j, b];
    return yield request;
  }
  const f0 = yield* at(-1, 0, -1, 0);
  (estimate as { f0: number }).f0 = f0;
  const D = new Float64Array(3);
  /** The diagonal stencil's values f(x + h/2^m e_k) and f(x − h/2^m e_k), for the one-sided differences. */
  const ups = new Float64Array(3);
  const downs = new Float64Array(3);
  const steady = (a: number, b: number): boolean => Math.abs(a) <= JUMP_CONSISTENCY * Math.abs(b) && Math.abs(b) <= JUMP_CONSISTENCY * Math.abs(a);
  const globalFloor = options.noise?.floor ?? 0;
  const coordinateFloor = options.noise?.coordinateFloor;
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      /** The asymptotic level with the smallest error so far; a far one (FAR_FROM_LIMIT) in case no smaller one is asymptotic; the last level taken. */
      let best: Level | undefined;
      let fallback: Level | undefined;
      let last: Level | undefined;
      /** The jump J(h/4) in ∂²f/∂x_i² of the level above, where it was suspect (0: not). */
      let suspect = 0;
      let kink = false;
      let t = base;
      for (let level = 0, retries = 0; level <= MAX_SHRINK; level++, t /= SHRINK_RATIO) {
        const h = stepAt(x[i], t, options.precision);
        const g = i === j ? h : stepAt(x[j], t, options.precision);
        let scale = Math.abs(f0);
        let still = true;
        for (let m = 0; m < 3; m++) {
          const [hm, gm] = [h / 2 ** m, g / 2 ** m];
          if (i === j) {
            const up = yield* at(i, hm, -1, 0);
            const down = yield* at(i, -hm, -1, 0);
            D[m] = (up - f0 + (down - f0)) / (hm * hm);
            [ups[m], downs[m]] = [up, down];
            scale = Math.max(scale, Math.abs(up), Math.abs(down));
            still &&= up === f0 && down === f0;
          } else {
            const pp = yield* at(i, hm, j, gm);
            const pm = yield* at(i, hm, j, -gm);
            const mp = yield* at(i, -hm, j, gm);
            const mm = yield* at(i, -hm, j, -gm);
            D[m] = (pp - pm - (mp - mm)) / (4 * hm * gm);
            scale = Math.max(scale, Math.abs(pp), Math.abs(pm), Math.abs(mp), Math.abs(mm));
            still &&= pp === f0 && pm === f0 && mp === f0 && mm === f0;
          }
        }
        // A point beyond f's domain (the driver passes NaN for a non-finite f there): the level again at
        // a smaller step (DOMAIN_RETRIES), then the ladder's smaller levels; past those, no step fits.
        if (!(Number.isFinite(D[0]) && Number.isFinite(D[1]) && Number.isFinite(D[2]))) {
          if (!mutation.noDomainRetries && retries++ < DOMAIN_RETRIES) level--;
          else if (last !== undefined)
            break; // a smaller step left the domain: keep the levels above
          else if (level === MAX_SHRINK) {
            estimate.outside = i * n + j;
            return estimate;
          }
          continue;
        }
        const structural = Math.max(globalFloor, coordinateFloor?.[i] ?? 0, coordinateFloor?.[j] ?? 0);
        const sigma = Math.max(ROUNDING_ULPS * eps * scale, structural);
        const rounding = ((i === j ? DIAGONAL_GAIN : MIXED_GAIN) * sigma) / (h * g);
        /** Rounding in D_3 alone: the unit the asymptotic test measures differences in. */
        const unit = ((i === j ? Math.sqrt(6) : 0.5) * 16 * sigma) / (h * g);
        const R = D[2] + (D[0] - D[1] - 19 * (D[1] - D[2])) / 45;
        const truncation = Math.abs(R - (D[2] + (D[2] - D[1]) / 3));
        const [d1, d2] = [D[0] - D[1], D[1] - D[2]];
        const ratio = d1 / d2;
        const quiet = Math.abs(d1) <= ASYMPTOTIC_NOISE * unit && Math.abs(d2) <= ASYMPTOTIC_NOISE * unit;
        const asymptotic = quiet || (ratio >= ASYMPTOTIC_LOW && ratio <= ASYMPTOTIC_HIGH);
        const far = asymptotic && !quiet && Math.abs(D[0] - D[2]) > FAR_FROM_LIMIT * Math.max(Math.abs(D[0]), Math.abs(D[1]), Math.abs(D[2]));
        if (last === undefined) setBoth(estimate.floor, n, i, j, rounding);
        const here: Level = { value: R, error: truncation + rounding, t, still, D: Float64Array.from(D) };
        last = here;
        if (i === j && !mutation.noJumpTest) {
          // A jump in f'' (see JUMP_CONSISTENCY): J(h/2) from x, x ± h/2, x ± h; J(h/4) from x, x ± h/4, x ± h/2.
          const [wide, narrow] = [h / 2, h / 4];
          const jumpWide = (ups[0] - 2 * ups[1] - (downs[0] - 2 * downs[1])) / (wide * wide);
          const right = (ups[1] - 2 * ups[2] + f0) / (narrow * narrow);
          const left = (downs[1] - 2 * downs[2] + f0) / (narrow * narrow);
          const jump = right - left;
          const significant = Math.abs(jump) > (KINK_NOISE * Math.sqrt(10) * sigma) / (narrow * narrow);
          if (significant && steady(jump, jumpWide) && (suspect === 0 || steady(jump, suspect))) {
            kink = suspect !== 0;
            if (kink) [estimate.sides[2 * (i * n + i)], estimate.sides[2 * (i * n + i) + 1]] = [left, right];
            suspect = jump;
            if (kink) break;
            continue; // the next level, 8 times smaller, decides
          }
          suspect = 0;
        }
        if (far && level < MAX_SHRINK) {
          fallback ??= here;
          continue;
        }
        if (!asymptotic) {
          if (best !== undefined || fallback !== undefined) break; // not asymptotic below a level that was
          continue;
        }
        if (best !== undefined && here.error >= best.error) break; // a smaller step that is no better ends the descent
        best = here;
        // One level down where the level's truncation, not rounding, leaves its bound (LADDER_SAFETY ×
        // error) above WEAK_TARGET × its own |R|: a smaller step can resolve it (log x at x = 0.01,
        // where 2^−7 is most of the way to the edge).
        if (LADDER_SAFETY * here.error <= WEAK_TARGET * Math.abs(R) || truncation <= rounding) break;
      }
      // Kept: the kink's last level; else the best asymptotic level; else a far one; else the last, not smooth at any step (a kink).
      if (kink && last !== undefined) record(estimate, i, j, last, false);
      else if (best !== undefined) record(estimate, i, j, best, true);
      else if (fallback !== undefined) record(estimate, i, j, fallback, true);
      else if (last !== undefined) record(estimate, i, j, last, false);
    }
  return estimate;
}
