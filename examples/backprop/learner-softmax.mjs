// A learner's backprop for a classifier: tanh hidden layer, softmax output, cross-entropy.
// Check it:  gradcheck check --backprop ./examples/backprop/learner-softmax.mjs
//
//   x^(L) = softmax(s^(L)),  e = −Σ_j y_j ln x_j^(L)
//   δ_j^(L) = x_j^(L) − y_j                       (θ' of softmax and the loss cancel; Σ y = 1)
//   δ_i^(l−1) = (1 − (x_i^(l−1))²) Σ_j w_ij^(l) δ_j^(l)
//   ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l)
export const spec = { layers: [3, 4, 3], activation: ["tanh", "softmax"], loss: "cross-entropy" };
export const samples = [
  { input: [0.5, -1, 0.25], target: [0, 1, 0] },
  { input: [-0.7, 0.2, 1.1], target: [1, 0, 0] },
];
const d = spec.layers;
const L = d.length - 1;

function offset(l) {
  let o = 0;
  for (let m = 1; m < l; m++) o += (d[m - 1] + 1) * d[m];
  return o;
}
const W = (w, l, i, j) => w[offset(l) + i * d[l] + j];

export const parameters = Array.from({ length: offset(L + 1) }, (_, k) => Math.cos(2.3 * k + 0.1) * 0.9);

export function forward(input, w) {
  const s = [[]];
  const x = [Array.from(input)];
  for (let l = 1; l <= L; l++) {
    s.push([]);
    for (let j = 0; j < d[l]; j++) {
      let sum = W(w, l, 0, j);
      for (let i = 1; i <= d[l - 1]; i++) sum += W(w, l, i, j) * x[l - 1][i - 1];
      s[l].push(sum);
    }
    if (l < L) x.push(s[l].map(Math.tanh));
    else {
      const max = Math.max(...s[l]);
      const e = s[l].map((v) => Math.exp(v - max));
      const total = e.reduce((a, b) => a + b, 0);
      x.push(e.map((v) => v / total));
    }
  }
  return { s, x };
}

export function backprop(input, target, w) {
  const { x } = forward(input, w);
  const delta = x.map((layer) => layer.map(() => 0));
  delta[0] = [];
  for (let j = 0; j < d[L]; j++) delta[L][j] = x[L][j] - target[j];
  for (let l = L; l >= 2; l--)
    for (let i = 1; i <= d[l - 1]; i++) {
      let sum = 0;
      for (let j = 0; j < d[l]; j++) sum += W(w, l, i, j) * delta[l][j];
      const xi = x[l - 1][i - 1];
      delta[l - 1][i - 1] = (1 - xi * xi) * sum;
    }
  const gradient = new Array(w.length).fill(0);
  for (let l = 1; l <= L; l++)
    for (let i = 0; i <= d[l - 1]; i++)
      for (let j = 0; j < d[l]; j++) gradient[offset(l) + i * d[l] + j] = (i === 0 ? 1 : x[l - 1][i - 1]) * delta[l][j];
  return { delta, gradient };
}
