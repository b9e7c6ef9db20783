// SLIP "wrong-sum-index" (first wrong layer 2): the sum over j reads δ^(l) at the wrong index. A copy of learner.mjs with one line changed:
//   sum += W(w, l, i, j) * delta[l][j];
//   → sum += W(w, l, i, j) * delta[l][i - 1];
// A learner's backprop, written plainly in the notation of Learning From Data, loops over l, i, j.
// Check it:  gradcheck check --backprop ./examples/backprop/learner.mjs
//
//   s_j^(l) = Σ_{i=0..d(l−1)} w_ij^(l) x_i^(l−1)   (x_0 = 1: the bias)     x_j^(l) = tanh(s_j^(l))
//   e = Σ_j (x_j^(L) − y_j)²
//   δ_j^(L) = 2 (x_j^(L) − y_j) (1 − (x_j^(L))²)
//   δ_i^(l−1) = (1 − (x_i^(l−1))²) Σ_j w_ij^(l) δ_j^(l)
//   ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)
//
// Weights are flat, as gradcheck's createNetwork lays them out: w_ij^(l) at offset(l) + i·d(l) + j.
export const spec = { layers: [3, 4, 4, 4], activation: "tanh", loss: "squared" };
export const samples = [
  { input: [0.5, -1, 0.25], target: [0.3, -0.6, 0.1, 0.5] },
  { input: [-0.7, 0.2, 1.1], target: [-0.4, 0.8, 0, -0.2] },
];
const d = spec.layers;
const L = d.length - 1;

/** offset(l): where layer l's weights start in the flat array. */
function offset(l) {
  let o = 0;
  for (let m = 1; m < l; m++) o += (d[m - 1] + 1) * d[m];
  return o;
}
/** w_ij^(l); i = 0 is the bias weight, units j = 0..d(l)−1. */
const W = (w, l, i, j) => w[offset(l) + i * d[l] + j];

// A fixed set of weights, so the example is reproducible.
export const parameters = Array.from({ length: offset(L + 1) }, (_, k) => Math.sin(1.7 * k + 0.3) * 0.8);

export function forward(input, w) {
  const s = [[]];
  const x = [Array.from(input)];
  for (let l = 1; l <= L; l++) {
    s.push([]);
    x.push([]);
    for (let j = 0; j < d[l]; j++) {
      let sum = W(w, l, 0, j); // x_0 = 1
      for (let i = 1; i <= d[l - 1]; i++) sum += W(w, l, i, j) * x[l - 1][i - 1];
      s[l].push(sum);
      x[l].push(Math.tanh(sum));
    }
  }
  return { s, x };
}

export function backprop(input, target, w) {
  const { x } = forward(input, w);
  const delta = x.map((layer) => layer.map(() => 0));
  delta[0] = [];
  // Output layer: δ_j^(L) = 2 (x_j − y_j)(1 − x_j²)
  for (let j = 0; j < d[L]; j++) delta[L][j] = 2 * (x[L][j] - target[j]) * (1 - x[L][j] * x[L][j]);
  // Hidden layers, going down: δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l)
  for (let l = L; l >= 2; l--) {
    for (let i = 1; i <= d[l - 1]; i++) {
      let sum = 0;
      for (let j = 0; j < d[l]; j++) sum += W(w, l, i, j) * delta[l][i - 1];
      delta[l - 1][i - 1] = (1 - x[l - 1][i - 1] ** 2) * sum;
    }
  }
  // Gradient: ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l), with x_0^(l−1) = 1
  const gradient = new Array(w.length).fill(0);
  for (let l = 1; l <= L; l++)
    for (let i = 0; i <= d[l - 1]; i++)
      for (let j = 0; j < d[l]; j++) gradient[offset(l) + i * d[l] + j] = (i === 0 ? 1 : x[l - 1][i - 1]) * delta[l][j];
  return { delta, gradient };
}
