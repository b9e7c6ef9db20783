/**
 * The Jacobian matchers as plain data, for `expect.extend` (index.ts registers them):
 * toHaveJacobian, toHaveVJP, toHaveJVP, their async forms, and toHaveGradientAsync. A failing
 * check's message is the report's table.
 */
import { checkGradientAsync, checkJacobianAsync, checkJVPAsync, checkVJPAsync } from "../check/check-async.js";
import type { CheckOptions } from "../check/check-gradient.js";
import { checkJacobian } from "../check/check-jacobian.js";
import { checkJVP, checkVJP } from "../check/check-product.js";
import type { JacobianCheckOptions } from "../check/jacobian-options.js";
import { formatJacobianReport, type JacobianCheckReport } from "../check/jacobian-report.js";
import type { AsyncOptions } from "../check/replay.js";
import { formatReport } from "../check/report.js";
import type { GradientMatcherContext, GradientMatcherResult } from "./matchers.js";

// biome-ignore lint/suspicious/noExplicitAny: the received value and claims are the user's, checked by the check
type Loose = any;

function resultOf(context: GradientMatcherContext, report: JacobianCheckReport, what: string): GradientMatcherResult {
  return {
    pass: report.ok,
    message: () =>
      context.isNot
        ? `expected ${what} to be wrong, but every entry agrees with the numerical Jacobian:\n${formatJacobianReport(report)}`
        : `expected ${what} to be right:\n${formatJacobianReport(report)}`,
  };
}

/** The Jacobian matchers, for `expect.extend` (gradcheck/vitest registers them). */
export const jacobianMatchers = {
  toHaveJacobian(
    this: GradientMatcherContext,
    received: unknown,
    x: unknown,
    jacobian: unknown,
    options?: JacobianCheckOptions,
  ): GradientMatcherResult {
    return resultOf(this, checkJacobian(received as Loose, x as Loose, jacobian as Loose, options), "the claimed Jacobian of f at x");
  },
  toHaveVJP(this: GradientMatcherContext, received: unknown, x: unknown, vjp: unknown, options?: JacobianCheckOptions): GradientMatcherResult {
    return resultOf(this, checkVJP(received as Loose, x as Loose, vjp as Loose, options), "the claimed VJP of f at x");
  },
  toHaveJVP(this: GradientMatcherContext, received: unknown, x: unknown, jvp: unknown, options?: JacobianCheckOptions): GradientMatcherResult {
    return resultOf(this, checkJVP(received as Loose, x as Loose, jvp as Loose, options), "the claimed JVP of f at x");
  },
  async toHaveJacobianAsync(
    this: GradientMatcherContext,
    received: unknown,
    x: unknown,
    jacobian: unknown,
    options?: JacobianCheckOptions & AsyncOptions,
  ) {
    return resultOf(this, await checkJacobianAsync(received as Loose, x, jacobian as Loose, options), "the claimed Jacobian of f at x");
  },
  async toHaveVJPAsync(this: GradientMatcherContext, received: unknown, x: unknown, vjp: unknown, options?: JacobianCheckOptions & AsyncOptions) {
    return resultOf(this, await checkVJPAsync(received as Loose, x, vjp as Loose, options), "the claimed VJP of f at x");
  },
  async toHaveJVPAsync(this: GradientMatcherContext, received: unknown, x: unknown, jvp: unknown, options?: JacobianCheckOptions & AsyncOptions) {
    return resultOf(this, await checkJVPAsync(received as Loose, x, jvp as Loose, options), "the claimed JVP of f at x");
  },
  async toHaveGradientAsync(
    this: GradientMatcherContext,
    received: unknown,
    x: unknown,
    analytic: unknown,
    options?: CheckOptions & AsyncOptions,
  ): Promise<GradientMatcherResult> {
    const report = await checkGradientAsync(received as Loose, x as Loose, analytic as Loose, options);
    return {
      pass: report.ok,
      message: () =>
        this.isNot
          ? `expected the claimed gradient of f at x to be wrong, but every coordinate agrees:\n${formatReport(report)}`
          : `expected the claimed gradient of f at x to be right:\n${formatReport(report)}`,
    };
  },
};

/** The matchers' types, merged into vitest's `Matchers` by gradcheck/vitest. */
export interface JacobianMatchers {
  /**
   * Passes when `jacobian` (m rows, or a function of x) is the Jacobian of the received f at x, by checkJacobian.
   *
   * @example
   * expect((x: Float64Array) => [x[0] * x[1]]).toHaveJacobian([2, 3], [[3, 2]]);
   */
  toHaveJacobian(x: unknown, jacobian: unknown, options?: JacobianCheckOptions): void;
  /** Passes when `vjp(x, v)` is Jᵀv for the received f, by checkVJP. */
  toHaveVJP(x: unknown, vjp: (x: Loose, v: Float64Array) => unknown, options?: JacobianCheckOptions): void;
  /** Passes when `jvp(x, t)` is J t for the received f, by checkJVP (an HVP: expect(gradient).toHaveJVP(x, hvp)). */
  toHaveJVP(x: unknown, jvp: (x: Loose, t: Loose) => ArrayLike<number>, options?: JacobianCheckOptions): void;
  /** toHaveJacobian for an f that may return Promises: `await expect(f).toHaveJacobianAsync(x, J)`. */
  toHaveJacobianAsync(x: unknown, jacobian: unknown, options?: JacobianCheckOptions & AsyncOptions): Promise<void>;
  /** toHaveVJP for an f (and vjp) that may return Promises. */
  toHaveVJPAsync(x: unknown, vjp: (x: Loose, v: Float64Array) => unknown, options?: JacobianCheckOptions & AsyncOptions): Promise<void>;
  /** toHaveJVP for an f (and jvp) that may return Promises. */
  toHaveJVPAsync(x: unknown, jvp: (x: Loose, t: Loose) => unknown, options?: JacobianCheckOptions & AsyncOptions): Promise<void>;
  /** toHaveGradient for an f (and gradient) that may return Promises. */
  toHaveGradientAsync(x: unknown, analytic: unknown, options?: CheckOptions & AsyncOptions): Promise<void>;
}
