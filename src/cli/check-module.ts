/**
 * `gradcheck check --module ./my-gradient.mjs`: a user's own gradient. The module exports
 * f (x: Float64Array) => number, gradient (x) => ArrayLike<number>, and x (one point) or points (several);
 * checkGradient runs at each point. A module exporting hessian beside f gets checkHessian instead (check-hessian-module.ts).
 */
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describeValue, FunctionEvaluationError, InvalidArgumentError, isPromise } from "../base/errors.js";
import type { CheckOptions } from "../check/check-gradient.js";
import { checkGradient } from "../check/check-gradient.js";
import type { GradientCheckReport } from "../check/report.js";
import { blackBox, type ScalarFunction } from "../numeric/evaluate.js";
import type { Cell } from "../report-html/model.js";
import { renderPage } from "../report-html/page.js";
import { type Flags, stringFlag } from "./args.js";
import { checkHessianModule } from "./check-hessian-module.js";
import { checkJacobianModule, JACOBIAN_CLAIMS } from "./check-module-jacobian.js";
import type { Io } from "./io.js";
import { verdictLines, worstTable, writeReport } from "./output.js";
import { CURVE_NOTE, cellsOf, directionSet, toJson, vectorGroups, worstCells, worstCurves } from "./report-data.js";
import { REPORT_VERSION } from "./report-format.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

interface UserModule {
  f: ScalarFunction;
  gradient: (x: Float64Array) => ArrayLike<number>;
  points: ArrayLike<number>[];
  /** The module exported x (one point) rather than points. */
  single: boolean;
  /** Its file:// URL, which each worker thread imports f from (CheckOptions.module). */
  url: string;
}

const isPoint = (p: unknown): p is ArrayLike<number> => typeof p === "object" && p !== null && typeof (p as ArrayLike<number>).length === "number";

/**
 * The module's exports: named ES exports, or the same names on `export default { … }` or on a CommonJS
 * `module.exports = { … }` (which Node offers as the default export when it cannot see the names).
 */
function exportsOf(m: Record<string, unknown>): Record<string, unknown> {
  const fallback = typeof m.default === "object" && m.default !== null ? (m.default as Record<string, unknown>) : {};
  const named = Object.fromEntries(Object.entries(m).filter(([key, value]) => key !== "default" && value !== undefined));
  return { ...fallback, ...named };
}

/** The module's exports, loaded; a module that cannot be loaded is bad usage. */
export async function loadExports(io: Io, path: string): Promise<{ loaded: Record<string, unknown>; m: Record<string, unknown>; url: string }> {
  const url = pathToFileURL(resolve(io.cwd, path)).href;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND" && (error as Error).message.includes(fileURLToPath(url));
    const why = missing ? `no such file ${fileURLToPath(url)}` : (error as Error).message;
    throw new UsageError(`gradcheck check: cannot load --module ${path}: ${why}`, "check", "module", "--module");
  }
  return { loaded, m: exportsOf(loaded), url };
}

function loadModule(path: string, loaded: Record<string, unknown>, m: Record<string, unknown>, url: string): UserModule {
  const bad = (what: string): never => {
    throw new UsageError(`gradcheck check: --module ${path} must export ${what}`, "check", "module", "--module");
  };
  if (typeof m.f !== "function")
    bad(
      typeof loaded.default === "function"
        ? "f by name: it has only a default export, a function; write export const f = … (or export default { f, gradient, x })"
        : "f, a function (x: Float64Array) => number (as export const f, export default { f, … } or module.exports = { f, … })",
    );
  if (typeof m.gradient !== "function")
    bad(
      "gradient, a function (x: Float64Array) => ArrayLike<number> (or hessian, for a Hessian check; or, for a vector map f, jacobian, vjp or jvp)",
    );
  if (m.x !== undefined && m.points !== undefined)
    throw new UsageError(
      `gradcheck check: --module ${path} exports both x and points: export x for one point or points for several, not both`,
      "check",
      "module",
      "--module",
    );
  const points = m.points ?? (m.x === undefined ? undefined : [m.x]);
  if (!Array.isArray(points) || points.length === 0 || !points.every(isPoint))
    bad("x (one point, an array of numbers) or points (a non-empty array of points)");
  return {
    f: m.f as ScalarFunction,
    gradient: m.gradient as UserModule["gradient"],
    points: points as ArrayLike<number>[],
    single: m.points === undefined,
    url,
  };
}

const WORST_SHOWN = 5;
const WORST_IN_HTML = 12;

/** Where in the module: "x" for its one point, "points[p]" (0-based, as in the file) for one of several. */
const pointName = (user: UserModule, p: number): string => (user.single ? "x" : `points[${p}]`);

/** A library error about the user's f, gradient or point, in the command line's words. */
function inModuleWords(error: InvalidArgumentError | FunctionEvaluationError, path: string, at: string): string {
  if (error instanceof FunctionEvaluationError) {
    const where = error.coordinate < 0 ? `at ${at}` : `at ${at} with x[${error.coordinate}] moved by ${error.step.toExponential(3)}`;
    const detail = error.cause instanceof Error ? `: ${error.cause.message}` : "";
    return `${where}, f ${error.problem}${detail}`;
  }
  const argument = error.argument.replace(/^analytic/, "gradient").replace(/^x/, at);
  if (error.argument === "analytic.length")
    return `gradient at ${at} returned ${error.received} numbers, but ${at} has ${error.expected.split(" ")[0]}`;
  return `${argument} in ${path} must be ${error.expected}, received ${describeValue(error.received)}`;
}

/**
 * checkGradient at every point. f throwing or returning a non-number there is a failed check (exit 1); a
 * point that is not a vector or a gradient that is not one of the point's length cannot be checked: bad usage.
 */
function checkPoints(io: Io, path: string, user: UserModule, options: CheckOptions): GradientCheckReport[] | string {
  const { f, gradient, points } = user;
  const reports: GradientCheckReport[] = [];
  try {
    points.forEach((x, p) => {
      io.progress(`${pointName(user, p)}: ${p + 1} of ${points.length}…`);
      reports.push(checkGradient(f, x, gradient, { ...options, module: user.url }));
    });
    return reports;
  } catch (error) {
    const at = pointName(user, reports.length);
    if (error instanceof InvalidArgumentError || (error instanceof FunctionEvaluationError && isPromise(error.cause)))
      throw new UsageError(`gradcheck check: --module ${path}: ${inModuleWords(error, path, at)}`, "check", "module", "--module");
    if (error instanceof FunctionEvaluationError)
      return `gradcheck check: FAIL at ${at} (${reports.length + 1} of ${points.length}): ${inModuleWords(error, path, at)}`;
    throw error;
  } finally {
    io.progress("");
  }
}

export async function checkModule(io: Io, path: string, flags: Flags, options: CheckOptions): Promise<number> {
  const { loaded, m, url } = await loadExports(io, path);
  if (m.hessian !== undefined) return checkHessianModule(io, path, flags, m, options);
  if (typeof m.gradient !== "function" && JACOBIAN_CLAIMS.some((claim) => typeof m[claim] === "function"))
    return checkJacobianModule(io, path, m, flags, options);
  const user = loadModule(path, loaded, m, url);
  const { points } = user;
  const reports = checkPoints(io, path, user, options);
  if (typeof reports === "string") {
    // f threw or returned a non-number: the check fails (exit 1); with --json it says so on stdout too
    if (flags.json)
      io.out(toJson({ version: REPORT_VERSION, ok: false, module: path, error: { kind: "evaluation", argument: "--module", message: reports } }));
    io.err(reports);
    return EXIT_FAIL;
  }
  const { mode } = reports[0];
  const ok = reports.every((r) => r.ok);
  const label = (p: number, k: number): string => (user.single ? `x[${k}]` : `x[${k}] at points[${p}]`);
  const perPoint = reports.map((r, p) => cellsOf(r, (k) => label(p, k)));
  const reportPath = stringFlag(flags, "report");
  if (reportPath !== undefined) writeReport(io, "check", reportPath, modulePage(path, user, reports, perPoint));
  if (flags.json) {
    io.out(toJson({ version: REPORT_VERSION, ok, module: path, mode, points: reports.map((r, p) => ({ x: Array.from(points[p]), ...r })) }));
    return ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [`gradcheck check: ${path}, ${points.length} point${points.length === 1 ? "" : "s"}, mode ${mode}`];
  if (points.length > 1)
    for (const [p, r] of reports.entries())
      lines.push(`  points[${p}]: ${r.ok ? "pass" : "FAIL"}, ${r.analytic.length} coordinates, worst |a − n|/bound ${r.maxRatio.toExponential(1)}`);
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
    groups: perPoint.flatMap((c, p) => vectorGroups(points.length === 1 ? "x" : `points[${p}]`, c)),
    worst: worstCells(perPoint.flat(), WORST_IN_HTML),
    directions: reports.map((r, p) => directionSet(r, points.length === 1 ? "" : `points[${p}]`)),
    curves: worstCurves(blackBox("sweep", f, points[worstPoint]), worst, perPoint[worstPoint][0]),
    curveNote: CURVE_NOTE,
  });
}

function worstOf(reports: GradientCheckReport[]): GradientCheckReport {
  const severity = (r: GradientCheckReport): number => (Number.isNaN(r.maxRatio) ? Infinity : r.maxRatio);
  return reports.reduce((w, r) => (severity(r) > severity(w) ? r : w));
}
