/**
 * `gradcheck check --module ./arm.mjs` for a vector map: the module exports f (x) => ArrayLike<number>,
 * x or points, and one of jacobian (x) => rows, vjp (x, v) => ArrayLike<number> or jvp (x, t) =>
 * ArrayLike<number>; checkJacobian, checkVJP or checkJVP runs at each point. Same exit codes as a
 * gradient module: 0 pass, 1 fail (or f threw), 2 bad usage (a claim of the wrong shape).
 */
import {
  type CheckOptions,
  checkJacobian,
  checkJVP,
  checkVJP,
  FunctionEvaluationError,
  formatJacobianReport,
  InvalidArgumentError,
  type JacobianCheckOptions,
  type JacobianCheckReport,
} from "../index.js";
import type { Flags } from "./args.js";
import type { Io } from "./io.js";
import { toJson } from "./report-data.js";
import { REPORT_VERSION } from "./report-format.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

/** The claims a vector-map module may export beside f, in the order they are looked for. */
export const JACOBIAN_CLAIMS = ["jacobian", "vjp", "jvp"] as const;

// biome-ignore lint/suspicious/noExplicitAny: the module's functions are the user's, checked by the check
type Loose = any;

export function checkJacobianModule(io: Io, path: string, m: Record<string, unknown>, flags: Flags, options: CheckOptions): number {
  const usage = (message: string): never => {
    throw new UsageError(`gradcheck check: --module ${path}: ${message}`, "check", "module", "--module");
  };
  if (typeof m.f !== "function") usage("must export f, a function (x: Float64Array) => ArrayLike<number>");
  const claims = JACOBIAN_CLAIMS.filter((c) => typeof m[c] === "function");
  if (claims.length > 1) usage(`exports ${claims.join(" and ")}: export one claim per module`);
  const form = claims[0];
  if (m.x !== undefined && m.points !== undefined) usage("exports both x and points: export x for one point or points for several, not both");
  const points = (m.points ?? (m.x === undefined ? undefined : [m.x])) as unknown[] | undefined;
  if (!Array.isArray(points) || points.length === 0) usage("must export x (one point) or points (a non-empty array of points)");
  if (options.mode === "sparse") usage("--mode sparse does not apply to a Jacobian check (full or directional)");
  const jacobianOptions: JacobianCheckOptions = {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.mode ? { mode: options.mode as "full" | "directional" } : {}),
  };
  if (form === "jacobian") delete jacobianOptions.mode;
  const check = { jacobian: checkJacobian, vjp: checkVJP, jvp: checkJVP }[form] as (
    f: Loose,
    x: Loose,
    c: Loose,
    o: JacobianCheckOptions,
  ) => JacobianCheckReport;
  const reports: JacobianCheckReport[] = [];
  const at = (p: number) => (m.points === undefined ? "x" : `points[${p}]`);
  try {
    (points as unknown[]).forEach((x, p) => {
      io.progress(`${at(p)}: ${p + 1} of ${(points as unknown[]).length}…`);
      reports.push(check(m.f, x, m[form], jacobianOptions));
    });
  } catch (error) {
    if (error instanceof InvalidArgumentError) usage(`at ${at(reports.length)}: ${error.message}`);
    if (error instanceof FunctionEvaluationError) {
      const message = `gradcheck check: FAIL at ${at(reports.length)}: ${error.message}`;
      if (flags.json)
        io.out(toJson({ version: REPORT_VERSION, ok: false, module: path, error: { kind: "evaluation", argument: "--module", message } }));
      io.err(message);
      return EXIT_FAIL;
    }
    throw error;
  } finally {
    io.progress("");
  }
  const ok = reports.every((r) => r.ok);
  if (flags.json) {
    io.out(toJson({ version: REPORT_VERSION, ok, module: path, form, points: reports.map((r, p) => ({ x: (points as unknown[])[p], ...r })) }));
    return ok ? EXIT_PASS : EXIT_FAIL;
  }
  const lines = [`gradcheck check: ${path}, ${reports.length} point${reports.length === 1 ? "" : "s"}, ${form}`];
  reports.forEach((r, p) => {
    lines.push(
      `${at(p)}:`,
      ...formatJacobianReport(r)
        .split("\n")
        .map((l) => `  ${l}`),
    );
  });
  lines.push(ok ? "PASS" : "FAIL");
  io.out(lines.join("\n"));
  return ok ? EXIT_PASS : EXIT_FAIL;
}
