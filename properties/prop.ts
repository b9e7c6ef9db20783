/**
 * prop([arbitraries], params)(claim, predicate): a vitest test that runs fc.assert on the
 * property, so a failure prints fast-check's report (seed, path, shrunk counterexample). The
 * same shape as @fast-check/vitest's test.prop, without its import cost: building its test
 * wrappers over vitest 4.1's chain of modifiers takes seconds per test file.
 */
import fc from "fast-check";
import { test } from "vitest";

type Arbitraries<Ts extends unknown[]> = { [K in keyof Ts]: fc.Arbitrary<Ts[K]> };

export function prop<Ts extends unknown[]>(arbitraries: Arbitraries<Ts>, params: fc.Parameters<Ts> = {}) {
  return (claim: string, predicate: (...args: Ts) => unknown): void => {
    const body = (): void => {
      const property = (fc.property as unknown as (...args: unknown[]) => fc.IProperty<Ts>)(...arbitraries, predicate);
      fc.assert(property, params);
    };
    test(claim, body);
  };
}
