/**
 * ReLU has a kink at s = 0, where its derivative is not defined, and a difference quotient
 * taken across the kink measures neither side. A relu network is checkable at w when no relu
 * pre-activation s_j^(l) changes side anywhere the checker evaluates the network; kinkFree
 * (src/arbitraries/backprop.ts, public in gradcheck/arbitraries) tests exactly that at the points
 * the default (Richardson) stencil visits.
 */
export { kinkFree } from "../src/arbitraries/backprop.js";
