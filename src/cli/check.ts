/**
 * `gradcheck check`: a network's backprop against the numerical gradient of its mean error
 * (createNetwork + checkNetwork on seeded samples), or with --module a user's own gradient.
 */

import { isMainThread } from "node:worker_threads";
import { DEFAULT_SEED } from "../check/check-gradient.js";
import { checkNetwork, meanErrorFunction, NETWORK_FULL_LIMIT, type NetworkCheckOptions } from "../check/check-network.js";
import type { Mode } from "../check/modes.js";
import type { GradientCheckReport } from "../check/report.js";
import { weightName } from "../network/layout.js";
import { blackBox } from "../numeric/evaluate.js";
import type { Cell } from "../report-html/model.js";
import { renderPage } from "../report-html/page.js";
import { choiceFlag, type Flags, integerFlag, parseArgs, stringFlag } from "./args.js";
import { checkBackpropCommand } from "./backprop.js";
import { checkModule } from "./check-module.js";
import { CHECK_HELP } from "./help.js";
import type { Io } from "./io.js";
import { estimatedSeconds, networkFlags, type Problem, problemFromFlags } from "./network-flags.js";
import { layerTable, verdictLines, worstTable, writeReport } from "./output.js";
import { CURVE_NOTE, cellsOf, directionSet, layerGroups, layerSummaries, toJson, worstCells, worstCurves } from "./report-data.js";
import { REPORT_VERSION } from "./report-format.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";
import { runCheckInWorker, workerAvailable } from "./worker-run.js";

const checkFlags = {
  ...networkFlags,
  mode: "string",
  json: "boolean",
  report: "string",
  module: "string",
  timeout: "string",
  backprop: "string",
  workers: "string",
} as const;

/** How many coordinates the text and HTML tables show. */
const WORST_SHOWN = 5;
const WORST_IN_HTML = 12;

/** The modes the flag offers; without --mode the library chooses ("auto": full up to its size limit, directional above). */
export const checkModes: readonly Mode[] = ["full", "sparse", "directional"];

/** The check options the flags set: --mode (absent: the library's "auto") and --seed. */
export function checkOptions(flags: Flags): NetworkCheckOptions {
  const mode = flags.mode === undefined ? undefined : choiceFlag("check", flags, "mode", checkModes, "full");
  return { seed: integerFlag("check", flags, "seed", DEFAULT_SEED), ...(mode === undefined ? {} : { mode }) };
}

export async function checkCommand(argv: readonly string[], io: Io): Promise<number> {
  const flags = parseArgs("check", argv, checkFlags);
  if (flags.help) {
    io.out(CHECK_HELP);
    return EXIT_PASS;
  }
  const options = checkOptions(flags);
  const backpropPath = stringFlag(flags, "backprop");
  if (backpropPath !== undefined) {
    for (const name of ["module", "report", "workers"])
      if (flags[name] !== undefined) throw new UsageError(`gradcheck check: --backprop checks your backprop; --${name} does not apply`, "check");
    return checkBackpropCommand(io, backpropPath, flags, options);
  }
  const modulePath = stringFlag(flags, "module");
  if (flags.timeout !== undefined && modulePath === undefined)
    throw new UsageError("gradcheck check: --timeout applies to --module checks (your own f, which may hang)", "check", "usage", "--timeout");
  if (modulePath !== undefined) {
    for (const name of ["layers", "activation", "loss", "spec"])
      if (flags[name] !== undefined) throw new UsageError(`gradcheck check: --module checks your own f; --${name} applies to networks only`, "check");
    if (flags.timeout === undefined || !isMainThread) return checkModule(io, modulePath, flags, { ...options, ...workersOption(flags) });
    const timeout = integerFlag("check", flags, "timeout", 0, 1);
    return runCheckInWorker(io, argv, { timeout, what: `--module ${modulePath}` });
  }
  return checkNetworkCommand(io, argv, flags, { ...options, ...workersOption(flags) });
}

/** --workers N (at least 1; 1 turns workers off); absent: the library's default, os.availableParallelism(). */
function workersOption(flags: Flags): { workers?: number } {
  return flags.workers === undefined ? {} : { workers: integerFlag("check", flags, "workers", 1, 1) };
}

function checkNetworkCommand(io: Io, argv: readonly string[], flags: Flags, options: NetworkCheckOptions): number | Promise<number> {
  const problem = problemFromFlags("check", flags, io.cwd);
  const { network, samples, seed, description } = problem;
  const n = network.parameters.length;
  const seconds = estimatedSeconds(n, options.mode ?? (n <= NETWORK_FULL_LIMIT ? "full" : "directional"));
  const what = `checking ${n} parameters${seconds >= 1 ? `, about ${Math.round(seconds)} s` : ""}`;
  // A long check runs in a worker, so that this thread can say once a second that it is alive.
  if (seconds >= 1 && workerAvailable()) {
    io.progress(`${what}…`, true);
    return runCheckInWorker(io, argv, { heartbeat: what });
  }
  io.progress(`${what}…`, seconds >= 1);
  const report = checkNetwork(network, samples, options);
  io.progress("");
  const { mode } = report;
  const layers = layerSummaries(report, network.layout);
  const cells = cellsOf(report, (k) => weightName(network.layout, k));
  const reportPath = stringFlag(flags, "report");
  if (reportPath !== undefined) writeReport(io, "check", reportPath, networkPage(problem, report, cells));
  if (flags.json) {
    io.out(
      toJson({
        version: REPORT_VERSION,
        ...report,
        network: { layers: network.layers, activation: network.spec.theta.slice(1), loss: network.spec.loss },
        seed,
        mode,
        samples,
        layers,
      }),
    );
    return report.ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [
    `gradcheck check: ${description}; ${samples.length} sample${samples.length === 1 ? "" : "s"}, seed ${seed}, mode ${mode}`,
    ...layerTable(layers),
    ...worstTable(worstCells(cells, WORST_SHOWN)),
    ...verdictLines(io.color, report.ok, [report]),
  ];
  io.out(lines.join("\n"));
  return report.ok ? EXIT_PASS : EXIT_FAIL;
}

/** The HTML page: a heatmap per layer, the worst coordinates, the step-size curve of the worst one. */
function networkPage({ network, samples, seed, description }: Problem, report: GradientCheckReport, cells: Cell[]): string {
  const worst = worstCells(cells, 1)[0] as Cell | undefined;
  const partial = blackBox("sweep", meanErrorFunction(network, samples), network.parameters);
  return renderPage({
    title: "gradcheck: network backprop",
    ok: report.ok,
    facts: [
      `network: ${description}`,
      `${samples.length} samples, seed ${seed}, mode ${report.mode}`,
      `${report.method}, ${report.evaluations} evaluations of the mean error`,
      report.coverage,
    ],
    groups: layerGroups(report, network.layout),
    worst: worstCells(cells, WORST_IN_HTML),
    directions: [directionSet(report)],
    curves: worstCurves(partial, worst, cells[0]),
    curveNote: CURVE_NOTE,
  });
}
