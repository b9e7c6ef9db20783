// A hand-written gradient to check from the shell: gradcheck check --module ./examples/my-gradient.mjs
// f(x) = x0² · sin(x1) + e^(x2), and its gradient derived by hand.
export const f = (x) => x[0] ** 2 * Math.sin(x[1]) + Math.exp(x[2]);
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] ** 2 * Math.cos(x[1]), Math.exp(x[2])];
export const points = [
  [1.5, 0.3, 0.1],
  [-2, 1, 0.5],
];
