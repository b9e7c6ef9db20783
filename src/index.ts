// The public names of gradcheck, and nothing else.
export { describeValue, FunctionEvaluationError, InvalidArgumentError } from "./base/errors.js";
export type { Structure } from "./base/structure.js";
export { StructureError } from "./base/structure.js";
export { BackpropError } from "./check/backprop-error.js";
export { checkGradientAsync, checkJacobianAsync, checkJVPAsync, checkVJPAsync } from "./check/check-async.js";
export type {
  BackpropCheckOptions,
  BackpropCheckReport,
  BackpropFunction,
  BackpropLayer,
  BackpropResult,
  ForwardFunction,
} from "./check/check-backprop.js";
export { checkBackprop, formatBackpropReport } from "./check/check-backprop.js";
export { checkOutputDelta } from "./check/check-delta.js";
export type { Analytic, CheckOptions } from "./check/check-gradient.js";
export { assertGradient, checkGradient } from "./check/check-gradient.js";
export type { AnalyticHessian, AsyncAnalyticHessian, HessianCheckOptions, HessianMatrix } from "./check/check-hessian.js";
export { assertHessian, checkHessian, checkHessianAsync } from "./check/check-hessian.js";
export type { ClaimedJacobian } from "./check/check-jacobian.js";
export { checkJacobian } from "./check/check-jacobian.js";
export type { NetworkCheckOptions } from "./check/check-network.js";
export { checkNetwork } from "./check/check-network.js";
export { checkNetworkHessian } from "./check/check-network-hessian.js";
export { checkJVP, checkVJP } from "./check/check-product.js";
export type { EntryMismatch, EntryNonDifferentiable, EntryPlace, EntryResolution, RowSummary } from "./check/entries.js";
export type { Asymmetry, HessianCheckReport, HessianKink, HessianMismatch, HessianResolution } from "./check/hessian-report.js";
export { formatHessianReport, HessianCheckError } from "./check/hessian-report.js";
export type { JacobianCheckOptions } from "./check/jacobian-options.js";
export type { JacobianCheckReport, JacobianDirection, JacobianForm } from "./check/jacobian-report.js";
export { formatJacobianReport, JacobianCheckError } from "./check/jacobian-report.js";
export type { JVP, VJP } from "./check/products.js";
export type { AsyncOptions } from "./check/replay.js";
export type { EvaluationsByPurpose, GradientCheckReport, Mismatch, NonDifferentiable } from "./check/report.js";
export { formatReport, GradientCheckError } from "./check/report.js";
export type { SlipId } from "./check/slips.js";
export { slipIds } from "./check/slips.js";
export type { Rule, Tolerance } from "./check/tolerance.js";
export { SAFETY } from "./check/tolerance.js";
export type { Activation } from "./network/activations.js";
export type { Trace } from "./network/backprop.js";
export { hessianVectorProduct, networkHessian } from "./network/hessian.js";
export type { Layout, WeightPosition } from "./network/layout.js";
export { weightIndex, weightName, weightPosition } from "./network/layout.js";
export type { Loss } from "./network/loss.js";
export type { Backward, Network, NetworkOptions, Sample } from "./network/network.js";
export { createNetwork, MAX_PARAMETERS } from "./network/network.js";
export type { NetworkSpec } from "./network/spec.js";
export type { Derivatives, DifferentiateOptions, Method } from "./numeric/differentiate.js";
export { differentiate, numericalGradient } from "./numeric/differentiate.js";
export type { ScalarFunction } from "./numeric/evaluate.js";
export { numericalJacobian } from "./numeric/jacobian.js";
export type { Precision } from "./numeric/precision.js";
export type { VectorFunction } from "./numeric/vector.js";
