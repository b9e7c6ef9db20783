// bench/smooth.mjs's f as a module the workers of a black-box check import (CheckOptions.module):
// n from GRADCHECK_BENCH_SMOOTH_N (worker threads see the same environment), 3000 by default.
import { smoothFunction } from "./smooth.mjs";

const { f, gradient, x } = smoothFunction(Number(process.env.GRADCHECK_BENCH_SMOOTH_N ?? 3000));

export { f, gradient, x };
