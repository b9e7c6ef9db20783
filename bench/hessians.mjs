// The Hessian benchmark: five scalar functions with hand-written Hessians, each at `points` seeded
// random points (default 100): the right Hessian (a false alarm if it fails), and seeded mistakes —
// a sign, a transposition (of an asymmetric part, or of a product's factors), a dropped term, and
// one entry off by 1e-6·max |H|. A mistake counts where it moves some entry by ≥ 1e-6·max |H| and
// that entry's bound in the right check is below the error put in ("resolved"); otherwise it is
// listed as below resolution. Also: evaluations of f per check against the n² minimum.
// Then the engine's own ∇²e(w) (checkNetworkHessian, allowUnresolved) on `networks` random small
// networks per row (default 500; networkCase, depth ≤ 3, widths ≤ 3, one sample, fast-check seeded
// with `seed`): ordinary and saturating weights, without and with relu (kept off its kinks,
// hessianKinkFree). A right Hessian, so every mismatch and asymmetric pair is a false alarm; and
// the same Hessian with its largest entry moved by 1e-6·max |H| (where that entry is resolved),
// judged under default options: detected when the check fails.
// Usage: npm run build && node bench/hessians.mjs [points] [seed] [networks]
import fc from "fast-check";
import { hessianKinkFree } from "../dist/arbitraries/backprop.js";
import { heads, networkCase } from "../dist/arbitraries/index.js";
import { checkHessian, checkNetworkHessian, createNetwork, networkHessian } from "../dist/index.js";
import { networkHessianWith } from "../dist/network/hessian.js";
import { mulberry } from "./random-networks.mjs";

const points = Number(process.argv[2] ?? 100);
const seed = Number(process.argv[3] ?? 1);
const networks = Number(process.argv[4] ?? 500);
const random = mulberry(seed);
const uniform = (a, b) => a + (b - a) * random.next();
const vector = (n, a = -1.5, b = 1.5) => Array.from({ length: n }, () => uniform(a, b));
const matrix = (m, n, a = -1, b = 1) => Array.from({ length: m }, () => vector(n, a, b));
const zeros = (n) => Array.from({ length: n }, () => new Array(n).fill(0));
const outer = (u, v) => u.map((a) => v.map((b) => a * b));
const add = (P, Q, s = 1) => P.map((row, i) => row.map((v, j) => v + s * Q[i][j]));
const transpose = (P) => P[0].map((_, j) => P.map((row) => row[j]));
const mul = (P, Q) => P.map((row) => Q[0].map((_, j) => row.reduce((s, v, k) => s + v * Q[k][j], 0)));
const diag = (v) => v.map((a, i) => v.map((_, j) => (i === j ? a : 0)));

/** Rosenbrock in n = 4: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)². */
function rosenbrock() {
  const n = 4;
  const f = (x) => {
    let s = 0;
    for (let i = 0; i + 1 < n; i++) s += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
    return s;
  };
  const hessian = (x, mistake) => {
    const H = zeros(n);
    for (let i = 0; i + 1 < n; i++) {
      const dropped = mistake === "dropped" ? 0 : -400 * x[i + 1];
      H[i][i] += 1200 * x[i] ** 2 + dropped + 2;
      const off = mistake === "sign" ? 400 * x[i] : mistake === "transposition" ? -400 * x[i + 1] : -400 * x[i];
      H[i][i + 1] += off;
      H[i + 1][i] += mistake === "transposition" ? -400 * x[i] : off;
      H[i + 1][i + 1] += 200;
    }
    return H;
  };
  return { name: "Rosenbrock (n = 4)", n, f, hessian, point: () => vector(n) };
}

/** log Σ_k exp(a_kᵀx + b_k), A 4×4: H = Aᵀ (diag p − p pᵀ) A. */
function logSumExp() {
  const n = 4;
  const A = matrix(n, n);
  const b = vector(n);
  const probabilities = (x) => {
    const s = A.map((row, k) => row.reduce((t, v, j) => t + v * x[j], b[k]));
    const m = Math.max(...s);
    const e = s.map((v) => Math.exp(v - m));
    const total = e.reduce((t, v) => t + v, 0);
    return { p: e.map((v) => v / total), lse: m + Math.log(total) };
  };
  const f = (x) => probabilities(x).lse;
  const hessian = (x, mistake) => {
    const { p } = probabilities(Array.from(x));
    const middle = mistake === "dropped" ? diag(p) : add(diag(p), outer(p, p), mistake === "sign" ? 1 : -1);
    return mistake === "transposition" ? mul(mul(A, middle), transpose(A)) : mul(mul(transpose(A), middle), A);
  };
  return { name: "log-sum-exp of Ax + b (n = 4)", n, f, hessian, point: () => vector(n) };
}

/** ½ xᵀ A x + ¼ Σ x_i⁴ with A not symmetric: H = (A + Aᵀ)/2 + diag(3 x_i²). */
function quadraticForm() {
  const n = 5;
  const A = matrix(n, n, -2, 2);
  const f = (x) => {
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += 0.5 * x[i] * A[i][j] * x[j];
    for (let i = 0; i < n; i++) s += 0.25 * x[i] ** 4;
    return s;
  };
  const hessian = (x, mistake) => {
    // transposition: A where (A + Aᵀ)/2 belongs (the asymmetric part kept, its transpose not added)
    const quadratic = mistake === "transposition" ? A : A.map((row, i) => row.map((v, j) => 0.5 * (v + A[j][i])));
    const quartic = diag(Array.from(x, (v) => 3 * v * v));
    return mistake === "dropped" ? quadratic : add(quadratic, quartic, mistake === "sign" ? -1 : 1);
  };
  return { name: "quadratic form + quartic (n = 5)", n, f, hessian, point: () => vector(n) };
}

/** Logistic loss Σ_m log(1 + exp(−y_m zᵀ_m w)) + λ/2 ‖w‖², Z 4×4: H = Zᵀ diag(σ(1 − σ)) Z + λ I. */
function logistic() {
  const n = 4;
  const Z = matrix(n, n, -2, 2);
  const y = Z.map(() => (random.next() < 0.5 ? -1 : 1));
  const lambda = 0.1;
  const margins = (w) => Z.map((z, m) => y[m] * z.reduce((t, v, j) => t + v * w[j], 0));
  const f = (w) => {
    let s = 0;
    for (const t of margins(w)) s += Math.max(-t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    for (const v of w) s += 0.5 * lambda * v * v;
    return s;
  };
  const hessian = (w, mistake) => {
    const weights = margins(Array.from(w)).map((t) => {
      const s = 1 / (1 + Math.exp(-t));
      return s * (1 - s);
    });
    const D = diag(weights);
    const data = mistake === "transposition" ? mul(mul(Z, D), transpose(Z)) : mul(mul(transpose(Z), D), Z);
    if (mistake === "dropped") return data;
    return add(data, diag(new Array(n).fill(lambda)), mistake === "sign" ? -1 : 1);
  };
  return { name: "logistic loss + ridge (n = 4)", n, f, hessian, point: () => vector(n, -1, 1) };
}

/** The engine's e(w) of a [2, 3, 1] tanh network; hessian: networkHessian (R-operator), mistakes in θ''. */
function networkError() {
  const spec = { layers: [2, 3, 1], activation: "tanh" };
  const input = [0.7, -0.4];
  const target = [0.3];
  const network = createNetwork(spec);
  const n = network.parameters.length;
  const f = (w) => {
    network.parameters.set(w);
    return network.error(input, target);
  };
  const tanhSecond = (x) => -2 * x * (1 - x * x);
  const rules = {
    sign: { second: (a, _s, x) => (a === "tanh" ? -tanhSecond(x) : 0) },
    // dropped: θ'' = 0, the Gauss–Newton approximation passed off as the Hessian
    dropped: { second: () => 0 },
  };
  const hessian = (w, mistake) => {
    network.parameters.set(w);
    if (mistake === "sign" || mistake === "dropped") return networkHessianWith(network, input, target, rules[mistake]).map((r) => Array.from(r));
    const H = networkHessian(network, input, target).map((r) => Array.from(r));
    // transposition: the block of layer 2 against layer 1 given transposed in place (rows and columns swapped within it)
    if (mistake === "transposition")
      for (let i = 0; i < 3; i++) for (let k = i + 1; k < 3; k++) [H[i][9 + k], H[k][9 + i]] = [H[k][9 + i], H[i][9 + k]];
    return H;
  };
  return { name: "network error e(w), [2, 3, 1] tanh (n = 13)", n, f, hessian, point: () => vector(n, -1, 1) };
}

const mistakes = ["sign", "transposition", "dropped", "relative 1e-6"];

function run(problem) {
  const row = { name: problem.name, n: problem.n, right: 0, falseAlarms: 0, evaluations: 0 };
  for (const m of mistakes) row[m] = { cases: 0, detected: 0, belowResolution: 0, unchanged: 0 };
  for (let p = 0; p < points; p++) {
    const x = problem.point();
    const right = problem.hessian(Float64Array.from(x));
    const report = checkHessian(problem.f, x, right);
    row.right++;
    row.evaluations += report.evaluations;
    if (!report.ok) row.falseAlarms++;
    const scale = Math.max(...right.flat().map(Math.abs));
    for (const m of mistakes) {
      let wrong;
      if (m === "relative 1e-6") {
        wrong = right.map((r) => r.slice());
        const [i, j] = [Math.floor(random.next() * problem.n), Math.floor(random.next() * problem.n)];
        wrong[i][j] += (random.next() < 0.5 ? -1 : 1) * 1e-6 * scale;
      } else wrong = problem.hessian(Float64Array.from(x), m);
      // where the mistake shows: entries moved by ≥ 1e-6·max |H|, resolved ones among them
      let moved = false;
      let visible = false;
      for (let i = 0; i < problem.n; i++)
        for (let j = 0; j < problem.n; j++) {
          const d = Math.abs(wrong[i][j] - right[i][j]);
          if (d >= 1e-6 * scale * (1 - 1e-9)) {
            moved = true;
            if (d > report.bound[i][j]) visible = true;
          }
        }
      const tally = row[m];
      if (!moved) {
        tally.unchanged++;
        continue;
      }
      if (!visible) {
        tally.belowResolution++;
        continue;
      }
      tally.cases++;
      if (!checkHessian(problem.f, x, wrong).ok) tally.detected++;
    }
  }
  return row;
}

const rows = [rosenbrock(), logSumExp(), quadraticForm(), logistic(), networkError()].map(run);
console.log(`Hessian benchmark: ${points} random points per function, seed ${seed}`);
console.log(`${"function".padEnd(46)}${"false alarms".padEnd(15)}${mistakes.map((m) => `${m} detected`.padEnd(26)).join("")}evaluations / n²`);
for (const r of rows) {
  const cells = mistakes.map((m) => {
    const t = r[m];
    const extra = [t.belowResolution > 0 ? `${t.belowResolution} unres.` : "", t.unchanged > 0 ? `${t.unchanged} no-op` : ""]
      .filter(Boolean)
      .join(", ");
    return `${t.detected}/${t.cases}${extra ? ` (${extra})` : ""}`.padEnd(26);
  });
  console.log(
    `${r.name.padEnd(46)}${`${r.falseAlarms}/${r.right}`.padEnd(15)}${cells.join("")}${(r.evaluations / r.right / r.n ** 2).toFixed(2)} (${r.evaluations / r.right} calls)`,
  );
}

const smooth = ["tanh", "sigmoid", "identity"];
// Every head but relu (its θ'' is 0 away from the kink; the relu rows add it back).
const smoothHeads = heads.filter((h) => h.activation !== "relu");
const networkRows = [
  { name: "ordinary weights, tanh/sigmoid/identity", weights: "ordinary", hidden: smooth, heads: smoothHeads },
  { name: "saturating weights, tanh/sigmoid/identity", weights: "saturating", hidden: smooth, heads: smoothHeads },
  {
    name: "ordinary weights, with relu",
    weights: "ordinary",
    hidden: [...smooth, "relu"],
    heads: [...smoothHeads, { activation: "relu", loss: "squared" }],
  },
  {
    name: "saturating weights, with relu",
    weights: "saturating",
    hidden: [...smooth, "relu"],
    heads: [...smoothHeads, { activation: "relu", loss: "squared" }],
  },
];
console.log(`\nThe engine's ∇²e(w), checkNetworkHessian (allowUnresolved): ${networks} random networks per row, seed ${seed}`);
console.log(
  `${"networks".padEnd(46)}${"checked".padEnd(9)}${"entries".padEnd(10)}${"mismatch".padEnd(10)}${"asymmetric".padEnd(12)}${"unresolved".padEnd(12)}${"kinks".padEnd(7)}${"worst ratio".padEnd(13)}1e-6·max |H| moved: detected`,
);
for (const row of networkRows) {
  const cases = fc.sample(networkCase({ maxDepth: 3, maxWidth: 3, hidden: row.hidden, heads: row.heads, weights: [row.weights] }, 1), {
    numRuns: networks,
    seed,
  });
  const t = { checked: 0, entries: 0, mismatch: 0, asymmetric: 0, unresolved: 0, kinks: 0, worst: 0, moved: 0, detected: 0 };
  for (const c of cases) {
    const { input, target } = c.samples[0];
    if (!hessianKinkFree(c.network, c.samples[0])) continue;
    const r = checkNetworkHessian(c.network, input, target, { allowUnresolved: true });
    t.checked++;
    t.entries += r.n * r.n;
    if (r.mismatches.length) t.mismatch++;
    if (r.asymmetry.length) t.asymmetric++;
    if (r.unresolved.length) t.unresolved++;
    if (r.nonDifferentiable.length) t.kinks++;
    t.worst = Math.max(t.worst, r.maxRatio);
    const H = networkHessian(c.network, input, target);
    let [bi, bj] = [0, 0];
    for (let i = 0; i < r.n; i++) for (let j = 0; j < r.n; j++) if (Math.abs(H[i][j]) > Math.abs(H[bi][bj])) [bi, bj] = [i, j];
    const scale = Math.abs(H[bi][bj]);
    if (!(scale > 0) || !(r.bound[bi][bj] < 1e-6 * scale)) continue;
    H[bi][bj] += 1e-6 * scale;
    t.moved++;
    if (!checkNetworkHessian(c.network, input, target, {}, () => H).ok) t.detected++;
  }
  console.log(
    `${row.name.padEnd(46)}${String(t.checked).padEnd(9)}${String(t.entries).padEnd(10)}${String(t.mismatch).padEnd(10)}${String(t.asymmetric).padEnd(12)}${String(t.unresolved).padEnd(12)}${String(t.kinks).padEnd(7)}${t.worst.toFixed(2).padEnd(13)}${t.detected}/${t.moved}`,
  );
}
