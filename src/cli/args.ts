/**
 * A small argument parser: `--name value`, `--name=value` and boolean `--name`, nothing else.
 * Every misuse (unknown option, missing value, repeated option, stray word) is a UsageError.
 */
import { UsageError } from "./usage.js";

export type FlagKind = "string" | "boolean";
export type FlagSpec = Readonly<Record<string, FlagKind>>;
export type Flags = Record<string, string | boolean | undefined>;

/** A value may start with "-" only as a number: `--seed -3`. */
const looksLikeValue = (word: string): boolean => !word.startsWith("-") || /^-\d|^-\.\d/.test(word);

/** Parses argv against the flags a command accepts; `--help` and `-h` are accepted by every command. */
export function parseArgs(command: string, argv: readonly string[], spec: FlagSpec): Flags {
  const flags: Flags = {};
  const known: FlagSpec = { ...spec, help: "boolean" };
  for (let k = 0; k < argv.length; k++) {
    const word = argv[k];
    if (word === "-h") {
      flags.help = true;
      continue;
    }
    if (!word.startsWith("--")) throw new UsageError(`gradcheck ${command}: unexpected argument ${JSON.stringify(word)}`, command);
    const eq = word.indexOf("=");
    const name = word.slice(2, eq < 0 ? undefined : eq);
    const kind = known[name];
    if (kind === undefined) throw new UsageError(`gradcheck ${command}: unknown option --${name}`, command);
    if (flags[name] !== undefined) throw new UsageError(`gradcheck ${command}: option --${name} given twice`, command);
    if (kind === "boolean") {
      if (eq >= 0) throw new UsageError(`gradcheck ${command}: option --${name} takes no value`, command);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? word.slice(eq + 1) : argv[k + 1];
    if (value === undefined || value === "" || (eq < 0 && !looksLikeValue(value)))
      throw new UsageError(`gradcheck ${command}: option --${name} needs a value`, command);
    if (eq < 0) k++;
    flags[name] = value;
  }
  return flags;
}

/** An integer flag, or the default when absent. */
export function integerFlag(command: string, flags: Flags, name: string, fallback: number, min = Number.MIN_SAFE_INTEGER): number {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min)
    throw new UsageError(
      `gradcheck ${command}: --${name} must be an integer${min > Number.MIN_SAFE_INTEGER ? ` ≥ ${min}` : ""}, received ${JSON.stringify(raw)}`,
      command,
    );
  return value;
}

/** A comma-separated list of integers ≥ min. */
export function integerList(command: string, name: string, raw: string, min: number): number[] {
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < min))
    throw new UsageError(`gradcheck ${command}: --${name} must be comma-separated integers ≥ ${min}, received ${JSON.stringify(raw)}`, command);
  return parts.map(Number);
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(command: string, flags: Flags, name: string, choices: readonly T[], fallback: T): T {
  const raw = flags[name];
  if (raw === undefined) return fallback;
  if (!choices.includes(raw as T))
    throw new UsageError(`gradcheck ${command}: --${name} must be one of ${choices.join(", ")}, received ${JSON.stringify(raw)}`, command);
  return raw as T;
}

/** A string flag's value, or undefined. */
export function stringFlag(flags: Flags, name: string): string | undefined {
  const raw = flags[name];
  return typeof raw === "string" ? raw : undefined;
}
