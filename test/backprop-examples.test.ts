/**
 * examples/backprop: a learner's backprop, right, and one copy per known slip. checkBackprop
 * passes the right ones and finds each slip at its layer, by name.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkBackprop } from "../src/index.js";

const dir = new URL("../examples/backprop/", import.meta.url);

interface Example {
  spec: Parameters<typeof checkBackprop>[0];
  parameters: number[];
  samples: Parameters<typeof checkBackprop>[2];
  backprop: Parameters<typeof checkBackprop>[3];
  forward: NonNullable<Parameters<typeof checkBackprop>[4]>["forward"];
}

const load = async (file: string): Promise<Example> => (await import(new URL(file, dir).href)) as Example;

/** Each slip copy, the layer it first shows at, and the learner file it is a copy of. */
const slipCopies: [string, number, string][] = [
  ["theta-prime-of-x", 2, "learner.mjs"],
  ["missing-factor-2", 3, "learner.mjs"],
  ["transposed-weight", 2, "learner.mjs"],
  ["bias-in-recursion", 2, "learner.mjs"],
  ["wrong-layer-x", 3, "learner.mjs"],
  ["sign-of-error", 3, "learner.mjs"],
  ["missing-theta-prime", 2, "learner.mjs"],
  ["sum-overwritten", 2, "learner.mjs"],
  ["wrong-sum-index", 2, "learner.mjs"],
  ["bias-gradient-zero", 3, "learner.mjs"],
  ["softmax-delta", 2, "learner-softmax.mjs"],
];

describe("examples/backprop", () => {
  it.each(["learner.mjs", "learner-softmax.mjs"])("%s (right) passes, its forward pass too", async (file) => {
    const m = await load(file);
    const report = checkBackprop(m.spec, m.parameters, m.samples, m.backprop, { forward: m.forward });
    expect(report.summary).toMatch(/right$/);
    expect(report.ok).toBe(true);
    expect(report.firstWrongLayer).toBeNull();
    expect(report.slip).toBeNull();
    expect(report.layers.every((l) => l.deltaOk && l.gradientOk && l.outerProductOk && l.forwardOk)).toBe(true);
  });

  it.each(slipCopies)("slip-%s.mjs is found at layer %i and named", async (id, layer, original) => {
    const m = await load(`slip-${id}.mjs`);
    const report = checkBackprop(m.spec, m.parameters, m.samples, m.backprop, { forward: m.forward });
    expect(report.ok).toBe(false);
    expect(report.firstWrongLayer).toBe(layer);
    expect(report.slip).toBe(id);
    expect(report.slipDescription).toMatch(/=/);
    // every layer above the first wrong one is right
    for (const l of report.layers.filter((v) => v.l > layer)) expect(l.deltaOk && l.gradientOk).toBe(true);
    // and the copy is the learner's file with the one change its header names (compared without whitespace: the formatter may rewrap)
    const copy = readFileSync(new URL(`slip-${id}.mjs`, dir), "utf8").split("\n");
    const [from, to] = [copy[1].replace(/^\/\/ {3}/, ""), copy[2].replace(/^\/\/ {3}→ /, "")];
    const squash = (text: string) => text.replace(/\s+/g, "");
    const base = squash(readFileSync(new URL(original, dir), "utf8"));
    expect(base).toContain(squash(from));
    expect(squash(copy.slice(3).join("\n"))).toBe(base.replace(squash(from), squash(to)));
  });
});
