/**
 * Evaluates a parsed formula at given variable values: a walk over the tree, nothing compiled.
 */
import { type Expr, functions } from "./parse.js";

/** Functions the caller adds for one evaluation, such as θ and θ' of the output activation. */
export type FormulaFunctions = Readonly<Record<string, (v: number) => number>>;

export function evaluateFormula(expr: Expr, values: Readonly<Record<string, number>>, extra: FormulaFunctions = {}): number {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "variable":
      return values[expr.name];
    case "call":
      return (Object.hasOwn(functions, expr.name) ? functions[expr.name] : extra[expr.name])(evaluateFormula(expr.argument, values, extra));
    case "unary":
      return -evaluateFormula(expr.operand, values, extra);
    case "binary": {
      const a = evaluateFormula(expr.left, values, extra);
      const b = evaluateFormula(expr.right, values, extra);
      if (expr.op === "+") return a + b;
      if (expr.op === "-") return a - b;
      if (expr.op === "*") return a * b;
      if (expr.op === "/") return a / b;
      return a ** b;
    }
  }
}

/** The formula as text with every operation parenthesized: shows how it was read. */
export function showFormula(expr: Expr): string {
  switch (expr.kind) {
    case "number":
      return String(expr.value);
    case "variable":
      return expr.name;
    case "call":
      return `${expr.name}(${showFormula(expr.argument)})`;
    case "unary":
      return `(-${showFormula(expr.operand)})`;
    case "binary":
      return `(${showFormula(expr.left)} ${expr.op} ${showFormula(expr.right)})`;
  }
}
