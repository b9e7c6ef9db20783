/**
 * checkTfjsOp: a property over an op's inputs and attributes, each case checked by checkTfjs; a
 * failing case is shrunk by fast-check to the smallest shape and attribute set that still fails,
 * and returned with its report. It resolves (never rejects) for a wrong gradient.
 */
import fc from "fast-check";
import type { TensorData } from "./arbitraries.js";
import { checkTfjs, type TfjsCheckOptions } from "./check-tfjs.js";
import type { TfjsCheckReport } from "./report.js";
import { type Tensor, type Tf, view } from "./tf.js";

/** One drawn case: the op's inputs by name, and its attributes. */
export interface TfjsOpCase<A> {
  inputs: Record<string, TensorData>;
  attrs: A;
}

/** An op to check over drawn cases: the cases, and the op at each case's attributes. */
export interface TfjsOpProperty<A> {
  /** Draws cases (see the arbitraries: tensorData, axis, padding …). */
  cases: fc.Arbitrary<TfjsOpCase<A>>;
  /** The op at these attributes, as a function of the inputs' tensors in the record's order. */
  op: (attrs: A) => (...inputs: never[]) => unknown;
}

/** What checkTfjsOp found: ok, or the smallest failing case with its report and the seed to replay it. */
export interface TfjsOpResult<A> {
  ok: boolean;
  /** Cases checked (including shrinking). */
  runs: number;
  /** The smallest failing case fast-check found, and its report. */
  counterexample?: TfjsOpCase<A>;
  report?: TfjsCheckReport;
  /** fast-check's seed and path, to replay. */
  seed: number;
  path?: string;
}

async function checkCase<A>(tf: Tf, property: TfjsOpProperty<A>, c: TfjsOpCase<A>, options: TfjsCheckOptions): Promise<TfjsCheckReport> {
  const t = view(tf);
  const tensors: Record<string, Tensor> = {};
  for (const [name, d] of Object.entries(c.inputs)) tensors[name] = t.tensor(Float32Array.from(d.values), d.shape, "float32");
  try {
    return await checkTfjs(tf, property.op(c.attrs) as never, tensors, options);
  } finally {
    for (const x of Object.values(tensors)) x.dispose();
  }
}

/**
 * Checks tfjs's gradient of an op over drawn inputs and attributes.
 *
 * @example
 * import * as tf from "@tensorflow/tfjs";
 * import fc from "fast-check";
 * import { checkTfjsOp, tensorData } from "gradcheck/arbitraries";
 * const result = await checkTfjsOp(tf, {
 *   cases: fc.record({ inputs: fc.record({ x: tensorData({ shape: { maxRank: 1 } }) }), attrs: fc.record({ exclusive: fc.boolean() }) }),
 *   op: ({ exclusive }) => (x: tf.Tensor) => tf.cumsum(x, 0, exclusive),
 * });
 * result.ok; // true
 */
export async function checkTfjsOp<A>(
  tf: Tf,
  property: TfjsOpProperty<A>,
  options: { numRuns?: number; seed?: number; check?: TfjsCheckOptions } = {},
): Promise<TfjsOpResult<A>> {
  const check = options.check ?? {};
  const parameters: fc.Parameters<[TfjsOpCase<A>]> = { numRuns: options.numRuns ?? 20 };
  if (options.seed !== undefined) parameters.seed = options.seed;
  const details = await fc.check(
    fc.asyncProperty(property.cases, async (c) => (await checkCase(tf, property, c, check)).ok),
    parameters,
  );
  const result: TfjsOpResult<A> = { ok: !details.failed, runs: details.numRuns + details.numShrinks, seed: details.seed };
  if (details.failed && details.counterexample !== null) {
    const [counterexample] = details.counterexample;
    result.counterexample = counterexample;
    result.report = await checkCase(tf, property, counterexample, check);
    if (details.counterexamplePath !== null) result.path = details.counterexamplePath;
  }
  if (details.failed && details.errorInstance !== null && result.counterexample === undefined) throw details.errorInstance;
  return result;
}
