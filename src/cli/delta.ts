/**
 * `gradcheck delta --activation tanh --loss squared --formula "2*(x-y)*(1-x^2)"`: is a hand-derived
 * output δ right? For one output unit, δ = ∂e/∂s with x = θ(s); the formula (in s, x, y) is compared
 * with the numerical ∂e/∂s (checkGradient on s ↦ e) at random (s, y), property-based: a failing
 * (s, y) is shrunk to a simple counterexample (search.ts).
 */
import { InvalidArgumentError } from "../base/errors.js";
import { errorOfOutput } from "../check/check-delta.js";
import { checkGradient } from "../check/check-gradient.js";
import type { GradientCheckReport } from "../check/report.js";
import { evaluateFormula, type FormulaFunctions, showFormula } from "../formula/evaluate.js";
import { type Expr, FormulaError, parseFormula } from "../formula/parse.js";
import { type ElementwiseActivation, elementwise } from "../network/activations.js";
import { type Loss, losses } from "../network/loss.js";
import { createNetwork } from "../network/network.js";
import { choiceFlag, integerFlag, parseArgs, stringFlag } from "./args.js";
import { outputDeltaFormula } from "./formulas.js";
import { DELTA_HELP } from "./help.js";
import { bold, green, type Io, red } from "./io.js";
import { searchCounterexample } from "./search.js";
import { EXIT_FAIL, EXIT_PASS, UsageError } from "./usage.js";

const deltaFlags = { activation: "string", loss: "string", formula: "string", seed: "string" } as const;
const elementwiseActivations = Object.keys(elementwise) as ElementwiseActivation[];

/**
 * s = k/GRID and y = k/GRID for integers k: points on a dyadic grid are exact in floating point and read well,
 * so shrinking (towards k = 0) ends at a counterexample like s = 0.0625, y = 0.
 */
const GRID = 16;
/** s ∈ [−S_RANGE, S_RANGE]: wide enough to leave the linear part of tanh and sigmoid, narrow enough that θ'(s) is not rounded to 0. */
const S_RANGE = 4;
/** Random (s, y) pairs per check: a wrong δ formula fails on most points, so a few hundred find it at once. */
const RUNS = 200;

export interface DeltaVerdict {
  s: number;
  x: number;
  y: number;
  formula: number;
  report: GradientCheckReport;
}

/** One point: the formula's δ against the numerical ∂e/∂s at s, for target y. */
/** θ and θ' of the output activation, for formulas written as 2 (x − y) θ'(s). */
function activationFunctions(activation: ElementwiseActivation): FormulaFunctions {
  const { theta, derivative } = elementwise[activation];
  return { θ: theta, "θ'": (v: number) => derivative(v, theta(v)) };
}
const ACTIVATION_FUNCTIONS = ["θ", "θ'"];

export function judgeAt(activation: ElementwiseActivation, loss: Loss, expr: Expr, s: number, y: number): DeltaVerdict {
  const network = createNetwork({ layers: [1, 1], activation, loss }, [0, 1]);
  const x = elementwise[activation].theta(s);
  const formula = evaluateFormula(expr, { s, x, y }, activationFunctions(activation));
  const report = checkGradient(errorOfOutput(network, [y]), [s], [formula]);
  return { s, x, y, formula, report };
}

function parse(source: string): Expr {
  try {
    return parseFormula(source, ["s", "x", "y"], ACTIVATION_FUNCTIONS);
  } catch (error) {
    if (error instanceof FormulaError)
      throw new UsageError(`gradcheck delta: malformed --formula: ${error.message}`, "delta", "formula", "--formula");
    throw error;
  }
}

export function deltaCommand(argv: readonly string[], io: Io): number {
  const flags = parseArgs("delta", argv, deltaFlags);
  if (flags.help) {
    io.out(DELTA_HELP);
    return EXIT_PASS;
  }
  const activation = choiceFlag("delta", flags, "activation", elementwiseActivations, "tanh");
  const loss = choiceFlag("delta", flags, "loss", losses, "squared");
  const seed = integerFlag("delta", flags, "seed", 1);
  const source = stringFlag(flags, "formula");
  if (source === undefined) throw new UsageError('gradcheck delta: --formula is required, e.g. --formula "2*(x-y)*(1-x^2)"', "delta");
  try {
    createNetwork({ layers: [1, 1], activation, loss });
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new UsageError(`gradcheck delta: --activation ${activation} with --loss ${loss}: ${error.message}`, "delta");
    throw error;
  }
  const expr = parse(source);
  const yRange = loss === "cross-entropy" ? { min: 0, max: 1 } : { min: -1, max: 1 };
  // relu has a kink at s = 0, where δ is not defined; the grid's next point 1/GRID is beyond the widest stencil step.
  const sRange = { min: -S_RANGE * GRID, max: S_RANGE * GRID, skip: (k: number) => activation === "relu" && k === 0 };
  const yRange2 = { min: yRange.min * GRID, max: yRange.max * GRID };
  const holds = ([ks, ky]: number[]): boolean => judgeAt(activation, loss, expr, ks / GRID, ky / GRID).report.ok;
  const details = searchCounterexample(holds, [sRange, yRange2], RUNS, seed);
  const where = `${activation} output, ${loss === "squared" ? "squared error" : "cross-entropy"}, one output unit`;
  const minus = (v: number): string => String(v).replace("-", "−");
  const ranges = `s, y multiples of 1/${GRID}, s ∈ [−${S_RANGE}, ${S_RANGE}], y ∈ [${minus(yRange.min)}, ${yRange.max}]`;
  if (details.counterexample === null) {
    io.out(
      `${green(io.color, bold(io.color, "HOLDS"))} δ = ${source} equals the numerical ∂e/∂s at ${details.runs} random points (${ranges}; ${where}; seed ${seed}).\n  read as ${showFormula(expr)}`,
    );
    return EXIT_PASS;
  }
  const [s, y] = details.counterexample.map((k) => k / GRID);
  const v = judgeAt(activation, loss, expr, s, y);
  io.out(
    [
      `${red(io.color, bold(io.color, "WRONG"))} δ = ${source} is not ∂e/∂s for a ${where}.`,
      `counterexample (found at random point ${details.runs}, then ${details.shrinks} shrinking steps):`,
      `  s = ${s}, x = θ(s) = ${v.x}, y = ${y}`,
      Number.isFinite(v.formula)
        ? `  formula:           ${v.formula}`
        : `  formula:           ${v.formula}: the formula is not finite at s = ${s}, y = ${y}`,
      `  true ∂e/∂s:        ${v.report.numeric[0]}   (numerical, error estimate ${v.report.numericError[0].toExponential(1)})`,
      Number.isFinite(v.formula)
        ? `  difference:        ${Math.abs(v.formula - v.report.numeric[0]).toExponential(2)}, ${v.report.maxRatio.toExponential(1)}× the bound`
        : "  difference:        none can be formed: a value that is not finite is never right",
      `  read as ${showFormula(expr)}`,
      `  the textbook form: δ = ${outputDeltaFormula(activation, loss)}`,
      `  seed ${seed} (--seed ${seed} replays this run)`,
    ].join("\n"),
  );
  return EXIT_FAIL;
}
