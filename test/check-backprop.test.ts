/**
 * checkBackprop's contract beyond the examples: the nested gradient layout, the learner's forward
 * pass, the typed errors (naming sample, layer and index), and the matcher.
 */
import { BackpropError, type BackpropFunction, checkBackprop, InvalidArgumentError } from "gradcheck";
import "gradcheck/vitest";
import { describe, expect, it } from "vitest";

interface Example {
  spec: { layers: number[]; activation: "tanh"; loss: "squared" };
  parameters: number[];
  samples: { input: number[]; target: number[] }[];
  backprop: BackpropFunction;
  forward: (input: Float64Array, w: Float64Array) => { s: number[][]; x: number[][] };
}
const example = async (file: string): Promise<Example> => (await import(new URL(`../examples/backprop/${file}`, import.meta.url).href)) as Example;
const learner = await example("learner.mjs");
const transposed = await example("slip-transposed-weight.mjs");

const { spec, parameters, samples, backprop } = learner;
const d = spec.layers;

/** The flat gradient of the learner, as nested w[l][i][j]. */
function nested(flat: ArrayLike<number>): number[][][] {
  const out: number[][][] = [[]];
  let k = 0;
  for (let l = 1; l < d.length; l++) {
    const rows: number[][] = [];
    for (let i = 0; i <= d[l - 1]; i++) rows.push(Array.from({ length: d[l] }, () => flat[k++]));
    out.push(rows);
  }
  return out;
}

function errorOf(run: () => unknown): BackpropError {
  try {
    run();
  } catch (error) {
    if (error instanceof BackpropError) return error;
    throw error;
  }
  throw new Error("no error");
}

describe("checkBackprop", () => {
  it("takes the gradient nested as w[l][i][j] with gradientLayout: 'nested'", () => {
    const asNested: BackpropFunction = (i, t, w, s) => {
      const r = backprop(i, t, w, s);
      return { delta: r.delta, gradient: nested(r.gradient as ArrayLike<number>) };
    };
    expect(checkBackprop(spec, parameters, samples, asNested, { gradientLayout: "nested" }).ok).toBe(true);
    const wrong = transposed.backprop;
    const report = checkBackprop(spec, parameters, samples, (i, t, w, s) => ({ gradient: nested(wrong(i, t, w, s).gradient as ArrayLike<number>) }), {
      gradientLayout: "nested",
    });
    expect([report.firstWrongLayer, report.slip]).toEqual([2, "transposed-weight"]);
    // a nested gradient without the option is named, not misread
    expect(errorOf(() => checkBackprop(spec, parameters, samples, asNested)).message).toMatch(/gradientLayout: "nested"/);
  });

  it("checks the learner's forward pass first and reports the first wrong layer going up", () => {
    const { forward } = learner;
    const noBias = (input: Float64Array, w: Float64Array) => {
      const r = forward(input, w);
      r.s[2] = r.s[2].map((v, j) => v - w[(d[0] + 1) * d[1] + j]); // s^(2) without its bias weight
      return r;
    };
    const report = checkBackprop(spec, parameters, samples, backprop, { forward: noBias });
    expect(report.ok).toBe(false);
    expect(report.wrongStep).toBe("forward");
    expect(report.firstWrongLayer).toBe(2);
    expect(report.layers.map((l) => l.forwardOk)).toEqual([true, false, true]);
    expect(report.summary).toMatch(/forward layer 2 wrong/);
  });

  it("says so, and shows the numbers, when no known slip reproduces them", () => {
    const odd: BackpropFunction = (i, t, w, s) => {
      const r = backprop(i, t, w, s);
      const delta = (r.delta as number[][]).map((a) => [...a]);
      delta[3][1] *= 1.5;
      return { delta, gradient: r.gradient };
    };
    const report = checkBackprop(spec, parameters, samples, odd);
    expect([report.firstWrongLayer, report.slip, report.matchingSlips]).toEqual([3, null, []]);
    expect(report.slipDescription).toMatch(/none of the known slips.*numerical ∂e\/∂s\^\(3\) = \[/);
    expect(report.layers[2].wrongUnits).toEqual([1]);
  });

  describe("typed errors name the sample, the layer and the index", () => {
    const withDelta =
      (edit: (delta: number[][]) => void): BackpropFunction =>
      (i, t, w, s) => {
        const r = backprop(i, t, w, s);
        const delta = (r.delta as number[][]).map((a) => [...a]);
        edit(delta);
        return { delta, gradient: r.gradient };
      };
    it("a δ^(l) of the wrong length", () => {
      const e = errorOf(() =>
        checkBackprop(
          spec,
          parameters,
          samples,
          withDelta((delta) => delta[2].pop()),
        ),
      );
      expect([e.sample, e.layer, e.path]).toEqual([0, 2, "delta[2]"]);
      expect(e.message).toBe("checkBackprop: backprop(samples[0]) delta[2] has length 3; it must be 4 (δ^(2), one per unit of layer 2)");
    });
    it("NaN in δ", () => {
      const e = errorOf(() =>
        checkBackprop(
          spec,
          parameters,
          samples,
          withDelta((delta) => (delta[1][3] = Number.NaN)),
        ),
      );
      expect([e.layer, e.index, e.path]).toEqual([1, 3, "delta[1][3]"]);
    });
    it("NaN in the gradient, named as a weight", () => {
      const e = errorOf(() =>
        checkBackprop(spec, parameters, samples, (i, t, w, s) => {
          const g = Array.from(backprop(i, t, w, s).gradient as ArrayLike<number>);
          g[21] = Number.NaN;
          return { gradient: g };
        }),
      );
      expect([e.path, e.index]).toEqual(["gradient[21] (w[l=2][i=1][j=1])", 21]);
    });
    it("a gradient of the wrong length", () => {
      const e = errorOf(() =>
        checkBackprop(spec, parameters, samples, (i, t, w, s) => ({
          gradient: Array.from(backprop(i, t, w, s).gradient as ArrayLike<number>).slice(1),
        })),
      );
      expect(e.message).toMatch(/gradient has length 55; it must be 56/);
    });
    it("a backprop that throws", () => {
      const e = errorOf(() =>
        checkBackprop(spec, parameters, samples, (i, t, w, s) => {
          if (i[0] < 0) throw new Error("index out of range");
          return backprop(i, t, w, s);
        }),
      );
      expect([e.sample, e.problem]).toEqual([1, "threw"]);
      expect(e.message).toMatch(/backprop\(samples\[1\]\) threw: index out of range/);
    });
    it("a backprop that changes parameters", () => {
      const e = errorOf(() =>
        checkBackprop(spec, parameters, samples, (i, t, w, s) => {
          w[17] += 0.1; // an SGD step inside backprop
          return backprop(i, t, w, s);
        }),
      );
      expect([e.layer, e.index]).toEqual([2, 17]);
      expect(e.path).toBe("parameters[17] (w[l=2][i=0][j=1])");
    });
    it("bad arguments are InvalidArgumentErrors of checkBackprop", () => {
      expect(() => checkBackprop(spec, parameters.slice(1), samples, backprop)).toThrow(InvalidArgumentError);
      expect(() => checkBackprop(spec, parameters.slice(1), samples, backprop)).toThrow(/^checkBackprop: parameters.length/);
      expect(() => checkBackprop(spec, parameters, samples, "no" as unknown as BackpropFunction)).toThrow(/checkBackprop: backprop must be/);
    });
  });
});

it("the README's one-unit example with 1 − tanh²(x) for 1 − x² is named theta-prime-of-x at layer 1", () => {
  const report = checkBackprop({ layers: [1, 1], activation: "tanh" }, [0.1, 0.5], [{ input: [2], target: [0] }], (input, target, w) => {
    const x = Math.tanh(w[0] + w[1] * input[0]);
    const delta = 2 * (x - target[0]) * (1 - Math.tanh(x) ** 2);
    return { delta: [[], [delta]], gradient: [delta, input[0] * delta] };
  });
  expect([report.ok, report.firstWrongLayer, report.slip]).toEqual([false, 1, "theta-prime-of-x"]);
});

describe("expect(backprop).toBeCorrectBackprop(spec, parameters, samples)", () => {
  it("passes for a right backprop and fails with the per-layer table and the slip's name", () => {
    expect(backprop).toBeCorrectBackprop(spec, parameters, samples);
    expect(transposed.backprop).not.toBeCorrectBackprop(spec, parameters, samples);
    let message = "";
    try {
      expect(transposed.backprop).toBeCorrectBackprop(spec, parameters, samples);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^expected your backprop to be right:\nbackprop check failed: δ\^\(3\) right; δ\^\(2\) wrong in 4 of 4 units/);
    expect(message).toMatch(/slip "transposed-weight"/);
  });
});
