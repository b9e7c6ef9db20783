/**
 * `gradcheck check --module ./my-gradient.mjs`: a user's own gradient. The module exports
 * f (x: Float64Array) => number, gradient (x) => ArrayLike<number>, and x (one point) or points (several);
 * checkGradient runs at each point.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { FunctionEvaluationError, InvalidArgumentError } from "../base/errors.js";
import type { CheckOptions } from "../check/check-gradient.js";
import { checkGradient } from "../check/check-gradient.js";
import type { GradientCheckReport } from "../check/report.js";
import { blackBox, type ScalarFunction } from "../numeric/evaluate.js";
import type { Cell } from "../report-html/model.js";
import { renderPage } from "../report-html/page.js";
import { type Flags, stringFlag } from "./args.js";
import type { Io } from "./io.js";
import { verdictLines, worstTable, writeReport } from "./output.js";
import { CURVE_NOTE, cellsOf, directionSet, toJson, vectorGroups, worstCells, worstCurves } from "./report-data.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

interface UserModule {
  f: ScalarFunction;
  gradient: (x: Float64Array) => ArrayLike<number>;
  points: ArrayLike<number>[];
}

const isPoint = (p: unknown): p is ArrayLike<number> => typeof p === "object" && p !== null && typeof (p as ArrayLike<number>).length === "number";

async function loadModule(io: Io, path: string): Promise<UserModule> {
  const url = pathToFileURL(resolve(io.cwd, path)).href;
  let m: Record<string, unknown>;
  try {
    m = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`gradcheck check: cannot load --module ${path}: ${(error as Error).message}`, "check");
  }
  const bad = (what: string): never => {
    throw new UsageError(`gradcheck check: --module ${path} must export ${what}`, "check");
  };
  if (typeof m.f !== "function") bad("f, a function (x: Float64Array) => number");
  if (typeof m.gradient !== "function") bad("gradient, a function (x: Float64Array) => ArrayLike<number>");
  const points = m.points ?? (m.x === undefined ? undefined : [m.x]);
  if (!Array.isArray(points) || points.length === 0 || !points.every(isPoint))
    bad("x (one point, an array of numbers) or points (a non-empty array of points)");
  return { f: m.f as ScalarFunction, gradient: m.gradient as UserModule["gradient"], points: points as ArrayLike<number>[] };
}

const WORST_SHOWN = 5;
const WORST_IN_HTML = 12;

/** checkGradient at every point; f throwing or a gradient of the wrong length is a failed check, a bad point bad usage. */
function checkPoints(io: Io, path: string, { f, gradient, points }: UserModule, options: CheckOptions): GradientCheckReport[] | string {
  const reports: GradientCheckReport[] = [];
  try {
    points.forEach((x, p) => {
      io.progress(`point ${p + 1} of ${points.length}…`);
      reports.push(checkGradient(f, x, gradient, options));
    });
    return reports;
  } catch (error) {
    if (error instanceof InvalidArgumentError && error.argument.startsWith("x"))
      throw new UsageError(`gradcheck check: point ${reports.length + 1} of --module ${path}: ${error.message}`, "check");
    if (error instanceof InvalidArgumentError || error instanceof FunctionEvaluationError)
      return `gradcheck check: FAIL at point ${reports.length + 1} of ${points.length}: ${error.message}`;
    throw error;
  } finally {
    io.progress("");
  }
}

export async function checkModule(io: Io, path: string, flags: Flags, options: CheckOptions): Promise<number> {
  const user = await loadModule(io, path);
  const { points } = user;
  const reports = checkPoints(io, path, user, options);
  if (typeof reports === "string") {
    io.err(reports);
    return EXIT_FAIL;
  }
  const { mode } = reports[0];
  const ok = reports.every((r) => r.ok);
  const label = (p: number, k: number): string => (points.length === 1 ? `x[${k}]` : `x[${k}] at point ${p + 1}`);
  const perPoint = reports.map((r, p) => cellsOf(r, (k) => label(p, k)));
  const reportPath = stringFlag(flags, "report");
  if (reportPath !== undefined) writeReport(io, "check", reportPath, modulePage(path, user, reports, perPoint));
  if (flags.json) {
    io.out(toJson({ ok, module: path, mode, points: reports.map((r, p) => ({ x: Array.from(points[p]), ...r })) }));
    return ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [`gradcheck check: ${path}, ${points.length} point${points.length === 1 ? "" : "s"}, mode ${mode}`];
  if (points.length > 1)
    for (const [p, r] of reports.entries())
      lines.push(`  point ${p + 1}: ${r.ok ? "pass" : "FAIL"}, ${r.analytic.length} coordinates, worst |a − n|/bound ${r.maxRatio.toExponential(1)}`);
  lines.push(...worstTable(worstCells(perPoint.flat(), WORST_SHOWN)), ...verdictLines(io.color, ok, reports));
  io.out(lines.join("\n"));
  return ok ? EXIT_PASS : EXIT_FAIL;
}

/** The HTML page: one heatmap per point, the worst coordinates, the step-size curve at the worst point. */
function modulePage(path: string, { f, points }: UserModule, reports: GradientCheckReport[], perPoint: Cell[][]): string {
  const worstPoint = reports.indexOf(worstOf(reports));
  const worst = worstCells(perPoint[worstPoint], 1)[0] as Cell | undefined;
  const plural = points.length === 1 ? "" : "s";
  return renderPage({
    title: `gradcheck: ${path}`,
    ok: reports.every((r) => r.ok),
    facts: [
      `module ${path}: ${points.length} point${plural}, mode ${reports[0].mode}`,
      `${reports[0].method}, ${reports.reduce((n, r) => n + r.evaluations, 0)} evaluations of f`,
      reports[0].coverage,
    ],
    groups: perPoint.flatMap((c, p) => vectorGroups(points.length === 1 ? "x" : `point ${p + 1}`, c)),
    worst: worstCells(perPoint.flat(), WORST_IN_HTML),
    directions: reports.map((r, p) => directionSet(r, points.length === 1 ? "" : `point ${p + 1}`)),
    curves: worstCurves(blackBox("sweep", f, points[worstPoint]), worst, perPoint[worstPoint][0]),
    curveNote: CURVE_NOTE,
  });
}

function worstOf(reports: GradientCheckReport[]): GradientCheckReport {
  const severity = (r: GradientCheckReport): number => (Number.isNaN(r.maxRatio) ? Infinity : r.maxRatio);
  return reports.reduce((w, r) => (severity(r) > severity(w) ? r : w));
}
