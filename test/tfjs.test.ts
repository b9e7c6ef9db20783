/**
 * gradcheck/tfjs against real @tensorflow/tfjs 4.22.0 on the cpu backend: right op gradients pass,
 * a planted slip fails by name, a tie is a kink, tfjs's errors are rows, and no tensor is left behind.
 */
import * as tf from "@tensorflow/tfjs";
import { checkTfjs, formatTfjsReport, type TfjsCheckReport } from "gradcheck/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

type T = tf.Tensor;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A tensor of distinct values spread over (lo, hi), deterministic: off ties and off kinks. */
function spread(shape: number[], lo = -0.9, hi = 0.9, phase = 0): tf.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Float32Array.from({ length: n }, (_, i) => lo + (hi - lo) * ((((i + phase) * 0.618034) % 1) * 0.9 + 0.05));
  return tf.tensor(values, shape);
}

/** Checks and disposes the inputs, asserting the report passed (its table as the message). */
async function passes(fn: (...xs: T[]) => T | T[], inputs: T[] | Record<string, T>, options = {}): Promise<TfjsCheckReport> {
  const before = tf.memory().numTensors;
  const report = await checkTfjs(tf, fn, inputs, options);
  expect(tf.memory().numTensors).toBe(before);
  expect(report.ok, formatTfjsReport(report)).toBe(true);
  tf.dispose(Object.values(inputs));
  return report;
}

describe("right tfjs gradients pass", () => {
  const elementwise: [string, (x: T) => T, number, number][] = [
    ["sin", tf.sin, -2, 2],
    ["tanh", tf.tanh, -2, 2],
    ["sigmoid", tf.sigmoid, -3, 3],
    ["exp", tf.exp, -1, 1],
    ["log", tf.log, 0.2, 3],
    ["sqrt", tf.sqrt, 0.2, 3],
    ["square", tf.square, -2, 2],
    ["reciprocal", tf.reciprocal, 0.5, 2],
    ["softplus", tf.softplus, -2, 2],
    ["elu", tf.elu, -2, 2],
    ["selu", tf.selu, -2, 2],
    ["erf", tf.erf, -1.5, 1.5],
    ["atan", tf.atan, -2, 2],
    ["asin", tf.asin, -0.8, 0.8],
    ["abs (off 0)", tf.abs, 0.1, 2],
    ["relu (off 0)", tf.relu, 0.1, 2],
    ["log1p", tf.log1p, -0.5, 2],
    ["rsqrt", tf.rsqrt, 0.3, 2],
  ];
  it.each(elementwise)("%s", async (_, op, lo, hi) => {
    await passes((x) => op(x), [spread([2, 3], lo, hi)]);
  });

  it("binary ops with broadcasting: add, sub, mul, div, atan2, pow, maximum (no ties); squaredDifference without", async () => {
    const ops: ((a: T, b: T) => T)[] = [tf.add, tf.sub, tf.mul, tf.div, tf.atan2];
    for (const op of ops) await passes((a, b) => op(a, b), [spread([2, 3], -1, 1), spread([3], 0.5, 1.5, 1)]);
    await passes((a, b) => tf.pow(a, b), [spread([2, 3], 0.5, 2), spread([3], 0.5, 2.5, 2)]);
    await passes((a, b) => tf.maximum(a, b), [spread([4], -1, 1), spread([4], -1, 1, 7)]);
    await passes((a, b) => tf.squaredDifference(a, b), [spread([2, 3], -1, 1), spread([2, 3], 0.5, 1.5, 1)]);
  });

  it("reductions along an axis, keepDims or not: sum, mean, prod, max, min, logSumExp, norm, softmax, logSoftmax, cumsum", async () => {
    await passes((x) => tf.sum(x, 1), [spread([3, 4])]);
    await passes((x) => tf.mean(x, 0, true), [spread([3, 4])]);
    await passes((x) => tf.prod(x, 1), [spread([2, 3], 0.5, 1.5)]);
    await passes((x) => tf.max(x, 1), [spread([3, 4])]);
    await passes((x) => tf.min(x, 0), [spread([3, 4])]);
    await passes((x) => tf.logSumExp(x, 1), [spread([3, 4])]);
    await passes((x) => tf.norm(x), [spread([3, 4])]);
    await passes((x) => tf.softmax(x), [spread([2, 4])]);
    await passes((x) => tf.logSoftmax(x), [spread([2, 4])]);
    await passes((x) => tf.cumsum(x, 1), [spread([2, 4])]);
  });

  it("matMul, transposed or not; a several-output function", async () => {
    await passes((a, b) => tf.matMul(a, b), [spread([2, 3]), spread([3, 2], -1, 1, 3)]);
    await passes((a, b) => tf.matMul(a, b, true, true), [spread([3, 2]), spread([2, 3], -1, 1, 3)]);
    await passes((a, b) => [tf.matMul(a, b), tf.sum(tf.square(a))], [spread([2, 3]), spread([3, 2], -1, 1, 3)]);
  });

  it("conv2d (same and valid, strided), depthwiseConv2d, maxPool (distinct values), avgPool (valid; its same-padding gradient is wrong, docs/tfjs.md)", async () => {
    await passes((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"), [spread([1, 4, 4, 2]), spread([3, 3, 2, 2], -0.5, 0.5, 5)]);
    await passes((x, w) => tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 2, "valid"), [spread([1, 5, 5, 1]), spread([2, 2, 1, 2], -0.5, 0.5, 5)]);
    await passes(
      (x, w) => tf.depthwiseConv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, "same"),
      [spread([1, 3, 3, 2]), spread([3, 3, 2, 1], -0.5, 0.5, 5)],
    );
    await passes((x) => tf.maxPool(x as tf.Tensor4D, 2, 2, "valid"), [spread([1, 4, 4, 1])]);
    await passes((x) => tf.avgPool(x as tf.Tensor4D, 2, 1, "valid"), [spread([1, 3, 3, 2])]);
  });

  it("resizeBilinear and resizeNearestNeighbor (default attributes)", async () => {
    await passes((x) => tf.image.resizeBilinear(x as tf.Tensor4D, [5, 5]), [spread([1, 3, 3, 1])]);
    await passes((x) => tf.image.resizeNearestNeighbor(x as tf.Tensor4D, [4, 4]), [spread([1, 2, 2, 1])]);
  });

  it("losses: mean squared error, softmax and sigmoid cross-entropy, huber, log loss", async () => {
    const labels = tf.tensor([
      [0, 1, 0],
      [1, 0, 0],
    ]);
    await passes((p) => tf.losses.meanSquaredError(labels, p), [spread([2, 3])]);
    await passes((logits) => tf.losses.softmaxCrossEntropy(labels, logits), [spread([2, 3], -2, 2)]);
    await passes((logits) => tf.losses.sigmoidCrossEntropy(labels, logits), [spread([2, 3], -2, 2)]);
    await passes((p) => tf.losses.huberLoss(labels, p), [spread([2, 3], -0.4, 0.4)]);
    await passes((p) => tf.losses.logLoss(labels, p), [spread([2, 3], 0.1, 0.9)]);
    labels.dispose();
  });

  it("a small dense network's weights, named by the record's keys", async () => {
    const x = spread([4, 3], -1, 1, 11);
    const y = spread([4, 2], -1, 1, 13);
    const net = (W1: T, b1: T, W2: T, b2: T) => tf.losses.meanSquaredError(y, tf.add(tf.matMul(tf.tanh(tf.add(tf.matMul(x, W1), b1)), W2), b2));
    const report = await passes(net, { W1: spread([3, 4]), b1: spread([4], -0.2, 0.2), W2: spread([4, 2], -1, 1, 2), b2: spread([2], -0.1, 0.1) });
    expect(report.inputs.map((s) => [s.name, s.checked])).toEqual([
      ["W1", 12],
      ["b1", 4],
      ["W2", 8],
      ["b2", 2],
    ]);
    tf.dispose([x, y]);
  });

  it("a small conv network: conv2d, relu off its kink, avgPool, dense, softmax cross-entropy", async () => {
    const image = spread([1, 4, 4, 1], 0.1, 1);
    const label = tf.tensor([[0, 1]]);
    const net = (k: T, W: T) => {
      const h = tf.avgPool(tf.relu(tf.conv2d(image as tf.Tensor4D, k as tf.Tensor4D, 1, "valid")), 2, 1, "valid");
      return tf.losses.softmaxCrossEntropy(label, tf.matMul(tf.reshape(h, [1, -1]), W));
    };
    await passes(net, { k: spread([2, 2, 1, 2], 0.05, 0.6), W: spread([8, 2], -1, 1, 4) });
    tf.dispose([image, label]);
  });
});

describe("wrong and non-differentiable gradients", () => {
  /** sin with a planted slip in its custom gradient: cos(1.01 x) for cos(x). */
  const slipped = tf.customGrad((x, save) => {
    (save as tf.GradSaveFunc)([x as T]);
    return { value: tf.sin(x as T), gradFunc: (dy, [saved]) => tf.mul(dy, tf.cos(tf.mul(saved, 1.01))) };
  });

  it("a tf.customGrad with a planted slip fails, naming the coordinates, in its own words", async () => {
    const x = tf.tensor([0.3, 1.2, -0.5]);
    const report = await checkTfjs(tf, (a) => slipped(a), { a: x });
    expect(report.ok).toBe(false);
    expect(report.mismatches.map((m) => m.name).sort()).toEqual(["a[0]", "a[1]", "a[2]"]);
    expect(report.inputs[0]).toMatchObject({ name: "a", mismatches: 3 });
    expect(formatTfjsReport(report)).toMatch(/✗ a\[1\] \(along v1\): tfjs/);
    x.dispose();
  });

  it("a tie in max is reported as not differentiable, not as a mismatch", async () => {
    const x = tf.tensor([0.3, 0.7, 0.7, -0.5]);
    const report = await checkTfjs(tf, (a) => tf.max(a), [x]);
    expect(report.mismatches).toEqual([]);
    expect(report.nonDifferentiable.map((k) => k.name)).toEqual(["input[1]", "input[2]"]);
    x.dispose();
  });

  it("the same max off the tie is judged, and passes", async () => {
    const x = tf.tensor([0.3, 0.7, 0.69, -0.5]);
    const report = await checkTfjs(tf, (a) => tf.max(a), [x]);
    expect(report.ok).toBe(true);
    expect(report.nonDifferentiable).toEqual([]);
    x.dispose();
  });
});

describe("tfjs's own errors are rows, and no tensor is left behind", () => {
  it("a gradient tfjs cannot compute (squaredDifference's broadcast) is ok: false with the error, and leaks nothing", async () => {
    const [a, b] = [spread([2, 3]), spread([3], 0.5, 1.5)];
    const before = tf.memory().numTensors;
    const report = await checkTfjs(tf, (p, q) => tf.squaredDifference(p, q), [a, b]);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.ok).toBe(false);
    expect(report.errors).toMatchObject([{ stage: "gradient", cotangent: "v1" }]);
    expect(report.errors[0].message).toMatch(/SquaredDifference/);
    tf.dispose([a, b]);
  });

  it("(the leak is tfjs's own: the same gradient through plain tf.tidy and tf.grads leaves tensors behind)", () => {
    const [a, b] = [spread([2, 3]), spread([3], 0.5, 1.5)];
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => tf.grads((p: T, q: T) => tf.sum(tf.squaredDifference(p, q)))([a, b]))).toThrow(/SquaredDifference/);
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    // a successful tf.grads starts a fresh tape: the leaked tensors stay leaked, out of later tests' way
    tf.dispose(tf.grads((p: T) => tf.sum(p))([a]));
    tf.dispose([a, b]);
  });

  it("a shape error in fn is a forward row at the given inputs", async () => {
    const a = spread([1, 3]);
    const before = tf.memory().numTensors;
    const report = await checkTfjs(tf, (p) => tf.matMul(p, tf.ones([5, 2])), [a]);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.errors).toMatchObject([{ stage: "forward", cotangent: "" }]);
    expect(report.errors[0].message).toMatch(/inner shapes/);
    a.dispose();
  });

  it("fn that throws only away from the point (a perturbed evaluation) is a forward row naming where", async () => {
    const a = tf.tensor([0.5, 0.25]);
    const fussy = (p: T) => {
      const v = p.dataSync();
      if (v[0] !== 0.5) throw new Error("moved");
      return tf.sum(tf.square(p));
    };
    const before = tf.memory().numTensors;
    const report = await checkTfjs(tf, fussy, [a]);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.ok).toBe(false);
    expect(report.errors[0]).toMatchObject({ stage: "forward", cotangent: "y" });
    expect(report.errors[0].message).toMatch(/moved.*input\[0\]/);
    a.dispose();
  });

  it("a custom gradient that throws leaks nothing either", async () => {
    const broken = tf.customGrad((x, save) => {
      (save as tf.GradSaveFunc)([x as T]);
      return {
        value: tf.square(x as T),
        gradFunc: () => {
          throw new Error("no gradient here");
        },
      };
    });
    const x = spread([4]);
    const before = tf.memory().numTensors;
    const report = await checkTfjs(tf, (p) => broken(p), [x]);
    expect(tf.memory().numTensors).toBe(before);
    expect(report.errors[0]).toMatchObject({ stage: "gradient", message: "Error: no gradient here" });
    x.dispose();
  });
});

describe("options and inputs", () => {
  it("wrt holds the other inputs constant; int32 inputs are constants by default", async () => {
    const [W, x] = [spread([2, 3]), spread([3, 1], -1, 1, 4)];
    const indices = tf.tensor([1, 0], [2], "int32");
    const report = await checkTfjs(tf, (w, v, i) => tf.gather(tf.matMul(w, v), i), { W, x, i: indices }, { wrt: ["W"] });
    expect(report.ok, formatTfjsReport(report)).toBe(true);
    expect(report.inputs.map((s) => [s.name, s.differentiated, s.checked])).toEqual([
      ["W", true, 6],
      ["x", false, 0],
      ["i", false, 0],
    ]);
    await expect(checkTfjs(tf, (w) => w, { W }, { wrt: ["V"] })).rejects.toThrow(/options.wrt/);
    tf.dispose([W, x, indices]);
  });

  it("the full Jacobian checks one output coordinate per run, named by it", async () => {
    const [a, b] = [spread([2, 2]), spread([2, 2], -1, 1, 3)];
    const report = await checkTfjs(tf, (p, q) => tf.matMul(p, q), [a, b], { jacobian: true });
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.cotangent)).toEqual(["y[0,0]", "y[0,1]", "y[1,0]", "y[1,1]"]);
    const two = await checkTfjs(tf, (p, q) => tf.matMul(p, q), [a, b], { cotangents: 2, seed: 7 });
    expect(two.checks.map((c) => c.cotangent)).toEqual(["v1", "v2"]);
    expect(two.seed).toBe(7);
    tf.dispose([a, b]);
  });

  it("counts the evaluations: 1 at the point plus checkGradient's, and one gradient per cotangent", async () => {
    const x = spread([3]);
    const report = await checkTfjs(tf, (p) => tf.sum(tf.exp(p)), [x]);
    expect(report.evaluations).toBe(1 + report.checks[0].report.evaluations);
    expect(report.gradients).toBe(1);
    x.dispose();
  });

  it("refuses unknown options and non-tensor inputs", async () => {
    const x = spread([2]);
    await expect(checkTfjs(tf, (p) => p, [x], { precision: "float64" } as never)).rejects.toThrow(/options.precision/);
    await expect(checkTfjs(tf, (p) => p, [[1, 2]] as never)).rejects.toThrow(/a tfjs Tensor/);
    x.dispose();
  });

  it("on a backend that cannot read synchronously, awaits data() and replays the check to the same verdict", async () => {
    const x = spread([2, 2]);
    const fn = (p: T) => tf.sum(tf.tanh(tf.matMul(p, p)));
    const sync = await checkTfjs(tf, fn, [x]);
    const prototype = tf.Tensor.prototype as { dataSync: () => unknown };
    const dataSync = prototype.dataSync;
    prototype.dataSync = () => {
      throw new Error("this backend reads asynchronously");
    };
    let replayedReport: TfjsCheckReport;
    try {
      replayedReport = await checkTfjs(tf, fn, [x]);
    } finally {
      prototype.dataSync = dataSync;
    }
    expect(replayedReport.sync).toBe(false);
    expect(replayedReport.ok).toBe(true);
    expect(Array.from(replayedReport.checks[0].report.numeric)).toEqual(Array.from(sync.checks[0].report.numeric));
    x.dispose();
  });
});

describe("a layer's weights", () => {
  it("are checked through the layer itself, passed as its tf.Variables, and restored after", async () => {
    const layer = tf.layers.dense({ units: 2, activation: "tanh", inputShape: [3], kernelInitializer: "glorotNormal" });
    const model = tf.sequential({ layers: [layer] });
    const x = spread([4, 3], -1, 1, 3);
    const y = spread([4, 2], -0.5, 0.5, 5);
    const [kernel, bias] = layer.weights.map((w) => w.read() as tf.Variable);
    const kept = kernel.dataSync().slice();
    const before = tf.memory().numTensors;
    const report = await checkTfjs(tf, () => tf.losses.meanSquaredError(y, model.predict(x) as T), { kernel, bias });
    expect(tf.memory().numTensors).toBe(before);
    expect(report.ok, formatTfjsReport(report)).toBe(true);
    expect(report.inputs.map((s) => [s.name, s.checked])).toEqual([
      ["kernel", 6],
      ["bias", 2],
    ]);
    // not vacuous: both gradients are far from 0 (an unassigned variable would give 0 numerically)
    const { analytic, numeric } = report.checks[0].report;
    expect(Math.max(...Array.from(analytic, Math.abs))).toBeGreaterThan(0.01);
    expect(Math.max(...Array.from(numeric, Math.abs))).toBeGreaterThan(0.01);
    expect(Array.from(kernel.dataSync())).toEqual(Array.from(kept));
    model.dispose();
    tf.dispose([x, y]);
  });
});
