// The black-box rows' smooth f, in JS (torch_gradcheck.py writes the same f in torch):
//   f(x) = Σ_k c_k·sin(x_k) + 0.1·x_k·x_{k+1 mod n},  c_k = 1 + k/n,  at x_k = sin(k + 1).
// O(n) per call, like a network's E, and with a dense coupling so no coordinate is trivial.
export function smoothFunction(n) {
  const c = Float64Array.from({ length: n }, (_, k) => 1 + k / n);
  const f = (x) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += c[k] * Math.sin(x[k]) + 0.1 * x[k] * x[(k + 1) % n];
    return s;
  };
  const gradient = (x) => {
    const g = new Float64Array(n);
    for (let k = 0; k < n; k++) g[k] = c[k] * Math.cos(x[k]) + 0.1 * (x[(k + 1) % n] + x[(k + n - 1) % n]);
    return g;
  };
  const x = Float64Array.from({ length: n }, (_, k) => Math.sin(k + 1));
  return { f, gradient, x };
}
