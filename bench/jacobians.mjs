// The Jacobian benchmark: vector maps of the kinds engineers differentiate by hand (arms,
// cameras, ODE steps, normalisation layers, softmax, ...), each with a hand-written Jacobian.
// Right claims at random points (false alarms per form), seeded mistakes (detected per form),
// and the calls of f per check against the 2n minimum of one central difference per column.
// Usage: npm run build && node bench/jacobians.mjs [points = 100] [mistakePoints = 20] [seed = 1]
import { checkJacobian, checkJVP, checkVJP } from "../dist/index.js";

const [points = 100, mistakePoints = 20, seed = 1] = process.argv.slice(2).map(Number);

function mulberry(s) {
  let state = s >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry(seed);
const uniform = (a, b) => a + (b - a) * random();

const { sin, cos, exp, sqrt, tanh } = Math;
const sigmoid = (z) => 1 / (1 + exp(-z));

/** Each map: n, a point drawer, f, its Jacobian J (rows), and a "dropped term" variant of J. */
const maps = [
  {
    name: "planar 2-link arm (hand position)",
    n: 2,
    point: () => [uniform(-3, 3), uniform(-3, 3)],
    f: ([a, b]) => [cos(a) + 0.8 * cos(a + b), sin(a) + 0.8 * sin(a + b)],
    J: ([a, b]) => [
      [-sin(a) - 0.8 * sin(a + b), -0.8 * sin(a + b)],
      [cos(a) + 0.8 * cos(a + b), 0.8 * cos(a + b)],
    ],
    dropped: ([a, b]) => [
      [-sin(a), -0.8 * sin(a + b)],
      [cos(a) + 0.8 * cos(a + b), 0.8 * cos(a + b)],
    ],
  },
  {
    name: "planar 3-link arm (position and orientation)",
    n: 3,
    point: () => [uniform(-3, 3), uniform(-3, 3), uniform(-3, 3)],
    f: ([a, b, c]) => [cos(a) + 0.7 * cos(a + b) + 0.4 * cos(a + b + c), sin(a) + 0.7 * sin(a + b) + 0.4 * sin(a + b + c), a + b + c],
    J: ([a, b, c]) => {
      const [s1, s2, s3] = [sin(a), sin(a + b), sin(a + b + c)];
      const [c1, c2, c3] = [cos(a), cos(a + b), cos(a + b + c)];
      return [
        [-s1 - 0.7 * s2 - 0.4 * s3, -0.7 * s2 - 0.4 * s3, -0.4 * s3],
        [c1 + 0.7 * c2 + 0.4 * c3, 0.7 * c2 + 0.4 * c3, 0.4 * c3],
        [1, 1, 1],
      ];
    },
    dropped: ([a, b, c]) => {
      const [s1, s2, s3] = [sin(a), sin(a + b), sin(a + b + c)];
      const [c1, c2, c3] = [cos(a), cos(a + b), cos(a + b + c)];
      return [
        [-s1 - 0.7 * s2 - 0.4 * s3, -0.7 * s2, -0.4 * s3],
        [c1 + 0.7 * c2 + 0.4 * c3, 0.7 * c2 + 0.4 * c3, 0.4 * c3],
        [1, 1, 1],
      ];
    },
  },
  {
    name: "pinhole camera projection (point → pixel, focal 800)",
    n: 3,
    point: () => [uniform(-2, 2), uniform(-2, 2), uniform(2, 10)],
    f: ([X, Y, Z]) => [(800 * X) / Z + 320, (800 * Y) / Z + 240],
    J: ([X, Y, Z]) => [
      [800 / Z, 0, (-800 * X) / (Z * Z)],
      [0, 800 / Z, (-800 * Y) / (Z * Z)],
    ],
    dropped: ([_X, Y, Z]) => [
      [800 / Z, 0, 0],
      [0, 800 / Z, (-800 * Y) / (Z * Z)],
    ],
  },
  {
    name: "camera with yaw and translation (pose + point → pixel)",
    n: 5,
    point: () => [uniform(-1, 1), uniform(-0.5, 0.5), uniform(-2, 2), uniform(-2, 2), uniform(4, 10)],
    // camera yaw θ and x-offset tx; world point (X, Y, Z): Xc = cosθ X + sinθ Z + tx, Zc = −sinθ X + cosθ Z
    f: ([t, tx, X, Y, Z]) => {
      const [Xc, Zc] = [cos(t) * X + sin(t) * Z + tx, -sin(t) * X + cos(t) * Z];
      return [(500 * Xc) / Zc, (500 * Y) / Zc];
    },
    J: ([t, tx, X, Y, Z]) => {
      const [Xc, Zc] = [cos(t) * X + sin(t) * Z + tx, -sin(t) * X + cos(t) * Z];
      const dXc = [-sin(t) * X + cos(t) * Z, 1, cos(t), 0, sin(t)];
      const dZc = [-cos(t) * X - sin(t) * Z, 0, -sin(t), 0, cos(t)];
      return [dXc.map((d, k) => (500 * (d * Zc - Xc * dZc[k])) / (Zc * Zc)), dZc.map((d, k) => (500 * ((k === 3 ? 1 : 0) * Zc - Y * d)) / (Zc * Zc))];
    },
    dropped: ([t, tx, X, Y, Z]) => {
      const [_Xc, Zc] = [cos(t) * X + sin(t) * Z + tx, -sin(t) * X + cos(t) * Z];
      const dXc = [-sin(t) * X + cos(t) * Z, 1, cos(t), 0, sin(t)];
      const dZc = [-cos(t) * X - sin(t) * Z, 0, -sin(t), 0, cos(t)];
      return [dXc.map((d) => (500 * d) / Zc), dZc.map((d, k) => (500 * ((k === 3 ? 1 : 0) * Zc - Y * d)) / (Zc * Zc))];
    },
  },
  {
    name: "ODE step: explicit Euler on Lotka–Volterra (h = 0.01)",
    n: 2,
    point: () => [uniform(0.2, 3), uniform(0.2, 3)],
    f: ([u, v]) => [u + 0.01 * (1.1 * u - 0.4 * u * v), v + 0.01 * (0.1 * u * v - 0.4 * v)],
    J: ([u, v]) => [
      [1 + 0.01 * (1.1 - 0.4 * v), -0.01 * 0.4 * u],
      [0.01 * 0.1 * v, 1 + 0.01 * (0.1 * u - 0.4)],
    ],
    dropped: ([u, v]) => [
      [1 + 0.01 * 1.1, -0.01 * 0.4 * u],
      [0.01 * 0.1 * v, 1 + 0.01 * (0.1 * u - 0.4)],
    ],
  },
  {
    name: "ODE step: semi-implicit Euler on a damped pendulum (h = 0.05)",
    n: 2,
    point: () => [uniform(-3, 3), uniform(-3, 3)],
    // ω' = ω + h(−9.81 sin θ − 0.3 ω); θ' = θ + h ω'
    f: ([th, w]) => {
      const w1 = w + 0.05 * (-9.81 * sin(th) - 0.3 * w);
      return [th + 0.05 * w1, w1];
    },
    J: ([th, _w]) => {
      const dw = [0.05 * -9.81 * cos(th), 1 - 0.05 * 0.3];
      return [[1 + 0.05 * dw[0], 0.05 * dw[1]], dw];
    },
    dropped: ([th, _w]) => {
      const dw = [0.05 * -9.81 * cos(th), 1 - 0.05 * 0.3];
      return [[1, 0.05 * dw[1]], dw];
    },
  },
  {
    name: "normalisation layer: (x − μ)/σ over 5 features",
    n: 5,
    point: () => Array.from({ length: 5 }, () => uniform(-2, 2)),
    f: (x) => {
      const mu = x.reduce((s, v) => s + v, 0) / x.length;
      const sd = sqrt(x.reduce((s, v) => s + (v - mu) ** 2, 0) / x.length + 1e-5);
      return Array.from(x, (v) => (v - mu) / sd);
    },
    J: (x) => {
      const n = x.length;
      const mu = x.reduce((s, v) => s + v, 0) / n;
      const sd = sqrt(x.reduce((s, v) => s + (v - mu) ** 2, 0) / n + 1e-5);
      const y = Array.from(x, (v) => (v - mu) / sd);
      return y.map((yi, i) => y.map((yk, k) => ((i === k ? 1 : 0) - 1 / n - (yi * yk) / n) / sd));
    },
    dropped: (x) => {
      const n = x.length;
      const mu = x.reduce((s, v) => s + v, 0) / n;
      const sd = sqrt(x.reduce((s, v) => s + (v - mu) ** 2, 0) / n + 1e-5);
      const y = Array.from(x, (v) => (v - mu) / sd);
      return y.map((_yi, i) => y.map((_yk, k) => ((i === k ? 1 : 0) - 1 / n) / sd));
    },
  },
  {
    name: "softmax over 6 logits",
    n: 6,
    point: () => Array.from({ length: 6 }, () => uniform(-4, 4)),
    f: (z) => {
      const top = Math.max(...z);
      const e = Array.from(z, (v) => exp(v - top));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    },
    J: (z) => {
      const top = Math.max(...z);
      const e = Array.from(z, (v) => exp(v - top));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      return p.map((pi, i) => p.map((pk, k) => (i === k ? pi : 0) - pi * pk));
    },
    dropped: (z) => {
      const top = Math.max(...z);
      const e = Array.from(z, (v) => exp(v - top));
      const s = e.reduce((a, b) => a + b, 0);
      const p = e.map((v) => v / s);
      return p.map((pi, i) => p.map((pk, k) => (i === k ? pi : -pi * pk)));
    },
  },
  {
    name: "spherical → Cartesian (r, θ, φ)",
    n: 3,
    point: () => [uniform(0.5, 5), uniform(0.1, 3), uniform(-3, 3)],
    f: ([r, t, p]) => [r * sin(t) * cos(p), r * sin(t) * sin(p), r * cos(t)],
    J: ([r, t, p]) => [
      [sin(t) * cos(p), r * cos(t) * cos(p), -r * sin(t) * sin(p)],
      [sin(t) * sin(p), r * cos(t) * sin(p), r * sin(t) * cos(p)],
      [cos(t), -r * sin(t), 0],
    ],
    dropped: ([r, t, p]) => [
      [sin(t) * cos(p), r * cos(t) * cos(p), -r * sin(t) * sin(p)],
      [sin(t) * sin(p), r * cos(t), r * sin(t) * cos(p)],
      [cos(t), -r * sin(t), 0],
    ],
  },
  {
    name: "dense sigmoid layer as a function of its input (3 × 4)",
    n: 4,
    point: () => Array.from({ length: 4 }, () => uniform(-2, 2)),
    f: (x) => W.map((row, i) => sigmoid(row.reduce((s, w, k) => s + w * x[k], b[i]))),
    J: (x) =>
      W.map((row, i) => {
        const y = sigmoid(row.reduce((s, w, k) => s + w * x[k], b[i]));
        return row.map((w) => y * (1 - y) * w);
      }),
    dropped: (x) =>
      W.map((row, i) => {
        const y = sigmoid(row.reduce((s, w, k) => s + w * x[k], b[i]));
        return row.map((w) => y * w);
      }),
  },
  {
    name: "mixed units: rows of size 1e6 and 1e-6 (a force in N and a displacement in km)",
    n: 3,
    point: () => [uniform(-1, 1), uniform(0.5, 2), uniform(-1, 1)],
    f: ([a, b, c]) => [2e6 * sin(a) * b, 3e-6 * exp(a * c) * b, tanh(b - c)],
    J: ([a, b, c]) => [
      [2e6 * cos(a) * b, 2e6 * sin(a), 0],
      [3e-6 * c * exp(a * c) * b, 3e-6 * exp(a * c), 3e-6 * a * exp(a * c) * b],
      [0, 1 - tanh(b - c) ** 2, -(1 - tanh(b - c) ** 2)],
    ],
    dropped: ([a, b, c]) => [
      [2e6 * cos(a) * b, 2e6 * sin(a), 0],
      [3e-6 * c * exp(a * c) * b, 3e-6 * exp(a * c), 3e-6 * exp(a * c) * b],
      [0, 1 - tanh(b - c) ** 2, -(1 - tanh(b - c) ** 2)],
    ],
  },
  {
    name: "cross product a × b",
    n: 6,
    point: () => Array.from({ length: 6 }, () => uniform(-2, 2)),
    f: ([a1, a2, a3, b1, b2, b3]) => [a2 * b3 - a3 * b2, a3 * b1 - a1 * b3, a1 * b2 - a2 * b1],
    J: ([a1, a2, a3, b1, b2, b3]) => [
      [0, b3, -b2, 0, -a3, a2],
      [-b3, 0, b1, a3, 0, -a1],
      [b2, -b1, 0, -a2, a1, 0],
    ],
    dropped: ([a1, a2, a3, b1, b2, b3]) => [
      [0, b3, -b2, 0, -a3, a2],
      [-b3, 0, b1, a3, 0, -a1],
      [b2, 0, 0, -a2, a1, 0],
    ],
  },
  {
    name: "wide dense tanh layer as a function of its input (3 × 48, rows scaled 1e-3, 1, 1e3)",
    n: 48,
    point: () => Array.from({ length: 48 }, () => uniform(-1, 1)),
    f: (x) => WIDE.map((row, i) => 10 ** (3 * i - 3) * tanh(row.reduce((s, w, k) => s + w * x[k], 0))),
    J: (x) =>
      WIDE.map((row, i) => {
        const d = 1 - tanh(row.reduce((s, w, k) => s + w * x[k], 0)) ** 2;
        return row.map((w) => 10 ** (3 * i - 3) * d * w);
      }),
    dropped: (_x) => WIDE.map((row, i) => row.map((w) => 10 ** (3 * i - 3) * w)), // the chain rule through tanh dropped
  },
];
const WIDE = Array.from({ length: 3 }, (_, i) => Array.from({ length: 48 }, (_, k) => sin(1 + 48 * i + k) / 4));
const W = [
  [0.8, -1.2, 0.3, 0.5],
  [-0.4, 0.9, 1.1, -0.7],
  [1.3, 0.2, -0.6, 0.4],
];
const b = [0.1, -0.3, 0.2];

const times = (J, t) => J.map((row) => row.reduce((s, v, k) => s + v * t[k], 0));
const timesT = (J, v) => J[0].map((_, k) => J.reduce((s, row, i) => s + row[k] * v[i], 0));

/** The forms a claimed J(x) is checked in. */
const forms = {
  jacobian: (f, x, J) => checkJacobian(f, x, J),
  "vjp full": (f, x, J) => checkVJP(f, x, (p, v) => timesT(J(p), v), { mode: "full" }),
  "jvp full": (f, x, J) => checkJVP(f, x, (p, t) => times(J(p), t), { mode: "full" }),
  "vjp directional": (f, x, J) => checkVJP(f, x, (p, v) => timesT(J(p), v), { mode: "directional", seed: 7 }),
  "jvp directional": (f, x, J) => checkJVP(f, x, (p, t) => times(J(p), t), { mode: "directional", seed: 7 }),
};

/** The seeded mistakes: each turns J into a wrong claim (or null where it does not apply at this point). */
const mistakes = {
  sign: (J, x, _map, pick) => {
    const [i, k] = pick(J(x));
    return (p) => {
      const j = J(p);
      j[i][k] = -j[i][k];
      return j;
    };
  },
  transposition: (J, x) => {
    const j0 = J(x);
    if (j0.length < 2 || j0[0].length < 2 || Math.abs(j0[0][1] - j0[1][0]) <= 1e-3 * Math.max(Math.abs(j0[0][1]), Math.abs(j0[1][0]))) return null;
    return (p) => {
      const j = J(p);
      [j[0][1], j[1][0]] = [j[1][0], j[0][1]];
      return j;
    };
  },
  "dropped term": (_J, _x, map) => map.dropped,
  "swapped row": (J, x) => {
    const j0 = J(x);
    if (j0.length < 2) return null;
    return (p) => {
      const j = J(p);
      [j[0], j[1]] = [j[1], j[0]];
      return j;
    };
  },
  "relative 1e-6 on one entry": (J, x, _map, pick) => {
    const [i, k] = pick(J(x));
    const claim = (p) => {
      const j = J(p);
      j[i][k] *= 1 + 1e-6;
      return j;
    };
    claim.entry = `J[${i}][${k}]`;
    return claim;
  },
};

/** An entry at least a tenth of its row's largest |J|, drawn at random. */
const pickEntry = (j) => {
  const large = [];
  j.forEach((row, i) => {
    const top = Math.max(...row.map(Math.abs));
    row.forEach((v, k) => {
      if (top > 0 && Math.abs(v) >= 0.1 * top) large.push([i, k]);
    });
  });
  return large[Math.floor(random() * large.length)];
};

/** Mean calls of f per map and form, for the widest map's line in the table. */
const perMap = new Map();
const tally = () => Object.fromEntries(Object.keys(forms).map((f) => [f, { cases: 0, alarms: 0, unresolved: 0, evaluations: 0, minimum: 0 }]));
const right = tally();
const wrong = Object.fromEntries(
  Object.keys(mistakes).map((m) => [m, Object.fromEntries(Object.keys(forms).map((f) => [f, { cases: 0, detected: 0, named: 0 }]))]),
);
const alarms = [];
const misses = [];
const started = performance.now();
for (const map of maps) {
  for (let p = 0; p < points; p++) {
    const x = map.point();
    for (const [form, check] of Object.entries(forms)) {
      const r = check(map.f, x, map.J);
      const t = right[form];
      t.cases++;
      t.evaluations += r.evaluations;
      const key = `${map.name}|${form}`;
      perMap.set(key, (perMap.get(key) ?? 0) + r.evaluations / points);
      t.minimum += r.minimumEvaluations;
      if (!r.ok) {
        if (r.mismatches.length === 0 && r.unresolved.length > 0) t.unresolved++;
        else {
          t.alarms++;
          alarms.push(`${form} ${map.name} at ${x.map((v) => v.toFixed(4)).join(", ")}: ${r.mismatches[0]?.name} ratio ${r.mismatches[0]?.ratio}`);
        }
      }
    }
    if (p >= mistakePoints) continue;
    for (const [mistake, plant] of Object.entries(mistakes)) {
      const claim = plant(map.J, x, map, pickEntry);
      if (claim === null) continue;
      for (const [form, check] of Object.entries(forms)) {
        const r = check(map.f, x, claim);
        const t = wrong[mistake][form];
        t.cases++;
        if (!r.ok) t.detected++;
        else misses.push(`${mistake} / ${form} / ${map.name} at ${x.map((v) => v.toFixed(4)).join(", ")}`);
        if (claim.entry && r.mismatches.length === 1 && r.mismatches[0].name === claim.entry) t.named++;
      }
    }
  }
}
const seconds = (performance.now() - started) / 1000;

console.log(
  `Jacobian benchmark: ${maps.length} vector maps, ${points} random points each for right claims, ${mistakePoints} for each mistake; seed ${seed}; ${seconds.toFixed(1)} s`,
);
console.log("\nright claims (false alarms; unresolved = the check said it could not resolve an entry, no mismatch):");
console.log("| form | cases | false alarms | unresolved | mean calls of f | mean 2n | calls / 2n |");
console.log("|---|---|---|---|---|---|---|");
for (const [form, t] of Object.entries(right))
  console.log(
    `| ${form} | ${t.cases} | ${t.alarms} | ${t.unresolved} | ${(t.evaluations / t.cases).toFixed(1)} | ${(t.minimum / t.cases).toFixed(1)} | ${(t.evaluations / t.minimum).toFixed(1)} |`,
  );
console.log("\nseeded mistakes (detected / cases):");
console.log(`| mistake | ${Object.keys(forms).join(" | ")} |`);
console.log(
  `|---|${Object.keys(forms)
    .map(() => "---")
    .join("|")}|`,
);
for (const [mistake, byForm] of Object.entries(wrong))
  console.log(
    `| ${mistake} | ${Object.values(byForm)
      .map((t) => `${t.detected} / ${t.cases}`)
      .join(" | ")} |`,
  );
console.log(
  `| … and exactly that entry named | ${Object.values(wrong["relative 1e-6 on one entry"])
    .map((t) => `${t.named} / ${t.cases}`)
    .join(" | ")} |`,
);
const wide = maps[maps.length - 1];
console.log(
  `\n${wide.name}: mean calls of f per form (2n = ${2 * wide.n}): ${Object.keys(forms)
    .map((form) => `${form} ${perMap.get(`${wide.name}|${form}`).toFixed(0)}`)
    .join(", ")}`,
);
if (alarms.length) console.log(`\nfalse alarms:\n  ${alarms.slice(0, 10).join("\n  ")}`);
if (misses.length) console.log(`\nmissed:\n  ${misses.slice(0, 10).join("\n  ")}${misses.length > 10 ? `\n  … ${misses.length} in all` : ""}`);
