// Seeded random networks of every activation and loss, for the verdict benchmark and its CI-sized
// test. The library is passed in ({ createNetwork, checkNetwork }), so that the benchmark can use the
// build in dist/ and the test the sources.

export function mulberry(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, normal, pick };
}

const hidden = ["tanh", "sigmoid", "relu", "identity"];
/** Output activation and loss pairs: every activation with squared error, and both cross-entropy forms. */
const outputs = [
  ["tanh", "squared"],
  ["sigmoid", "squared"],
  ["relu", "squared"],
  ["identity", "squared"],
  ["softmax", "squared"],
  ["softmax", "cross-entropy"],
  ["sigmoid", "cross-entropy"],
];

/** A random network (depth 1–4, widths 1–8, weight scale 0.5–4) with 1–3 valid samples. */
export function randomCase(random, { createNetwork }) {
  const [out, loss] = random.pick(outputs);
  const L = 1 + Math.floor(random.next() * 4);
  const layers = Array.from({ length: L + 1 }, () => 1 + Math.floor(random.next() * 8));
  if (out === "sigmoid" && loss === "cross-entropy") layers[L] = 1;
  const activation = [...Array.from({ length: L - 1 }, () => random.pick(hidden)), out];
  const spec = { layers, activation, loss };
  const scale = random.pick([0.5, 1, 2, 4]);
  const probe = createNetwork(spec);
  const parameters = Array.from(probe.parameters, () => (scale * random.normal()) / Math.sqrt(layers[0] + 1));
  const network = createNetwork(spec, parameters);
  const samples = Array.from({ length: 1 + Math.floor(random.next() * 3) }, () => ({
    input: Array.from({ length: layers[0] }, () => random.normal()),
    target: target(random, layers[L], out, loss),
  }));
  return { network, samples, description: `${JSON.stringify(layers)} ${activation.join(",")} ${loss} scale ${scale}` };
}

function target(random, width, out, loss) {
  if (loss === "squared") return Array.from({ length: width }, () => random.normal());
  if (out === "sigmoid") return [random.next()];
  const raw = Array.from({ length: width }, () => random.next());
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / sum);
}
