import { describe, expect, it } from "vitest";
import { evaluateFormula, showFormula } from "../src/formula/evaluate.js";
import { FormulaError, parseFormula } from "../src/formula/parse.js";

const vars = ["s", "x", "y"];
const read = (source: string): string => showFormula(parseFormula(source, vars));
const value = (source: string, values = { s: 0.5, x: 0.25, y: -1 }): number => evaluateFormula(parseFormula(source, vars), values);

describe("the formula parser reads formulas as mathematics does", () => {
  it("* and / bind tighter than + and −, and both associate to the left", () => {
    expect(read("1+2*3")).toBe("(1 + (2 * 3))");
    expect(read("8/4/2")).toBe("((8 / 4) / 2)");
    expect(read("1-2-3")).toBe("((1 - 2) - 3)");
    expect(value("8/4/2")).toBe(1);
  });
  it("^ binds tightest and associates to the right: 2^3^2 = 2^9", () => {
    expect(read("2^3^2")).toBe("(2 ^ (3 ^ 2))");
    expect(value("2^3^2")).toBe(512);
  });
  it("unary minus binds looser than ^: -x^2 = -(x^2), and 2^-1 = 0.5", () => {
    expect(read("-x^2")).toBe("(-(x ^ 2))");
    expect(value("-x^2")).toBe(-0.0625);
    expect(value("2^-1")).toBe(0.5);
    expect(value("--3")).toBe(3);
  });
  it("parentheses group, functions apply, numbers take decimals and exponents", () => {
    expect(value("2*(x-y)*(1-x^2)")).toBe(2 * (0.25 + 1) * (1 - 0.0625));
    expect(value("tanh(s) + sigmoid(0) + abs(y) + sqrt(4) + exp(0) + log(1)")).toBe(Math.tanh(0.5) + 0.5 + 1 + 2 + 1 + 0);
    expect(value("1.5e2 + .5 + 2.")).toBe(152.5);
  });
  it("never evaluates anything but its grammar: a JavaScript expression is a parse error", () => {
    expect(() => parseFormula("process.exit(1)", vars)).toThrow(FormulaError);
    expect(() => parseFormula("x; y", vars)).toThrow(FormulaError);
    expect(() => parseFormula("constructor", vars)).toThrow('unknown variable "constructor"');
  });
});

describe("the formula language reads what the tool prints and what learners write by hand", () => {
  const theta = { θ: Math.tanh, "θ'": (v: number) => 1 - Math.tanh(v) ** 2 };
  const withTheta = (source: string, values = { s: 0.5, x: Math.tanh(0.5), y: -1 }): number =>
    evaluateFormula(parseFormula(source, vars, Object.keys(theta)), values, theta);
  it("Unicode − · × ² ³ are - * * ^2 ^3", () => {
    expect(read("2·(x − y)×(1 − x²)")).toBe(read("2*(x-y)*(1-x^2)"));
    expect(value("x³ − x²")).toBe(0.25 ** 3 - 0.25 ** 2);
  });
  it("juxtaposition multiplies, as in the tool's own 2 (x − y)(1 − x²), and binds like *", () => {
    expect(read("2 (x − y)(1 − x²)")).toBe("((2 * (x - y)) * (1 - (x ^ 2)))");
    expect(read("2x^2")).toBe("(2 * (x ^ 2))");
    expect(read("x - y s")).toBe("(x - (y * s))");
    expect(read("x (1 − x)")).toBe("(x * (1 - x))");
  });
  it("sech, cosh, exp and ln are functions; θ(s) and θ'(s) are the activation and its derivative when supplied", () => {
    expect(value("sech(s)^2")).toBeCloseTo(1 - Math.tanh(0.5) ** 2, 15);
    expect(value("cosh(s) + exp(s) + ln(2)")).toBe(Math.cosh(0.5) + Math.exp(0.5) + Math.log(2));
    const x = Math.tanh(0.5);
    expect(withTheta("2 (x − y) θ'(s)")).toBe(2 * (x + 1) * (1 - x ** 2));
    expect(withTheta("θ(s) − x")).toBe(0);
  });
});

describe("a malformed formula gets a message that points at the position", () => {
  const cases: [string, string, number][] = [
    ["2*(x-y", 'expected ")", found the end of the formula', 6],
    ["θ'(s)", 'unknown function "θ\'"', 0],
    ["2*(x-z)", 'unknown variable "z" (use s, x, y)', 5],
    ["foo(x)", 'unknown function "foo"', 0],
    ["tanh x", 'function "tanh" needs parentheses', 0],
    ["x-y)", 'unmatched ")"', 3],
    ["x*", 'expected a number, a variable or "(", found the end of the formula', 2],
    ["x # y", 'unexpected character "#"', 2],
    ["", 'expected a number, a variable or "(", found the end of the formula', 0],
  ];
  it.each(cases)("%s", (source, problem, position) => {
    let caught: unknown;
    try {
      parseFormula(source, vars);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(FormulaError);
    const error = caught as FormulaError;
    expect(error.problem).toContain(problem);
    expect(error.position).toBe(position);
    expect(error.message.split("\n")[2]).toBe(`  ${" ".repeat(position)}^`);
  });
});
