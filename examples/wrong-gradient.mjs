// The same f with a slip in ∂f/∂x1 (x0 where x0² belongs): gradcheck check --module ./examples/wrong-gradient.mjs
export const f = (x) => x[0] ** 2 * Math.sin(x[1]) + Math.exp(x[2]);
export const gradient = (x) => [2 * x[0] * Math.sin(x[1]), x[0] * Math.cos(x[1]), Math.exp(x[2])];
export const x = [1.5, 0.3, 0.1];
