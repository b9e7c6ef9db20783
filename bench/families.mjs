// Adversarial families for the verdict benchmark (issue 8): each case is generated here, with its
// right gradient and the coordinates along which e is smooth, so the benchmark can ask both
// questions of every entry point — is a right gradient ever failed, and is an error of
// 1e-7·‖g‖∞ on a smooth coordinate ever missed, however many kinks sit elsewhere?
//
// A family makes { kind: "network", network, samples } (run through checkNetwork and through
// checkGradient on the black-box E(w)) or { kind: "function", f, x, g, smooth, options } (run through
// checkGradient). For networks, smoothness along a coordinate is certified by moving it over the
// largest step a check takes and seeing no relu unit change side.

const log10U = (random, lo, hi) => 10 ** (lo + (hi - lo) * random.next());
const signed = (random, v) => (random.next() < 0.5 ? -v : v);
const int = (random, lo, hi) => lo + Math.floor(random.next() * (hi - lo + 1));

/** A network spec and weights: `hidden` activations, a head, weights N(0, scale²/(d0 + 1)). */
function network(random, createNetwork, { hidden, heads, depth = [2, 4], widths = [1, 6], bias }) {
  const [out, loss] = random.pick(heads);
  const L = int(random, depth[0], depth[1]);
  const layers = Array.from({ length: L + 1 }, () => int(random, widths[0], widths[1]));
  if (out === "sigmoid" && loss === "cross-entropy") layers[L] = 1;
  const activation = [...Array.from({ length: L - 1 }, () => random.pick(hidden)), out];
  const spec = { layers, activation, loss };
  const probe = createNetwork(spec);
  const w = Array.from(probe.parameters, () => random.normal() / Math.sqrt(layers[0] + 1));
  if (bias) {
    for (let l = 1; l <= L; l++) for (let j = 0; j < layers[l]; j++) w[probe.layout.offset[l] + j] = bias(l, j);
  }
  return { spec, w, layers, activation, loss, out };
}

function targetFor(random, width, out, loss) {
  if (loss === "squared") return Array.from({ length: width }, () => random.normal());
  if (out === "sigmoid") return [random.next()];
  const raw = Array.from({ length: width }, () => random.next() + 1e-3);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / sum);
}

const reluHeads = [
  ["identity", "squared"],
  ["relu", "squared"],
  ["sigmoid", "squared"],
  ["softmax", "cross-entropy"],
  ["sigmoid", "cross-entropy"],
];
const smoothHeads = [
  ["identity", "squared"],
  ["tanh", "squared"],
  ["sigmoid", "squared"],
];

/**
 * Relu networks with units exactly at s = 0: zero biases, and samples whose input is all zero
 * (blank pixels) or has zero entries (one-hot features); some first-layer units dead (bias −4) upstream.
 */
function reluZero(random, { createNetwork }) {
  const dead = random.next() < 0.4;
  const n = network(random, createNetwork, {
    hidden: ["relu"],
    heads: reluHeads,
    bias: (l, j) => (dead && l === 1 && j % 2 === 0 ? -4 : 0),
  });
  const net = createNetwork(n.spec, n.w);
  const samples = Array.from({ length: int(random, 1, 3) }, () => {
    const kind = random.next();
    const input = Array.from({ length: n.layers[0] }, () => (kind < 0.5 ? 0 : random.next() < 0.5 ? 0 : random.normal()));
    return { input, target: targetFor(random, n.layers.at(-1), n.out, n.loss) };
  });
  return {
    kind: "network",
    network: net,
    spec: n.spec,
    samples,
    description: `${JSON.stringify(n.layers)} ${n.activation.join(",")} ${n.loss}${dead ? " dead upstream" : ""}`,
  };
}

/** Relu networks with one unit, in any relu layer, on one sample, moved to 0 < |s| < 1e-9 by its bias. */
function reluNear(random, { createNetwork }) {
  for (;;) {
    const n = network(random, createNetwork, { hidden: ["relu"], heads: reluHeads });
    const reluLayers = n.activation.flatMap((a, i) => (a === "relu" ? [i + 1] : []));
    if (reluLayers.length === 0) continue;
    const samples = Array.from({ length: int(random, 1, 3) }, () => ({
      input: Array.from({ length: n.layers[0] }, () => random.normal()),
      target: targetFor(random, n.layers.at(-1), n.out, n.loss),
    }));
    const l = random.pick(reluLayers);
    const j = int(random, 0, n.layers[l] - 1);
    const s = int(random, 0, samples.length - 1);
    const target = signed(random, log10U(random, -12, -9));
    let net = createNetwork(n.spec, n.w);
    const bias = net.layout.offset[l] + j;
    const w = Float64Array.from(n.w);
    w[bias] += target - net.forward(samples[s].input).s[l][j];
    net = createNetwork(n.spec, w);
    const got = net.forward(samples[s].input).s[l][j];
    if (!(got !== 0 && Math.abs(got) < 1e-9)) continue;
    return {
      kind: "network",
      network: net,
      spec: n.spec,
      samples,
      description: `${JSON.stringify(n.layers)} ${n.activation.join(",")} ${n.loss}: unit j=${j} of layer ${l} at s = ${got.toExponential(1)} on sample ${s}`,
    };
  }
}

/** Near-perfect fits: smooth networks whose targets are their outputs + a residual of 1e-5…1e-4 (or 1e-15, `tiny`). */
function nearFit(tiny) {
  return (random, { createNetwork }) => {
    const n = network(random, createNetwork, { hidden: ["tanh", "sigmoid", "identity"], heads: smoothHeads });
    const net = createNetwork(n.spec, n.w);
    const L = n.layers.length - 1;
    const samples = Array.from({ length: int(random, 1, 3) }, () => {
      const input = Array.from({ length: n.layers[0] }, () => random.normal());
      const out = net.forward(input).x[L];
      const target = Array.from(out, (v) => v + signed(random, tiny ? log10U(random, -16, -14) : log10U(random, -5, -4)));
      return { input, target };
    });
    return {
      kind: "network",
      network: net,
      spec: n.spec,
      samples,
      description: `${JSON.stringify(n.layers)} ${n.activation.join(",")} residual ${tiny ? "~1e-15" : "1e-5…1e-4"}`,
    };
  };
}

/** Huge scales: identity heads with targets of 1e3…1e5, so e ~ 1e6…1e10. */
function hugeNetwork(random, { createNetwork }) {
  const n = network(random, createNetwork, { hidden: ["tanh", "sigmoid", "identity", "relu"], heads: [["identity", "squared"]] });
  const net = createNetwork(n.spec, n.w);
  const samples = Array.from({ length: int(random, 1, 3) }, () => ({
    input: Array.from({ length: n.layers[0] }, () => random.normal()),
    target: Array.from({ length: n.layers.at(-1) }, () => signed(random, log10U(random, 3, 5))),
  }));
  return {
    kind: "network",
    network: net,
    spec: n.spec,
    samples,
    description: `${JSON.stringify(n.layers)} ${n.activation.join(",")} targets 1e3…1e5`,
  };
}

/**
 * Sums of terms over disjoint coordinates, each with its value and right (sub)gradient; the
 * coordinates of smooth terms are listed. `r` rounds every operation (Math.fround for float32).
 */
function sumOf(terms, precision = "float64") {
  const x = terms.flatMap((t) => t.x);
  const g = terms.flatMap((t) => t.g);
  const smooth = [];
  let at = 0;
  const spans = terms.map((t) => {
    const span = [at, t.x.length];
    if (t.smooth) for (let q = 0; q < t.x.length; q++) smooth.push(at + q);
    at += t.x.length;
    return span;
  });
  const r = precision === "float32" ? Math.fround : (v) => v;
  const f = (p) => {
    let sum = 0;
    for (let c = 0; c < terms.length; c++) sum = r(sum + terms[c].f(p, spans[c][0], r));
    return sum;
  };
  return {
    kind: "function",
    f,
    x: precision === "float32" ? x.map(Math.fround) : x,
    g,
    smooth,
    options: precision === "float32" ? { precision } : {},
  };
}

/** A smooth term: c·x_a·x_b + x_a²/2 (its coordinates are the smooth ones the wrong case moves). */
function productTerm(random, r) {
  const c = r(random.normal());
  const [a, b] = [r(random.normal()), r(random.normal())];
  return {
    label: `${c}·x·y + x²/2`,
    x: [a, b],
    g: [c * b + a, c * a],
    smooth: true,
    f: (p, o, rr) => rr(rr(c * rr(p[o] * p[o + 1])) + rr(rr(p[o] * p[o]) / 2)),
  };
}

/** max/abs/clip terms with exact ties (δ = 0) and near ties (δ of 1e-15…1e-9 relative in float64, 1e-9…1e-6 in float32). */
function tieTerm(random, float32) {
  const r = float32 ? Math.fround : (v) => v;
  const a = r(random.normal() * log10U(random, -1, 1));
  const exact = random.next() < 0.5;
  const delta = exact ? 0 : signed(random, (float32 ? log10U(random, -9, -6) : log10U(random, -15, -9)) * Math.max(1, Math.abs(a)));
  const kind = random.pick(["max", "abs", "clip"]);
  if (kind === "max") {
    const b = r(a + delta);
    return { label: "max", x: [a, b], g: a >= b ? [1, 0] : [0, 1], f: (p, o, rr) => rr(Math.max(p[o], p[o + 1])) };
  }
  if (kind === "abs") {
    const v = r(delta);
    return { label: "abs", x: [v], g: [Math.sign(v)], f: (p, o, rr) => rr(Math.abs(p[o])) };
  }
  const [lo, hi] = [r(a), r(a + 1)];
  const v = r(random.next() < 0.5 ? lo + delta : hi + delta);
  return { label: `clip[${lo}, ${hi}]`, x: [v], g: [v >= lo && v <= hi ? 1 : 0], f: (p, o, rr) => rr(Math.min(hi, Math.max(lo, p[o]))) };
}

function ties(float32) {
  return (random) => {
    const r = float32 ? Math.fround : (v) => v;
    const terms = [];
    const kinks = int(random, 1, 6);
    for (let q = 0; q < kinks; q++) terms.push(tieTerm(random, float32));
    for (let q = int(random, 1, 3); q > 0; q--) terms.splice(int(random, 0, terms.length), 0, productTerm(random, r));
    return { ...sumOf(terms, float32 ? "float32" : "float64"), description: describeTerms(terms) };
  };
}

/** A smooth term at a domain edge: sqrt or log near 0, acosh near 1, log-loss with p near 0 or 1. */
function edgeTerm(random) {
  const near = log10U(random, -8, -2);
  const kind = random.pick(["sqrt", "log", "acosh", "logloss"]);
  if (kind === "sqrt") return { label: "sqrt", x: [near], g: [0.5 / Math.sqrt(near)], smooth: true, f: (p, o) => Math.sqrt(p[o]) };
  if (kind === "log") return { label: "log", x: [near], g: [1 / near], smooth: true, f: (p, o) => Math.log(p[o]) };
  if (kind === "acosh") {
    // x − 1 is exact (Sterbenz), so the gradient is that of the x actually checked.
    const v = 1 + near;
    const e = v - 1;
    return { label: "acosh", x: [v], g: [1 / Math.sqrt(e * (2 + e))], smooth: true, f: (p, o) => Math.acosh(p[o]) };
  }
  const y = random.next();
  const pv = random.next() < 0.5 ? near : 1 - near;
  return {
    label: `logloss(y=${y.toFixed(3)})`,
    x: [pv],
    g: [-y / pv + (1 - y) / (1 - pv)],
    smooth: true,
    f: (p, o) => -y * Math.log(p[o]) - (1 - y) * Math.log(1 - p[o]),
  };
}

/** A smooth term whose scale near x is far below 1: cbrt and 1/x near 0, sharp sigmoids and atan(x/s) near 0. */
function smallScaleTerm(random) {
  const kind = random.pick(["cbrt", "reciprocal", "sigmoid", "atan"]);
  if (kind === "cbrt") {
    const v = signed(random, log10U(random, -9, -3));
    return { label: "cbrt", x: [v], g: [1 / (3 * Math.cbrt(v) ** 2)], smooth: true, f: (p, o) => Math.cbrt(p[o]) };
  }
  if (kind === "reciprocal") {
    const v = signed(random, log10U(random, -6, -2));
    return { label: "1/x", x: [v], g: [-1 / (v * v)], smooth: true, f: (p, o) => 1 / p[o] };
  }
  const s = log10U(random, -9, -3);
  const v = s * random.normal();
  if (kind === "sigmoid") {
    const sig = 1 / (1 + Math.exp(-v / s));
    return {
      label: `sigmoid(x/${s.toExponential(2)})`,
      x: [v],
      g: [(sig * (1 - sig)) / s],
      smooth: true,
      f: (p, o) => 1 / (1 + Math.exp(-p[o] / s)),
    };
  }
  return { label: `atan(x/${s.toExponential(2)})`, x: [v], g: [1 / (s * (1 + (v / s) ** 2))], smooth: true, f: (p, o) => Math.atan(p[o] / s) };
}

/** Terms of O(1) that cancel to ~1e-15: Σ c_k x_k − C, with C the same sum taken in reverse order. */
function cancelling(random) {
  const n = int(random, 2, 8);
  const c = Array.from({ length: n }, () => random.normal());
  const x = Array.from({ length: n }, () => random.normal());
  let C = 0;
  for (let k = n - 1; k >= 0; k--) C += c[k] * x[k];
  const quad = random.next() < 0.5 ? 0 : 1e-3;
  const f = (p) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += c[k] * p[k];
    return s - C + quad * (p[0] * p[0] - x[0] * x[0]);
  };
  const g = c.map((v, k) => v + (k === 0 ? 2 * quad * x[0] : 0));
  return {
    kind: "function",
    f,
    x,
    g,
    smooth: x.map((_, k) => k),
    options: {},
    description: `Σ c_k x_k − C${quad ? " + 1e-3·(x_0² − x_0²|x)" : ""}, c = ${JSON.stringify(c)}, x = ${JSON.stringify(x)} (C in reverse order; f(x) = ${f(Float64Array.from(x)).toExponential(1)})`,
  };
}

/** Huge scales as a black box: C·Σ (log(1 + x²) + cos x) with C = 1e6…1e10. */
function hugeFunction(random) {
  const n = int(random, 1, 6);
  const C = log10U(random, 6, 10);
  const x = Array.from({ length: n }, () => random.normal() * 2);
  const f = (p) => {
    let s = 0;
    for (let k = 0; k < n; k++) s += Math.log(1 + p[k] * p[k]) + Math.cos(p[k]);
    return C * s;
  };
  const g = x.map((v) => C * ((2 * v) / (1 + v * v) - Math.sin(v)));
  return { kind: "function", f, x, g, smooth: x.map((_, k) => k), options: {}, description: `C = ${C.toExponential(1)}, n = ${n}` };
}

/** "sqrt(x[0] = 1e-3) + log(x[1] = …)": a sum of terms as a person would write it, with the point. */
function describeTerms(terms) {
  let at = 0;
  return terms
    .map((t) => {
      const args = t.x.map((v, q) => `x[${at + q}] = ${v}`).join(", ");
      at += t.x.length;
      return `${t.label}(${args})`;
    })
    .join(" + ");
}

function termsFamily(make) {
  return (random) => {
    const terms = Array.from({ length: int(random, 1, 5) }, () => make(random));
    return { ...sumOf(terms), description: describeTerms(terms) };
  };
}

/** The families, in table order. `entries`: which public entry points each one goes through. */
export const families = [
  { name: "relu, units exactly at s = 0 (zero biases, zero inputs, dead units upstream)", make: reluZero, network: true },
  { name: "relu, one unit at 0 < |s| < 1e-9 (any layer)", make: reluNear, network: true },
  { name: "max/abs/clip, exact and near ties, float64", make: ties(false) },
  { name: "max/abs/clip, exact and near ties, float32", make: ties(true) },
  { name: "near-perfect fit (residual 1e-5…1e-4)", make: nearFit(false), network: true },
  { name: "near-perfect fit (residual ~1e-15, beyond the issue's range)", make: nearFit(true), network: true },
  { name: "huge scale, network (e ~ 1e6…1e10)", make: hugeNetwork, network: true },
  { name: "huge scale, C·f (C = 1e6…1e10)", make: hugeFunction },
  { name: "domain edges (sqrt, log near 0; acosh near 1; log-loss)", make: termsFamily(edgeTerm) },
  { name: "scale near x ≪ 1 (cbrt, 1/x near 0; sharp sigmoid, atan(x/s))", make: termsFamily(smallScaleTerm) },
  { name: "values cancelling to ~1e-15 (linear)", make: cancelling },
];

/** Largest first step a check takes along w_k (2^−7 relative), with margin. */
const reach = (w) => 2 ** -6 * Math.max(1, Math.abs(w));
const FRACTIONS = [1, -1, 0.5, -0.5, 1 / 8, -1 / 8, 1 / 64, -1 / 64, 1e-3, -1e-3, 1e-6, -1e-6, 1e-9, -1e-9, 1e-12, -1e-12];

/** True when no relu unit, on any sample, changes side (sign of s) as w_k moves over ±reach(w_k). */
export function smoothAlong(network, spec, samples, k, createNetwork) {
  const relu = [false, ...spec.activation.map((a) => a === "relu")];
  if (!relu.some(Boolean)) return true;
  const signs = (w) => {
    const net = createNetwork(spec, w);
    const out = [];
    for (const { input } of samples) {
      const { s } = net.forward(input);
      for (let l = 1; l < s.length; l++) if (relu[l]) for (const v of s[l]) out.push(Math.sign(v));
    }
    return out;
  };
  const w = Float64Array.from(network.parameters);
  const at = signs(w);
  const H = reach(w[k]);
  for (const t of FRACTIONS) {
    const moved = Float64Array.from(w);
    moved[k] += t * H;
    const there = signs(moved);
    for (let q = 0; q < at.length; q++) if (there[q] !== at[q]) return false;
  }
  return true;
}
