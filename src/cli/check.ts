/**
 * `gradcheck check`: a network's backprop against the numerical gradient of its mean error
 * (createNetwork + checkNetwork on seeded samples), or with --module a user's own gradient.
 */
import { type NetworkCheckOptions, checkNetwork, meanErrorFunction } from "../check/check-network.js";
import { weightName } from "../network/layout.js";
import { blackBox } from "../numeric/evaluate.js";
import { renderPage } from "../report-html/page.js";
import { choiceFlag, type Flags, parseArgs, stringFlag } from "./args.js";
import { checkModule } from "./check-module.js";
import { CHECK_HELP } from "./help.js";
import type { Io } from "./io.js";
import { networkFlags, problemFromFlags } from "./network-flags.js";
import { layerTable, verdictLines, worstTable, writeReport } from "./output.js";
import { CURVE_NOTE, cellsOf, layerGroups, layerSummaries, toJson, worstCells, worstCurves } from "./report-data.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

const checkFlags = { ...networkFlags, mode: "string", json: "boolean", report: "string", module: "string" } as const;

/** How many coordinates the text and HTML tables show. */
const WORST_SHOWN = 5;
const WORST_IN_HTML = 12;

export type CheckMode = "full" | "sparse" | "directional";
export const checkModes: readonly CheckMode[] = ["full", "sparse", "directional"];

/**
 * The options the command passes to the checks. `mode` and `seed` are the coordinate-selection options
 * the library is gaining ("full" checks every coordinate; "sparse" a seeded subset; "directional" random directions).
 */
export type CommandCheckOptions = NetworkCheckOptions & { mode: CheckMode; seed: number };

export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseArgs("check", argv, checkFlags);
  if (flags.help) {
    io.out(CHECK_HELP);
    return EXIT_PASS;
  }
  const mode = choiceFlag("check", flags, "mode", checkModes, "full");
  const modulePath = stringFlag(flags, "module");
  if (modulePath !== undefined) {
    for (const name of ["layers", "activation", "loss", "spec"])
      if (flags[name] !== undefined) throw new UsageError(`gradcheck check: --module checks your own f; --${name} applies to networks only`, "check");
    return checkModule(io, modulePath, flags, mode);
  }
  return checkNetworkCommand(io, flags, mode);
}

function checkNetworkCommand(io: Io, flags: Flags, mode: CheckMode): number {
  const { network, samples, seed, description } = problemFromFlags("check", flags, io.cwd);
  const options: CommandCheckOptions = { mode, seed };
  io.progress(`checking ${network.parameters.length} parameters (${6 * network.parameters.length + 1} evaluations of the mean error)…`);
  const report = checkNetwork(network, samples, options);
  io.progress("");
  if (mode !== "full" && !("mode" in report)) io.err(`note: --mode ${mode} is passed to checkNetwork, which in this version checks every coordinate`);
  const layers = layerSummaries(report, network.layout);
  const cells = cellsOf(report, (k) => weightName(network.layout, k));
  const reportPath = stringFlag(flags, "report");
  if (reportPath !== undefined) {
    const worst = worstCells(cells, 1)[0];
    const partial = blackBox("sweep", meanErrorFunction(network, samples), network.parameters);
    const facts = [`network: ${description}`, `${samples.length} samples, seed ${seed}, mode ${mode}`, `${report.method}, ${report.evaluations} evaluations of the mean error`];
    const html = renderPage({
      title: "gradcheck: network backprop",
      ok: report.ok,
      facts,
      groups: layerGroups(report, network.layout),
      worst: worstCells(cells, WORST_IN_HTML),
      curves: worstCurves(partial, worst),
      curveNote: CURVE_NOTE,
    });
    writeReport(io, "check", reportPath, html);
  }
  if (flags.json) {
    io.out(toJson({ ...report, ok: report.ok, network: { layers: network.layers, activation: network.spec.theta.slice(1), loss: network.spec.loss }, seed, mode, samples, layers }));
    return report.ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [
    `gradcheck check: ${description}; ${samples.length} samples, seed ${seed}, mode ${mode}`,
    ...layerTable(layers),
    "worst coordinates:",
    ...worstTable(worstCells(cells, WORST_SHOWN)),
    ...verdictLines(io.color, report.ok, [report]),
  ];
  io.out(lines.join("\n"));
  return report.ok ? EXIT_PASS : EXIT_FAIL;
}
