/**
 * Functions with a known noise level: f(x) + σ·Z(x), where Z(x) is a standard normal drawn from
 * a hash of x's bits. Z is a fixed function of x (the same x gives the same value, as rounding
 * does), but any two distinct points get independent-looking draws, so σ is exactly the size of
 * the noise a differentiator meets.
 */

/** MurmurHash3's finaliser: every input bit flips each output bit with probability ≈ 1/2. */
function mix(h: number): number {
  let v = h >>> 0;
  v = Math.imul(v ^ (v >>> 16), 0x85ebca6b);
  v = Math.imul(v ^ (v >>> 13), 0xc2b2ae35);
  return (v ^ (v >>> 16)) >>> 0;
}

/** A standard normal value determined by the bits of x (and a salt), by Box–Muller from two hashed uniforms. */
export function normalAt(x: ArrayLike<number>, salt = 0): number {
  const words = new Uint32Array(Float64Array.from(x).buffer);
  let a = mix(0x9e3779b9 ^ salt);
  let b = mix(0x7f4a7c15 + salt);
  for (let q = 0; q < words.length; q++) {
    a = mix(a ^ words[q]) + q;
    b = mix(b + Math.imul(words[q], 0x27d4eb2f)) ^ a;
  }
  const u1 = (mix(a) + 1) / 2 ** 32;
  const u2 = mix(b ^ 0x165667b1) / 2 ** 32;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** A smooth function of order one in every coordinate, with its exact gradient. */
export const smooth = (x: Float64Array): number => {
  let sum = 0;
  for (let k = 0; k < x.length; k++) sum += Math.sin(x[k] + k) + 0.5 * x[k] * x[k];
  return sum;
};
export const smoothGradient = (x: ArrayLike<number>): Float64Array => Float64Array.from(x, (v, k) => Math.cos(v + k) + v);

/** smooth(x) + σ·Z(x). */
export const noisy =
  (sigma: number) =>
  (x: Float64Array): number =>
    smooth(x) + sigma * normalAt(x);

/** A point of n coordinates in [−1, 1], spread out. */
export const pointOf = (n: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(1.7 * k + 0.3));
