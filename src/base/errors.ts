/**
 * The library's errors. Each is data first: the function, the argument and the value
 * received are fields, and the message is derived from them, so callers can branch on
 * fields and people can read the sentence.
 */

/** Shows a received value briefly: arrays by length and first entries, strings quoted. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return String(value);
  if (typeof value === "function") return `a function (${value.name || "anonymous"})`;
  if (isPromise(value)) return "a Promise";
  if (ArrayBuffer.isView(value) || Array.isArray(value)) {
    const list = Array.from(value as ArrayLike<unknown>);
    const head = list.slice(0, 4).map(describeValue).join(", ");
    return `[${head}${list.length > 4 ? `, ... (${list.length} entries)` : ""}]`;
  }
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** A Promise or any thenable: what an async function returns. */
export function isPromise(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

/** A public function was called with an argument it cannot use. */
export class InvalidArgumentError extends Error {
  override readonly name = "InvalidArgumentError";
  constructor(
    /** The public function that refused the argument, e.g. "createNetwork". */
    readonly functionName: string,
    /** The argument's path, e.g. "spec.layers". */
    readonly argument: string,
    /** What the argument must be. */
    readonly expected: string,
    /** The value received. */
    readonly received: unknown,
  ) {
    super(`${functionName}: ${argument} must be ${expected}, received ${describeValue(received)}`);
  }
}

/** The function under test threw, or returned something that is not a finite number. */
export class FunctionEvaluationError extends Error {
  override readonly name = "FunctionEvaluationError";
  /** Where f was called, in the user's words: "at the given point", "with x[3] moved by 1.000e-2", or a point along a direction with the coordinates it moved. */
  readonly location: string;
  constructor(
    readonly functionName: string,
    /** What went wrong, in words: "threw", "returned NaN", ... */
    readonly problem: string,
    /** The coordinate being perturbed, or -1 at the unperturbed point and along a direction (then `location` says where). */
    readonly coordinate: number,
    /** The step added to that coordinate, or along the direction (0 at the unperturbed point). */
    readonly step: number,
    /** The value f returned, or the error it threw. */
    override readonly cause: unknown,
    /** The place in the user's words, when the caller knows it better than "x[coordinate]" (a named coordinate, a point along a direction). */
    location?: string,
  ) {
    const where = location ?? (coordinate < 0 ? "at the given point" : `with x[${coordinate}] moved by ${step.toExponential(3)}`);
    const detail = cause instanceof Error ? `: ${cause.message}` : "";
    super(`${functionName}: f ${problem} ${where}${detail}`);
    this.location = where;
  }
}

/**
 * Options are an object or absent; returns them, or {} when absent. With `known`, a key outside it
 * (a typo such as `{ tolerance: 1e-3 }` or `{ seeed: 2 }`) is refused rather than silently ignored.
 */
export function checkOptions<T extends object>(fn: string, options: T | undefined, argument = "options", known?: readonly string[]): T {
  if (options === undefined) return {} as T;
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new InvalidArgumentError(fn, argument, "an object of options, or nothing", options);
  if (known !== undefined)
    for (const key of Object.keys(options))
      if (!known.includes(key))
        throw new InvalidArgumentError(
          fn,
          `${argument}.${key}`,
          `absent: ${JSON.stringify(key)} is not an option of ${fn} (its options: ${known.join(", ")})`,
          (options as Record<string, unknown>)[key],
        );
  return options;
}
