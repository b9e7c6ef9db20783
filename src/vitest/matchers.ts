/**
 * The vitest matchers as plain data: `expect.extend(gradientMatchers)` registers them. They
 * need nothing from vitest at run time, so this module loads anywhere; index.ts registers them.
 */
import { type BackpropCheckOptions, type BackpropFunction, checkBackprop, formatBackpropReport } from "../check/check-backprop.js";
import { type Analytic, type CheckOptions, checkGradient } from "../check/check-gradient.js";
import {
  type AnalyticHessian,
  type AsyncAnalyticHessian,
  checkHessian,
  checkHessianAsync,
  type HessianCheckOptions,
} from "../check/check-hessian.js";
import { checkNetwork, type NetworkCheckOptions } from "../check/check-network.js";
import { formatHessianReport, type HessianCheckReport } from "../check/hessian-report.js";
import { formatReport, type GradientCheckReport } from "../check/report.js";
import type { Network, Sample } from "../network/network.js";
import type { NetworkSpec } from "../network/spec.js";

/** What a matcher returns to vitest: pass or not, and the message it shows. */
export interface GradientMatcherResult {
  pass: boolean;
  message: () => string;
}

/** The part of vitest's matcher context the matchers read. */
export interface GradientMatcherContext {
  /** True under `expect(…).not`. */
  isNot: boolean;
}

/** A failing check shows the report's table; a passing check under `.not` says what passed. */
function resultOf(context: GradientMatcherContext, report: GradientCheckReport, what: string): GradientMatcherResult {
  return {
    pass: report.ok,
    message: () =>
      context.isNot
        ? `expected ${what} to be wrong, but every coordinate agrees with the numerical gradient:\n${formatReport(report)}`
        : `expected ${what} to be right:\n${formatReport(report)}`,
  };
}

/** The same for a Hessian check: its table as the message. */
function hessianResultOf(context: GradientMatcherContext, report: HessianCheckReport): GradientMatcherResult {
  return {
    pass: report.ok,
    message: () =>
      context.isNot
        ? `expected the claimed Hessian of f at x to be wrong, but every entry agrees with the numerical Hessian:\n${formatHessianReport(report)}`
        : `expected the claimed Hessian of f at x to be right:\n${formatHessianReport(report)}`,
  };
}

/**
 * The matchers, for `expect.extend`:
 * - `expect(f).toHaveHessian(x, hessian, options?)`: checkHessian(f, x, hessian, options) passes;
 * - `await expect(f).toHaveHessianAsync(x, hessian, options?)`: checkHessianAsync passes (f may return a Promise);
 * - `expect(f).toHaveGradient(x, analytic, options?)`: checkGradient(f, x, analytic, options) passes;
 * - `expect(network).toHaveCorrectBackprop(samples, options?)`: checkNetwork(network, samples, options) passes;
 * - `expect(backprop).toBeCorrectBackprop(spec, parameters, samples, options?)`: checkBackprop passes on your own backprop.
 * Bad arguments throw the check's InvalidArgumentError, with or without `.not`.
 */
export const gradientMatchers = {
  toHaveGradient(
    this: GradientMatcherContext,
    received: unknown,
    x: ArrayLike<number>,
    analytic: Analytic,
    options?: CheckOptions,
  ): GradientMatcherResult {
    const report = checkGradient(received as (x: Float64Array) => number, x, analytic, options);
    return resultOf(this, report, "the claimed gradient of f at x");
  },
  toHaveHessian(
    this: GradientMatcherContext,
    received: unknown,
    x: ArrayLike<number>,
    hessian: AnalyticHessian,
    options?: HessianCheckOptions,
  ): GradientMatcherResult {
    return hessianResultOf(this, checkHessian(received as (x: Float64Array) => number, x, hessian, options));
  },
  async toHaveHessianAsync(
    this: GradientMatcherContext,
    received: unknown,
    x: ArrayLike<number>,
    hessian: AsyncAnalyticHessian,
    options?: HessianCheckOptions,
  ): Promise<GradientMatcherResult> {
    return hessianResultOf(this, await checkHessianAsync(received as (x: Float64Array) => number | PromiseLike<number>, x, hessian, options));
  },
  toHaveCorrectBackprop(
    this: GradientMatcherContext,
    received: unknown,
    samples: readonly Sample[],
    options?: NetworkCheckOptions,
  ): GradientMatcherResult {
    const report = checkNetwork(received as Network, samples, options);
    return resultOf(this, report, "the network's backprop gradient");
  },
  toBeCorrectBackprop(
    this: GradientMatcherContext,
    received: unknown,
    spec: NetworkSpec,
    parameters: ArrayLike<number>,
    samples: readonly Sample[],
    options?: BackpropCheckOptions,
  ): GradientMatcherResult {
    const report = checkBackprop(spec, parameters, samples, received as BackpropFunction, options);
    return {
      pass: report.ok,
      message: () =>
        this.isNot
          ? `expected your backprop to be wrong, but every layer agrees with the numerical derivatives:\n${formatBackpropReport(report)}`
          : `expected your backprop to be right:\n${formatBackpropReport(report)}`,
    };
  },
};

/** The matchers' types, merged into vitest's `Matchers` by gradcheck/vitest. */
export interface GradientMatchers {
  /**
   * Passes when `analytic` is the gradient of the received function f at `x`, by checkGradient:
   * each coordinate within its bound of the numerical derivative. Fails with the report's table.
   *
   * @example
   * expect((x: Float64Array) => x[0] ** 2).toHaveGradient([3], [6]);
   */
  toHaveGradient(x: ArrayLike<number>, analytic: Analytic, options?: CheckOptions): void;
  /**
   * Passes when `hessian` (n rows, or a function of x returning them) is the Hessian of the received
   * scalar f at `x`, by checkHessian: every entry within its bound, the claim symmetric. Fails with the report's table.
   *
   * @example
   * expect((x: Float64Array) => x[0] ** 2 * x[1]).toHaveHessian([1, 2], [[4, 2], [2, 0]]);
   */
  toHaveHessian(x: ArrayLike<number>, hessian: AnalyticHessian, options?: HessianCheckOptions): void;
  /**
   * toHaveHessian for an f that may return a Promise (and a Hessian function that may): await it.
   *
   * @example
   * await expect(async (x: Float64Array) => x[0] ** 2 * x[1]).toHaveHessianAsync([1, 2], [[4, 2], [2, 0]]);
   */
  toHaveHessianAsync(x: ArrayLike<number>, hessian: AsyncAnalyticHessian, options?: HessianCheckOptions): Promise<void>;
  /**
   * Passes when the received network's backprop gives the gradient of its mean error over
   * `samples`, by checkNetwork. Fails with the report's table, weights named w[l][i][j].
   *
   * @example
   * expect(createNetwork({ layers: [2, 3, 1], activation: "tanh" })).toHaveCorrectBackprop([{ input: [1, 0], target: [0.5] }]);
   */
  toHaveCorrectBackprop(samples: readonly Sample[], options?: NetworkCheckOptions): void;
  /**
   * Passes when the received function — *your* backprop, (input, target, parameters) => { delta?, gradient } —
   * is right on `samples`, by checkBackprop: every δ^(l) against the numerical ∂e/∂s^(l), every ∂e/∂w
   * against the numerical one. Fails with the per-layer table, the first wrong layer and the slip's name.
   * (toHaveCorrectBackprop judges gradcheck's own engine; this judges your code.)
   *
   * @example
   * expect(myBackprop).toBeCorrectBackprop({ layers: [2, 3, 1], activation: "tanh" }, parameters, [{ input: [1, 0], target: [0.5] }]);
   */
  toBeCorrectBackprop(spec: NetworkSpec, parameters: ArrayLike<number>, samples: readonly Sample[], options?: BackpropCheckOptions): void;
}
