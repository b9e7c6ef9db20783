/** The floating-point precision f computes in: it sets ε_f, the step, and the rounding floor. */
export type Precision = "float64" | "float32";
export const precisions: readonly Precision[] = ["float64", "float32"];
