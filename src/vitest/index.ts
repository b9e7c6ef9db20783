/**
 * gradcheck/vitest: importing this module registers `toHaveGradient`, `toHaveCorrectBackprop`, `toBeCorrectBackprop`,
 * `toHaveJacobian`, `toHaveVJP`, `toHaveJVP`, `toHaveHessian` and the async forms (`toHaveGradientAsync`, `toHaveJacobianAsync`, `toHaveHessianAsync`, …)
 * with vitest's `expect`, and types them for TypeScript.
 *
 * @example
 * import "gradcheck/vitest";
 * expect((x: Float64Array) => Math.sin(x[0])).toHaveGradient([0.5], (x) => [Math.cos(x[0])]);
 */
import { expect } from "vitest";
import { type JacobianMatchers, jacobianMatchers } from "./jacobian-matchers.js";
import { type GradientMatchers, gradientMatchers } from "./matchers.js";

export type { JacobianMatchers } from "./jacobian-matchers.js";
export { jacobianMatchers } from "./jacobian-matchers.js";
export type { GradientMatcherContext, GradientMatcherResult, GradientMatchers } from "./matchers.js";
export { gradientMatchers } from "./matchers.js";

expect.extend(gradientMatchers);
expect.extend(jacobianMatchers);

declare module "vitest" {
  // The parameter list must repeat vitest's own declaration, `Matchers<T = any>`, exactly.
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's declaration
  interface Matchers<T = any> extends GradientMatchers, JacobianMatchers {}
}
