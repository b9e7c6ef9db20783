// Float64 re-implementations of the forward passes of the tfjs ops the sweep flags, written from
// the ops' documented semantics (TensorFlow's "same" padding, resize's alignCorners and
// halfPixelCenters), row-major on plain arrays. The sweep differentiates these in float64 to
// verify, independently of tfjs's gradient code and of float32, that a flagged gradient is wrong.
// Each takes the input's values and shape and the op's attributes and returns the output's values.

/** Row-major strides of a shape. */
const stridesOf = (shape) => shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));

/** Every multi-index of a shape, row-major. */
function* indices(shape) {
  const n = shape.reduce((a, b) => a * b, 1);
  const s = stridesOf(shape);
  for (let k = 0; k < n; k++) yield shape.map((dim, d) => Math.floor(k / s[d]) % dim);
}

/** Output size and padding before, per spatial dimension, as TensorFlow defines them for "valid" and "same". */
function window(size, k, s, pad) {
  if (pad === "valid") return { out: Math.ceil((size - k + 1) / s), before: 0 };
  const out = Math.ceil(size / s);
  return { out, before: Math.floor(Math.max((out - 1) * s + k - size, 0) / 2) };
}

/**
 * avgPool / avgPool3d on [1, ...spatial, channels]: the mean over the window's elements that lie
 * inside the input (TensorFlow excludes the padding from the count).
 */
export function avgPool(x, shape, { k, s, pad }) {
  const spatial = shape.slice(1, -1);
  const channels = shape[shape.length - 1];
  const win = spatial.map((size) => window(size, k, s, pad));
  const outShape = [1, ...win.map((w) => w.out), channels];
  const st = stridesOf(shape);
  const out = [];
  for (const o of indices(outShape)) {
    let [sum, count] = [0, 0];
    for (const offset of indices(spatial.map(() => k))) {
      const at = spatial.map((_, d) => o[d + 1] * s - win[d].before + offset[d]);
      if (at.some((a, d) => a < 0 || a >= spatial[d])) continue;
      sum += x[at.reduce((p, a, d) => p + a * st[d + 1], 0) + o[o.length - 1]];
      count++;
    }
    out.push(sum / count);
  }
  return out;
}

/** The source coordinate of output coordinate r when resizing `from` → `to`, as tfjs's resize ops define it. */
function source(r, from, to, alignCorners, halfPixelCenters) {
  const ratio = alignCorners && to > 1 ? (from - 1) / (to - 1) : from / to;
  return halfPixelCenters ? ratio * (r + 0.5) - 0.5 : ratio * r;
}

/** resizeBilinear on [b, h, w, c] to size [H, W]: bilinear interpolation between the four neighbours of the source point. */
export function resizeBilinear(x, shape, { size, alignCorners, halfPixelCenters }) {
  const [b, h, w, c] = shape;
  const at = (n, i, j, d) => x[((n * h + i) * w + j) * c + d];
  const out = [];
  for (let n = 0; n < b; n++)
    for (let r = 0; r < size[0]; r++) {
      const fr = source(r, h, size[0], alignCorners, halfPixelCenters);
      const [r0, r1] = [Math.max(0, Math.floor(fr)), Math.min(h - 1, Math.ceil(fr))];
      const tr = fr - r0;
      for (let q = 0; q < size[1]; q++) {
        const fq = source(q, w, size[1], alignCorners, halfPixelCenters);
        const [q0, q1] = [Math.max(0, Math.floor(fq)), Math.min(w - 1, Math.ceil(fq))];
        const tq = fq - q0;
        for (let d = 0; d < c; d++) {
          const top = at(n, r0, q0, d) + (at(n, r0, q1, d) - at(n, r0, q0, d)) * tq;
          const bottom = at(n, r1, q0, d) + (at(n, r1, q1, d) - at(n, r1, q0, d)) * tq;
          out.push(top + (bottom - top) * tr);
        }
      }
    }
  return out;
}

/** resizeNearestNeighbor on [b, h, w, c] to size [H, W]: each output copies its nearest source pixel. */
export function resizeNearestNeighbor(x, shape, { size, alignCorners, halfPixelCenters }) {
  const [b, h, w, c] = shape;
  const nearest = (r, from, to) => {
    const ratio = alignCorners && to > 1 ? (from - 1) / (to - 1) : from / to;
    const f = halfPixelCenters ? ratio * (r + 0.5) : ratio * r;
    const i = Math.min(from - 1, alignCorners ? Math.round(f) : Math.floor(f));
    return halfPixelCenters ? Math.max(0, i) : i;
  };
  const out = [];
  for (let n = 0; n < b; n++)
    for (let r = 0; r < size[0]; r++)
      for (let q = 0; q < size[1]; q++)
        for (let d = 0; d < c; d++) out.push(x[((n * h + nearest(r, h, size[0])) * w + nearest(q, w, size[1])) * c + d]);
  return out;
}

/** mirrorPad: each output coordinate reads the input at its mirror image ("reflect" excludes the edge, "symmetric" repeats it). */
export function mirrorPad(x, shape, { paddings, mode }) {
  const outShape = shape.map((n, d) => n + paddings[d][0] + paddings[d][1]);
  const st = stridesOf(shape);
  const mirror = (i, n) => {
    if (i < 0) return mode === "reflect" ? -i : -i - 1;
    if (i >= n) return mode === "reflect" ? 2 * (n - 1) - i : 2 * n - 1 - i;
    return i;
  };
  const out = [];
  for (const o of indices(outShape)) out.push(x[o.reduce((p, oi, d) => p + mirror(oi - paddings[d][0], shape[d]) * st[d], 0)]);
  return out;
}
