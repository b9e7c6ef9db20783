/**
 * A safe parser for the formulas learners write for δ: numbers, variables, + − * / ^,
 * unary minus, parentheses and a few functions. Recursive descent, no eval, no Function:
 *
 *     sum     := product (("+" | "-") product)*
 *     product := unary (("*" | "/" | juxtaposition) power)*    2(x − y) and 2 (x − y) θ'(s) multiply
 *     unary   := ("-" | "+") unary | power
 *     power   := atom ("^" unary)?            right-associative: 2^3^2 = 2^(3^2); -x^2 = -(x^2)
 *     atom    := number | name | name "(" sum ")" | "(" sum ")"
 *
 * The way the tool prints formulas and learners write them by hand is read too: − (U+2212) is "-",
 * · and × are "*", ² and ³ are "^2" and "^3", and θ(s), θ'(s) are the output activation and its
 * derivative (functions the caller supplies).
 */
export type Expr =
  | { kind: "number"; value: number }
  | { kind: "variable"; name: string }
  | { kind: "call"; name: string; argument: Expr }
  | { kind: "unary"; operand: Expr }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "^"; left: Expr; right: Expr };

/** The functions a formula may call, each of one argument. */
export const functions: Readonly<Record<string, (v: number) => number>> = {
  tanh: Math.tanh,
  sinh: Math.sinh,
  cosh: Math.cosh,
  /** sech v = 1 / cosh v: tanh' = sech². */
  sech: (v) => 1 / Math.cosh(v),
  exp: Math.exp,
  log: Math.log,
  ln: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sin: Math.sin,
  cos: Math.cos,
  /** σ(v) = 1 / (1 + e^−v) */
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  /** The unit step [v > 0], the derivative of relu away from 0. */
  step: (v) => (v > 0 ? 1 : 0),
  relu: (v) => Math.max(v, 0),
};

/** A malformed formula; `position` is the 0-based character offset of the problem. */
export class FormulaError extends Error {
  override readonly name = "FormulaError";
  constructor(
    readonly problem: string,
    readonly source: string,
    readonly position: number,
  ) {
    super(`${problem} at position ${position + 1}\n  ${source}\n  ${" ".repeat(position)}^`);
  }
}

interface Token {
  text: string;
  kind: "number" | "name" | "symbol" | "end";
  at: number;
}

/** Symbols written the typographic way, read as their ASCII operators. */
const SYMBOLS: Readonly<Record<string, string>> = { "−": "-", "·": "*", "×": "*", "⋅": "*", "∗": "*" };
/** Superscript powers: x² is x ^ 2. */
const SUPERSCRIPTS: Readonly<Record<string, string>> = { "²": "2", "³": "3" };

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_θσ][\w]*'?)|([-+*/^()−·×⋅∗])|([²³]))/y;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    pattern.lastIndex = at;
    const match = pattern.exec(source);
    if (match === null) {
      const bad = at + (source.slice(at).length - source.slice(at).trimStart().length);
      throw new FormulaError(`unexpected character ${JSON.stringify(source[bad])}`, source, bad);
    }
    const text = match[1] ?? match[2] ?? match[3] ?? match[4];
    const start = pattern.lastIndex - text.length;
    if (match[4] !== undefined) {
      tokens.push({ text: "^", kind: "symbol", at: start }, { text: SUPERSCRIPTS[text], kind: "number", at: start });
    } else
      tokens.push({
        text: match[3] !== undefined && Object.hasOwn(SYMBOLS, text) ? SYMBOLS[text] : text,
        kind: match[1] ? "number" : match[2] ? "name" : "symbol",
        at: start,
      });
    at = pattern.lastIndex;
  }
  tokens.push({ text: "end of formula", kind: "end", at: source.length });
  return tokens;
}

/**
 * Parses `source`, accepting only the given variable names, and besides the built-in functions the
 * names in `extra` (such as θ and θ' for the output activation). Throws FormulaError.
 */
export function parseFormula(source: string, variables: readonly string[], extra: readonly string[] = []): Expr {
  const isFunction = (name: string): boolean => Object.hasOwn(functions, name) || extra.includes(name);
  const tokens = tokenize(source);
  let next = 0;
  const peek = (): Token => tokens[next];
  const fail = (problem: string, token = peek()): never => {
    throw new FormulaError(problem, source, token.at);
  };
  const expect = (text: string): void => {
    if (peek().text !== text || peek().kind !== "symbol") fail(`expected "${text}", found ${describe(peek())}`);
    next++;
  };

  /** operand (op operand)*, grouped to the left: a − b − c is (a − b) − c. */
  const leftAssociative = (ops: readonly ("+" | "-" | "*" | "/")[], operand: () => Expr) => (): Expr => {
    let left = operand();
    for (let op = peek().text; (ops as readonly string[]).includes(op); op = peek().text) {
      next++;
      left = { kind: "binary", op: op as (typeof ops)[number], left, right: operand() };
    }
    return left;
  };
  /** A number, a name or "(" right after an operand: an implicit product, 2(x − y) = 2 * (x − y). */
  const startsOperand = (t: Token): boolean => t.kind === "number" || t.kind === "name" || (t.kind === "symbol" && t.text === "(");
  const product = (): Expr => {
    let left = unary();
    for (let t = peek(); ; t = peek()) {
      if (t.kind === "symbol" && (t.text === "*" || t.text === "/")) {
        next++;
        left = { kind: "binary", op: t.text, left, right: unary() };
      } else if (startsOperand(t)) left = { kind: "binary", op: "*", left, right: power() };
      else return left;
    }
  };
  const sum = leftAssociative(["+", "-"], product);
  const unary = (): Expr => {
    if (peek().text === "-") {
      next++;
      return { kind: "unary", operand: unary() };
    }
    if (peek().text === "+") {
      next++;
      return unary();
    }
    return power();
  };
  const power = (): Expr => {
    const base = atom();
    if (peek().text !== "^") return base;
    next++;
    return { kind: "binary", op: "^", left: base, right: unary() };
  };
  const atom = (): Expr => {
    const token = tokens[next];
    if (token.kind === "number") {
      next++;
      return { kind: "number", value: Number(token.text) };
    }
    if (token.kind === "name") {
      next++;
      if (peek().text === "(" && !(variables.includes(token.text) && !isFunction(token.text))) {
        if (!isFunction(token.text)) fail(`unknown function "${token.text}" (known: ${[...Object.keys(functions), ...extra].join(", ")})`, token);
        next++;
        const argument = sum();
        expect(")");
        return { kind: "call", name: token.text, argument };
      }
      if (!variables.includes(token.text))
        fail(
          isFunction(token.text)
            ? `function "${token.text}" needs parentheses: ${token.text}(...)`
            : `unknown variable "${token.text}" (use ${variables.join(", ")})`,
          token,
        );
      return { kind: "variable", name: token.text };
    }
    if (token.text === "(") {
      next++;
      const inner = sum();
      expect(")");
      return inner;
    }
    return fail(`expected a number, a variable or "(", found ${describe(token)}`);
  };

  const expr = sum();
  if (peek().kind !== "end") {
    const t = peek();
    fail(
      t.text === ")"
        ? 'unmatched ")"'
        : `expected an operator, found ${describe(t)}${t.text === "(" || t.kind !== "symbol" ? " (write multiplication as *)" : ""}`,
    );
  }
  return expr;
}

function describe(token: Token): string {
  return token.kind === "end" ? "the end of the formula" : `"${token.text}"`;
}
