/**
 * Evaluates a parsed formula at given variable values: a walk over the tree, nothing compiled.
 */
import { type Expr, functions } from "./parse.js";

export function evaluateFormula(expr: Expr, values: Readonly<Record<string, number>>): number {
  switch (expr.kind) {
    case "number":
      return expr.value;
    case "variable":
      return values[expr.name];
    case "call":
      return functions[expr.name](evaluateFormula(expr.argument, values));
    case "unary":
      return -evaluateFormula(expr.operand, values);
    case "binary": {
      const a = evaluateFormula(expr.left, values);
      const b = evaluateFormula(expr.right, values);
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
