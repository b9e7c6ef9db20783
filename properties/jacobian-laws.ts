/**
 * The Jacobian claims, as checks on one drawn case each: a right Jacobian passes, one entry
 * moved by a relative 1e-6 fails and is named, and the full, VJP and JVP forms agree. Shared by
 * properties/jacobian.test.ts (on the real code) and jacobian-mutations.test.ts (each planted
 * mistake must break one).
 */
import fc from "fast-check";
import { expect } from "vitest";
import { type VectorMapCase, vectorMapCase } from "../src/arbitraries/vector-maps.js";
import { checkJacobian } from "../src/check/check-jacobian.js";
import { checkJVP, checkVJP } from "../src/check/check-product.js";
import { formatJacobianReport } from "../src/check/jacobian-report.js";

export const times = (J: number[][], t: ArrayLike<number>): number[] => J.map((row) => row.reduce((s, v, k) => s + v * t[k], 0));
export const timesT = (J: number[][], v: ArrayLike<number>): number[] => J[0].map((_, k) => J.reduce((s, row, i) => s + row[k] * v[i], 0));

/** The entry (i, k) moved: the one the case's `pick` selects among entries at least a tenth of their row's largest. */
export interface MovedCase {
  map: VectorMapCase;
  pick: number;
}

/** Entries of J at x whose size is at least a tenth of their row's largest |J| (so a relative 1e-6 is ≥ 1e-7 of the row). */
export function largeEntries(map: VectorMapCase): [number, number][] {
  const J = map.jacobian(Float64Array.from(map.x));
  const out: [number, number][] = [];
  J.forEach((row, i) => {
    const top = Math.max(...row.map(Math.abs));
    row.forEach((v, k) => {
      if (top > 0 && Math.abs(v) >= 0.1 * top) out.push([i, k]);
    });
  });
  return out;
}

/** A well-scaled map with at least one large entry, and which entry to move. */
export const movedCase: fc.Arbitrary<MovedCase> = fc.record({
  map: vectorMapCase({ edges: false }).filter((m) => largeEntries(m).length > 0),
  pick: fc.nat(),
});

const moved = (map: VectorMapCase, i: number, k: number) => (x: Float64Array) => {
  const J = map.jacobian(x);
  J[i][k] *= 1 + 1e-6;
  return J;
};

/** A wider map (9 to 30 inputs), where directional mode bisects rather than checking every column. */
export const wideMovedCase: fc.Arbitrary<MovedCase> = fc.record({
  map: vectorMapCase({ edges: false, maxInputs: 30, maxOutputs: 4 }).filter((m) => m.n >= 9 && largeEntries(m).length > 0),
  pick: fc.nat(),
});

export const jacobianClaims = {
  rightNeverMismatches: {
    name: "a right Jacobian, VJP or JVP never mismatches (on any map, tiny values included: it passes or names unresolved entries)",
    check(map: VectorMapCase): void {
      const reports = [
        checkJacobian(map.f, map.x, map.jacobian),
        checkVJP(map.f, map.x, (x, v) => timesT(map.jacobian(x), v)),
        checkJVP(map.f, map.x, (x, t) => times(map.jacobian(x), t)),
      ];
      for (const r of reports) {
        expect(r.mismatches, `${r.form}: ${map.description}\n${formatJacobianReport(r)}`).toEqual([]);
        expect(r.ok || r.unresolved.length > 0, `${r.form}: ${map.description}\n${formatJacobianReport(r)}`).toBe(true);
      }
    },
  },
  rightPasses: {
    name: "a right Jacobian, VJP and JVP pass (evenly spread weights and points)",
    check(map: VectorMapCase): void {
      const r = checkJacobian(map.f, map.x, map.jacobian);
      expect(r.ok, `${map.description}\n${formatJacobianReport(r)}`).toBe(true);
      expect(checkVJP(map.f, map.x, (x, v) => timesT(map.jacobian(x), v)).ok, map.description).toBe(true);
      expect(checkJVP(map.f, map.x, (x, t) => times(map.jacobian(x), t)).ok, map.description).toBe(true);
    },
  },
  movedNamed: {
    name: "one entry moved by a relative 1e-6 fails and is named",
    check({ map, pick }: MovedCase): void {
      const entries = largeEntries(map);
      const [i, k] = entries[pick % entries.length];
      const r = checkJacobian(map.f, map.x, moved(map, i, k));
      expect(r.ok, `${map.description}\n${formatJacobianReport(r)}`).toBe(false);
      expect(
        r.mismatches.map((m) => m.name),
        `${map.description}\n${formatJacobianReport(r)}`,
      ).toEqual([`J[${i}][${k}]`]);
    },
  },
  directionalNamed: {
    name: "directional VJP and JVP checks bisect to an entry moved by a relative 1e-6 and name it, checking fewer columns than n",
    check({ map, pick }: MovedCase): void {
      const entries = largeEntries(map);
      const [i, k] = entries[pick % entries.length];
      const wrong = moved(map, i, k);
      for (const r of [
        checkVJP(map.f, map.x, (x, v) => timesT(wrong(x), v), { mode: "directional" }),
        checkJVP(map.f, map.x, (x, t) => times(wrong(x), t), { mode: "directional" }),
      ]) {
        expect(
          r.mismatches.map((m) => m.name),
          `${r.form}: ${map.description}\n${formatJacobianReport(r)}`,
        ).toEqual([`J[${i}][${k}]`]);
        expect(r.checked.length).toBeLessThan(map.n);
      }
    },
  },
  formsAgree: {
    name: "the full, VJP and JVP forms agree on the same f: the same verdict, the same entry named",
    check({ map, pick }: MovedCase): void {
      const entries = largeEntries(map);
      const [i, k] = entries[pick % entries.length];
      const wrong = moved(map, i, k);
      const reports = [
        checkJacobian(map.f, map.x, wrong),
        checkVJP(map.f, map.x, (x, v) => timesT(wrong(x), v), { mode: "full" }),
        checkJVP(map.f, map.x, (x, t) => times(wrong(x), t), { mode: "full" }),
        checkVJP(map.f, map.x, (x, v) => timesT(wrong(x), v), { mode: "directional" }),
        checkJVP(map.f, map.x, (x, t) => times(wrong(x), t), { mode: "directional" }),
      ];
      for (const r of reports) {
        expect(r.ok, `${r.form} ${r.mode}: ${map.description}\n${formatJacobianReport(r)}`).toBe(false);
        expect(
          r.mismatches.map((m) => m.name),
          `${r.form} ${r.mode}: ${map.description}`,
        ).toEqual([`J[${i}][${k}]`]);
      }
    },
  },
};
