// convnetjs 0.3.0 (Andrej Karpathy's hand-written JS deep-learning library, npm "convnetjs"), its
// fully-connected layers wrapped to gradcheck's flat layout, so that checkBackprop judges ITS backprop.
//
//   gradcheck check --backprop ./examples/backprop/convnetjs.mjs --layers 3,5,2 --activation tanh,identity
//
// How the wrapping is done:
// - The net is built layer by layer (not with makeLayers, which inserts an fc layer before a loss layer):
//   input, then per layer l an fc layer followed by the activation layer for θ_l (none for identity),
//   then the loss layer: convnetjs's RegressionLayer for squared error, its SoftmaxLayer for softmax +
//   cross-entropy (the fc layer before it gives s^(L); the SoftmaxLayer applies softmax and the loss).
// - Weights: the fc layer of layer l holds w_ij^(l) as filters[j].w[i − 1] (i = 1..d(l−1)) and the bias
//   w_0j^(l) as biases.w[j]. Flat index offset(l) + i·d(l) + j, as createNetwork lays them out.
// - Gradient: filters[j].dw[i − 1] and biases.dw[j], after net.backward; δ_j^(l) = ∂e/∂s_j^(l) is the
//   fc layer's out_act.dw[j] (the gradient with respect to that layer's output s^(l)).
// - The loss convention: convnetjs's RegressionLayer differentiates ½ Σ_j (x_j − y_j)² (its dw is
//   x − y); gradcheck's squared error is e = Σ_j (x_j − y_j)², so every derivative is multiplied by 2.
//   (Without that factor checkBackprop reports the slip "missing-factor-2" at layer L: see
//   test/convnetjs.test.ts.) Softmax + cross-entropy needs no factor; convnetjs takes the class index,
//   so targets must be one-hot.
import convnetjs from "convnetjs";

const activationLayer = { tanh: convnetjs.TanhLayer, sigmoid: convnetjs.SigmoidLayer, relu: convnetjs.ReluLayer };

/** A convnetjs Net for a spec { layers, activation: one per layer 1..L, loss }, its fc layers, and the factor to gradcheck's e. */
export function convnetFor(spec) {
  const d = spec.layers;
  const L = d.length - 1;
  const net = new convnetjs.Net();
  const push = (Layer, opt) => {
    const prev = net.layers[net.layers.length - 1];
    const layer = new Layer({ in_sx: 1, in_sy: 1, in_depth: prev ? prev.out_depth : d[0], ...opt });
    net.layers.push(layer);
    return layer;
  };
  push(convnetjs.InputLayer, { out_sx: 1, out_sy: 1, out_depth: d[0] });
  const fc = [];
  for (let l = 1; l <= L; l++) {
    fc.push(push(convnetjs.FullyConnLayer, { num_neurons: d[l], bias_pref: 0 }));
    const theta = spec.activation[l - 1];
    if (l === L && theta === "softmax") {
      if (spec.loss !== "cross-entropy") throw new Error("convnetjs pairs softmax with cross-entropy only");
      push(convnetjs.SoftmaxLayer, {});
    } else if (theta !== "identity") {
      if (!(theta in activationLayer)) throw new Error(`no convnetjs layer for ${theta}`);
      push(activationLayer[theta], {});
    }
  }
  if (spec.activation[L - 1] !== "softmax") {
    if ((spec.loss ?? "squared") !== "squared") throw new Error("convnetjs's regression layer is squared error");
    push(convnetjs.RegressionLayer, {});
  }
  const factor = spec.activation[L - 1] === "softmax" ? 1 : 2;
  return { net, fc, factor };
}

/** The flat offset of layer l's block: Σ_{m<l} (d(m−1) + 1)·d(m). */
function offsets(d) {
  const offset = [0, 0];
  for (let l = 1; l < d.length; l++) offset.push(offset[l] + (d[l - 1] + 1) * d[l]);
  return offset;
}

/** convnetjs's backprop on one sample, in gradcheck's layout: { delta, gradient }. `factor` defaults to the loss convention's. */
export function convnetBackprop(input, target, w, spec, factor) {
  const d = spec.layers;
  const L = d.length - 1;
  const offset = offsets(d);
  const { net, fc, factor: convention } = convnetFor(spec);
  const scale = factor ?? convention;
  fc.forEach((layer, m) => {
    const l = m + 1;
    for (let j = 0; j < d[l]; j++) {
      layer.biases.w[j] = w[offset[l] + j];
      for (let i = 1; i <= d[l - 1]; i++) layer.filters[j].w[i - 1] = w[offset[l] + i * d[l] + j];
    }
  });
  const x0 = new convnetjs.Vol(1, 1, d[0], 0);
  for (let i = 0; i < d[0]; i++) x0.w[i] = input[i];
  net.forward(x0, false);
  const softmax = spec.activation[L - 1] === "softmax";
  net.backward(softmax ? target.indexOf(1) : Array.from(target));
  const gradient = new Float64Array(w.length);
  const delta = [new Float64Array(0)];
  fc.forEach((layer, m) => {
    const l = m + 1;
    delta.push(Float64Array.from(layer.out_act.dw, (v) => scale * v));
    for (let j = 0; j < d[l]; j++) {
      gradient[offset[l] + j] = scale * layer.biases.dw[j];
      for (let i = 1; i <= d[l - 1]; i++) gradient[offset[l] + i * d[l] + j] = scale * layer.filters[j].dw[i - 1];
    }
  });
  return { delta, gradient };
}

/** For gradcheck check --backprop: the spec comes from --layers/--activation/--loss. */
export const backprop = (input, target, w, spec) => convnetBackprop(input, target, w, spec);
