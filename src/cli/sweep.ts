/**
 * `gradcheck sweep`: the step-size curve |D(h) − a| against h for chosen weights of a network,
 * with a the backprop derivative (exact to rounding, so the curve shows the differentiator's own error).
 */
import { meanErrorFunction } from "../check/check-network.js";
import { weightName } from "../network/layout.js";
import { blackBox } from "../numeric/evaluate.js";
import { SWEEP_PER_DECADE } from "../numeric/sweep.js";
import { renderPage } from "../report-html/page.js";
import { integerList, parseArgs, stringFlag } from "./args.js";
import { SWEEP_HELP } from "./help.js";
import type { Io } from "./io.js";
import { networkFlags, problemFromFlags } from "./network-flags.js";
import { writeReport } from "./output.js";
import { CURVE_NOTE, curveOf } from "./report-data.js";
import { EXIT_PASS, UsageError } from "./usage.js";

const sweepFlags = { ...networkFlags, coordinate: "string", report: "string" } as const;

export function sweepCommand(argv: readonly string[], io: Io): number {
  const flags = parseArgs("sweep", argv, sweepFlags);
  if (flags.help) {
    io.out(SWEEP_HELP);
    return EXIT_PASS;
  }
  const { network, samples, seed, description } = problemFromFlags("sweep", flags, io.cwd);
  const { layout } = network;
  const n = network.parameters.length;
  const raw = stringFlag(flags, "coordinate");
  // By default the first weight of each layer: the bias into unit j = 0.
  const chosen = raw === undefined ? layout.offset.slice(1, -1) : integerList("sweep", "coordinate", raw, 0);
  const outside = chosen.find((k) => k >= n);
  if (outside !== undefined)
    throw new UsageError(`gradcheck sweep: --coordinate must be below the parameter count ${n}, received ${outside}`, "sweep");
  const analytic = network.meanGradient(samples).gradient;
  const partial = blackBox("sweep", meanErrorFunction(network, samples), network.parameters);
  const curves = chosen.map((k, m) => {
    io.progress(`sweeping coordinate ${m + 1} of ${chosen.length}…`);
    return curveOf(partial, k, analytic[k], weightName(layout, k));
  });
  io.progress("");
  const lines = [
    `gradcheck sweep: ${description}; ${samples.length} samples, seed ${seed}`,
    "|D(h) − a|, D(h) the central difference with step h, a backprop's ∂E/∂w (one row per decade):",
  ];
  lines.push(`  ${"h".padEnd(10)}${curves.map((c) => c.name.padEnd(20)).join("")}`);
  // One row per decade in the text; the HTML curve has every step.
  for (let m = 0; m < curves[0].points.length; m += SWEEP_PER_DECADE)
    lines.push(`  ${curves[0].points[m].h.toExponential(1).padEnd(10)}${curves.map((c) => c.points[m].error.toExponential(2).padEnd(20)).join("")}`);
  for (const c of curves) {
    const best = c.points.reduce((p, q) => (q.error < p.error ? q : p));
    lines.push(`bottom of the V for ${c.name}: error ${best.error.toExponential(1)} at h = ${best.h.toExponential(1)}`);
  }
  const reportPath = stringFlag(flags, "report");
  if (reportPath !== undefined) {
    const facts = [`network: ${description}`, `${samples.length} samples, seed ${seed}`, `coordinates: ${curves.map((c) => c.name).join(", ")}`];
    writeReport(
      io,
      "sweep",
      reportPath,
      renderPage({ title: "gradcheck: step-size sweep", facts, groups: [], worst: [], curves, curveNote: CURVE_NOTE }),
    );
  }
  io.out(lines.join("\n"));
  return EXIT_PASS;
}
