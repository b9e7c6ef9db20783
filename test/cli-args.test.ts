import { describe, expect, it } from "vitest";
import { choiceFlag, integerFlag, integerList, parseArgs } from "../src/cli/args.js";
import { UsageError } from "../src/cli/usage.js";

const spec = { layers: "string", seed: "string", json: "boolean" } as const;

describe("the argument parser", () => {
  it("reads --name value, --name=value and boolean flags", () => {
    expect(parseArgs("check", ["--layers", "2,3,1", "--seed=4", "--json"], spec)).toEqual({ layers: "2,3,1", seed: "4", json: true });
  });
  it("accepts a negative number as a value", () => {
    expect(parseArgs("check", ["--seed", "-3"], spec)).toEqual({ seed: "-3" });
  });
  it("accepts --help and -h for every command", () => {
    expect(parseArgs("check", ["-h"], spec)).toEqual({ help: true });
    expect(parseArgs("check", ["--help"], spec)).toEqual({ help: true });
  });
  const misuse: [string, string[], string][] = [
    ["an unknown option", ["--layer", "2"], "gradcheck check: unknown option --layer"],
    ["a missing value", ["--layers"], "gradcheck check: option --layers needs a value"],
    ["an option where a value should be", ["--layers", "--json"], "gradcheck check: option --layers needs a value"],
    ["an empty value", ["--layers="], "gradcheck check: option --layers needs a value"],
    ["a repeated option", ["--seed", "1", "--seed", "2"], "gradcheck check: option --seed given twice"],
    ["a value for a boolean", ["--json=yes"], "gradcheck check: option --json takes no value"],
    ["a stray word", ["extra"], 'gradcheck check: unexpected argument "extra"'],
  ];
  it.each(misuse)("refuses %s with a UsageError naming the command", (_name, argv, message) => {
    expect(() => parseArgs("check", argv, spec)).toThrow(UsageError);
    expect(() => parseArgs("check", argv, spec)).toThrow(message);
  });
});

describe("flag values", () => {
  it("integerFlag reads integers, falls back when absent, refuses the rest", () => {
    expect(integerFlag("check", { seed: "12" }, "seed", 1)).toBe(12);
    expect(integerFlag("check", {}, "seed", 1)).toBe(1);
    expect(() => integerFlag("check", { seed: "1.5" }, "seed", 1)).toThrow('gradcheck check: --seed must be an integer, received "1.5"');
    expect(() => integerFlag("check", { seed: "-1" }, "seed", 1, 0)).toThrow("must be an integer ≥ 0");
  });
  it("integerList reads comma-separated integers ≥ min", () => {
    expect(integerList("check", "layers", "2, 3,1", 1)).toEqual([2, 3, 1]);
    expect(() => integerList("check", "layers", "2,0,1", 1)).toThrow('--layers must be comma-separated integers ≥ 1, received "2,0,1"');
  });
  it("choiceFlag accepts only its words", () => {
    expect(choiceFlag("check", { mode: "sparse" }, "mode", ["full", "sparse"], "full")).toBe("sparse");
    expect(() => choiceFlag("check", { mode: "half" }, "mode", ["full", "sparse"], "full")).toThrow(
      '--mode must be one of full, sparse, received "half"',
    );
  });
});
