/**
 * fast-check arbitraries for gradcheck's domain: architectures, activations, losses, weights
 * (ordinary and saturating), inputs, targets valid for the loss, whole networks and samples.
 * The property suite in properties/ is built on them; users can draw from them too.
 *
 * @example
 * import fc from "fast-check";
 * import { checkNetwork } from "gradcheck";
 * import { networkCase } from "gradcheck/arbitraries";
 * (For tfjs ops: tensorShape, tensorValues, tensorData, the attribute arbitraries, and checkTfjsOp; see docs/tfjs.md.)
 * fc.assert(fc.property(networkCase({ heads: [{ activation: "tanh", loss: "squared" }] }), (c) => checkNetwork(c.network, c.samples, { rtol: 1e-6, atol: 1e-9 }).ok));
 */

export {
  axis,
  dilations,
  exclusiveReverse,
  keepDims,
  padding,
  resizeFlags,
  type ShapeConstraints,
  strides,
  type TensorData,
  type TensorDomain,
  tensorData,
  tensorShape,
  tensorValues,
} from "../tfjs/arbitraries.js";
export { checkTfjsOp, type TfjsOpCase, type TfjsOpProperty, type TfjsOpResult } from "../tfjs/property.js";
export { type BackpropCase, backpropCase, kinkFree } from "./backprop.js";
export {
  architecture,
  type Head,
  headName,
  heads,
  hiddenActivations,
  type NetworkCase,
  type NetworkConstraints,
  networkCase,
  parameterCount,
  sample,
  samples,
  spec,
  target,
} from "./network.js";
export {
  INPUT_RANGE,
  input,
  ORDINARY_WEIGHT,
  ordinaryWeights,
  probabilityVector,
  real,
  SATURATING_WEIGHT,
  saturatingWeights,
  TARGET_RANGE,
  vector,
  type WeightKind,
  weights,
} from "./numbers.js";
export { structuredParameters, type Unit, unitNames, type VectorMapCase, vectorMapCase } from "./vector-maps.js";
