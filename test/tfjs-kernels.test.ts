/**
 * checkKernelGradient and checkCustomGrad on real tfjs (cpu): a kernel gradient checked without
 * its op wrapper, as a contributor writing a new one would; a custom gradient checked against the
 * numerical derivative and against autodiff of its forward pass.
 */
import * as tf from "@tensorflow/tfjs";
import { checkCustomGrad, checkKernelGradient, formatTfjsReport } from "gradcheck/tfjs";
import { beforeAll, describe, expect, it } from "vitest";

type T = tf.Tensor;

/** A cpu kernel computing x³ elementwise, as a contributor would add one. */
function registerCube(kernelName: string, derivative: (x: T) => T | undefined): void {
  tf.registerKernel({
    kernelName,
    backendName: "cpu",
    kernelFunc: ({ inputs, backend }) => {
      const x = inputs.x as tf.TensorInfo;
      const cpu = backend as unknown as {
        data: { get(id: object): { values: Float32Array } };
        makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
      };
      const values = cpu.data.get(x.dataId).values.map((v) => v ** 3);
      return cpu.makeTensorInfo(x.shape, "float32", values);
    },
  });
  const rule = derivative(tf.scalar(0));
  if (rule === undefined) return;
  rule.dispose();
  tf.registerGradient({ kernelName, inputsToSave: ["x"], gradFunc: (dy, [x]) => ({ x: () => tf.mul(dy as T, derivative(x) as T) }) });
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  registerCube("GradcheckCube", (x) => tf.mul(3, tf.square(x)));
  registerCube("GradcheckCubeSlipped", (x) => tf.mul(2, tf.square(x)));
  registerCube("GradcheckCubeNoGradient", () => undefined);
});

describe("checkKernelGradient", () => {
  it("passes tfjs's own registered gradients: Prod along an axis, Conv2D strided, Softmax", async () => {
    const x = tf.tensor([
      [0.5, 1.5, -0.7],
      [1.2, -0.4, 0.9],
    ]);
    const image = tf.tensor(
      Float32Array.from({ length: 25 }, (_, i) => Math.sin(i + 1)),
      [1, 5, 5, 1],
    );
    const filter = tf.tensor(
      Float32Array.from({ length: 8 }, (_, i) => Math.cos(i + 2) / 2),
      [2, 2, 1, 2],
    );
    const before = tf.memory().numTensors;
    const prod = await checkKernelGradient(tf, "Prod", { x }, { axis: [1], keepDims: false });
    expect(prod.ok, formatTfjsReport(prod)).toBe(true);
    const softmax = await checkKernelGradient(tf, "Softmax", { logits: x }, { dim: -1 });
    expect(softmax.ok, formatTfjsReport(softmax)).toBe(true);
    const conv = await checkKernelGradient(
      tf,
      "Conv2D",
      { x: image, filter },
      { strides: [2, 2], pad: "valid", dataFormat: "NHWC", dilations: [1, 1] },
    );
    expect(conv.ok, formatTfjsReport(conv)).toBe(true);
    expect(conv.inputs.map((s) => s.name)).toEqual(["x", "filter"]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, image, filter]);
  });

  it("passes a new kernel's right gradient and fails a slipped one, by the kernel's input names", async () => {
    const x = tf.tensor([0.5, -1.2, 0.8]);
    const before = tf.memory().numTensors;
    expect((await checkKernelGradient(tf, "GradcheckCube", { x })).ok).toBe(true);
    const slipped = await checkKernelGradient(tf, "GradcheckCubeSlipped", { x });
    expect(slipped.ok).toBe(false);
    expect(slipped.mismatches.map((m) => m.name).sort()).toEqual(["x[0]", "x[1]", "x[2]"]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("names a kernel with no registered gradient as a gradient row", async () => {
    const x = tf.tensor([0.5]);
    const report = await checkKernelGradient(tf, "GradcheckCubeNoGradient", { x });
    expect(report.ok).toBe(false);
    expect(report.errors).toMatchObject([
      { stage: "gradient", message: expect.stringMatching(/no gradient is registered for kernel "GradcheckCubeNoGradient"/) },
    ]);
    x.dispose();
  });
});

describe("checkCustomGrad", () => {
  const square = (slip: number) => (x: T | tf.GradSaveFunc, save: T | tf.GradSaveFunc) => {
    (save as tf.GradSaveFunc)([x as T]);
    return { value: tf.square(x as T), gradFunc: (dy: T | T[], [saved]: T[]) => tf.mul(dy as T, tf.mul(2 + slip, saved)) };
  };

  it("passes a right custom gradient, which agrees with autodiff of its forward pass", async () => {
    const x = tf.tensor([0.5, -1.5, 2]);
    const before = tf.memory().numTensors;
    const report = await checkCustomGrad(tf, square(0), [x]);
    expect(report.ok).toBe(true);
    expect(report.autodiff.ok).toBe(true);
    expect(report.disagreements).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it("fails a slipped custom gradient, which disagrees with autodiff at every coordinate, named", async () => {
    const x = tf.tensor([0.5, -1.5, 2]);
    const report = await checkCustomGrad(tf, square(0.01), { x });
    expect(report.ok).toBe(false);
    expect(report.custom.mismatches.length).toBe(3);
    expect(report.autodiff.ok).toBe(true);
    expect(report.disagreements.map((d) => d.name).sort()).toEqual(["x[0]", "x[1]", "x[2]"]);
    x.dispose();
  });
});
