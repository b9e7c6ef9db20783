/**
 * `gradcheck check --module ./my-hessian.mjs` where the module exports `hessian` beside f: f (x) => number,
 * hessian (x) => n rows (or the matrix itself), and x or points. checkHessian runs at each point; the
 * output is its table per point, --json its reports; exit 0 when all pass, 1 when any fails, 2 on bad usage.
 */
import { FunctionEvaluationError, InvalidArgumentError, isPromise } from "../base/errors.js";
import type { CheckOptions } from "../check/check-gradient.js";
import { checkHessian, type HessianCheckOptions } from "../check/check-hessian.js";
import { formatHessianReport, type HessianCheckReport } from "../check/hessian-report.js";
import type { Flags } from "./args.js";
import type { Io } from "./io.js";
import { toJson } from "./report-data.js";
import { REPORT_VERSION } from "./report-format.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

const isPoint = (p: unknown): p is ArrayLike<number> => typeof p === "object" && p !== null && typeof (p as ArrayLike<number>).length === "number";

export function checkHessianModule(io: Io, path: string, flags: Flags, m: Record<string, unknown>, options: CheckOptions): number {
  const bad = (what: string): never => {
    throw new UsageError(`gradcheck check: --module ${path} ${what}`, "check", "module", "--module");
  };
  if (flags.report !== undefined) bad("exports hessian: --report (the HTML page) is drawn for gradient checks only");
  if (typeof m.f !== "function") bad("must export f, a function (x: Float64Array) => number, beside hessian");
  if (m.x !== undefined && m.points !== undefined) bad("exports both x and points: export x for one point or points for several, not both");
  const points = m.points ?? (m.x === undefined ? undefined : [m.x]);
  if (!Array.isArray(points) || points.length === 0 || !points.every(isPoint))
    bad("must export x (one point, an array of numbers) or points (a non-empty array of points)");
  const single = m.points === undefined;
  const hessianOptions: HessianCheckOptions = {
    precision: options.precision,
    atol: options.atol,
    rtol: options.rtol,
    allowUnresolved: options.allowUnresolved,
  };
  const at = (p: number): string => (single ? "x" : `points[${p}]`);
  const reports: HessianCheckReport[] = [];
  for (const [p, x] of (points as ArrayLike<number>[]).entries())
    try {
      reports.push(checkHessian(m.f as (x: Float64Array) => number, x, m.hessian as never, hessianOptions));
    } catch (error) {
      if (error instanceof InvalidArgumentError || (error instanceof FunctionEvaluationError && isPromise(error.cause)))
        bad(`at ${at(p)}: ${error.message.replace(/^checkHessian: /, "")}`);
      if (!(error instanceof FunctionEvaluationError)) throw error;
      io.err(`gradcheck check: FAIL at ${at(p)}: ${error.message.replace(/^checkHessian: /, "")}`);
      return EXIT_FAIL;
    }
  const ok = reports.every((r) => r.ok);
  if (flags.json) {
    const data = reports.map((r, p) => ({ x: Array.from((points as ArrayLike<number>[])[p]), ...r, name: undefined }));
    io.out(toJson({ version: REPORT_VERSION, ok, module: path, kind: "hessian", points: data }));
    return ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [`gradcheck check: ${path}, the Hessian at ${reports.length} point${reports.length === 1 ? "" : "s"}`];
  for (const [p, r] of reports.entries()) lines.push(`${r.ok ? "PASS" : "FAIL"} ${at(p)}: ${formatHessianReport(r, 5)}`);
  io.out(lines.join("\n"));
  return ok ? EXIT_PASS : EXIT_FAIL;
}
