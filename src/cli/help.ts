/** The help texts, one per command. */
const NETWORK_OPTIONS = `  --layers 2,3,1           widths d0,…,dL (default 2,3,1)
  --activation tanh        θ per layer: tanh|sigmoid|relu|identity|softmax, one for all or one per layer (comma-separated); softmax at the output only
  --loss squared           squared|cross-entropy (cross-entropy needs a softmax output, or sigmoid with one output unit)
  --seed 1                 seed for the initial weights and the samples
  --spec net.json          the network as JSON instead: { "layers", "activation", "loss"?, "parameters"?, "samples"? }
  --max-parameters 2000000 refuse larger networks up front (a full check takes about 400 bytes per parameter)`;

export const MAIN_HELP = `gradcheck: tells you, with evidence, whether a gradient is right.

usage:
  gradcheck                 the main job: a tanh + squared-error network, δ^(L) and every ∂e/∂w checked
  gradcheck check …         check gradcheck's own backprop engine, your gradient (--module), or your backprop (--backprop)
  gradcheck explain …       backprop on one sample, written out with numbers, analytic beside numeric (--backprop: yours)
  gradcheck delta …         check a hand-derived output δ formula, property-based
  gradcheck sweep …         the step-size curve |D(h) − a| against h (the "V")
  gradcheck help [command]  this text, or a command's
  gradcheck --version       the version

every command: --quiet silences progress lines (on stderr, at most one a second); --json, where a command
offers it, prints errors as one object too: { "ok": false, "error": { "kind", "argument", "message" } }.

exit codes: 0 pass, 1 fail, 2 bad usage (or a check that cannot run), 3 a bug in gradcheck.
Colours only on a terminal, never with NO_COLOR set.`;

export const CHECK_HELP = `usage: gradcheck check [network options] [--mode full|sparse|directional] [--json] [--report out.html]
       gradcheck check --module ./my-gradient.mjs [--json] [--report out.html]
       gradcheck check --backprop ./my-backprop.mjs [network options] [--mode …] [--json]

Checks backprop (createNetwork + checkNetwork on 3 seeded samples) against the numerical gradient of the
mean error: a per-layer summary, the worst coordinates named w[l=..][i=..][j=..], the verdict.
With --module, checks your own gradient: the module exports f (x: Float64Array) => number,
gradient (x) => ArrayLike<number>, and x (one point) or points (several); checkGradient at each point.
A module exporting hessian (x) => n rows beside f gets checkHessian at each point instead.
For a vector map f (x) => ArrayLike<number>, export jacobian (x) => rows, vjp (x, v) or jvp (x, t) instead
of gradient: checkJacobian, checkVJP or checkJVP at each point, each entry named J[i][k].
Without --module or --backprop it judges gradcheck's own engine, not your network.
With --backprop, checks YOUR backprop layer by layer (checkBackprop): the module exports
backprop (input, target, parameters) => { delta?, gradient } (delta[l] for l = 1..L, gradient flat, or
gradient[l][i][j] with gradientLayout = "nested"), optionally forward (input, parameters) => { s, x }, and
spec, parameters, samples (else the network options describe it). Prints each layer's δ^(l) and ∂e/∂w^(l)
verdict, the first wrong layer going down from L, and the slip when it is a known one.

${NETWORK_OPTIONS}
  --module path            an ES or CommonJS module, resolved against the current directory
  --timeout 60             with --module: stop after this many seconds (f runs in a worker thread) and exit 2
  --workers 2              threads a full check spreads its stencils over (default: the machine's available
                           parallelism; 1 turns it off); used from 32 768 parameters (networks) or 1 024
                           coordinates (--module, whose f each thread imports); the report is the same
  --backprop path          an ES module exporting your backprop (see above), resolved against the current directory
  --mode full              full|sparse|directional: which coordinates the check compares; without it the library
                           decides (every coordinate up to its size limit, random directions above)
  --json                   print the report as one JSON object (with "ok")
  --report out.html        write a self-contained HTML report: heatmap, worst coordinates, step-size curve

--seed also seeds the check's own random choices (sampled coordinates, directions); with --module it is the only
network option that applies.

exit codes: 0 pass, 1 fail, 2 bad usage.`;

export const EXPLAIN_HELP = `usage: gradcheck explain [network options]
       gradcheck explain --backprop ./my-backprop.mjs [network options]

Backprop on one sample, with its numbers: s, x, y, θ'(s), δ^(L), each hidden layer's δ by the recursion
δ_i^(l−1) = θ'(s_i^(l−1)) Σ_j w_ij^(l) δ_j^(l), and a few ∂e/∂w_ij^(l) = x_i^(l−1) δ_j^(l), each beside the
numerical value (hidden δ_j^(l) is compared with ∂e/∂w_0j^(l): the bias weight, x_0 = 1).
With --backprop (a module as for gradcheck check --backprop), the same derivation with YOUR numbers: per layer
from L down, your δ^(l), the recursion applied to your δ^(l+1), and the numerical ∂e/∂s^(l) (s moved directly
in a forward pass), then x_i^(l−1) δ_j^(l) beside your ∂e/∂w and the numerical one; the slip, when known.

${NETWORK_OPTIONS}
  --backprop path          your backprop module

exit codes: 0 everything agrees, 1 something disagrees, 2 bad usage.`;

export const DELTA_HELP = `usage: gradcheck delta --activation tanh --loss squared --formula "2*(x-y)*(1-x^2)" [--seed 1]

Checks a hand-derived output δ = ∂e/∂s for ONE output unit, written in s, x = θ(s) and y, against the
numerical ∂e/∂s at 200 random (s, y); a failure is shrunk to a simple counterexample.

  --activation tanh        tanh|sigmoid|relu|identity (one unit: softmax needs several)
  --loss squared           squared (e = (x − y)²) | cross-entropy (sigmoid only)
  --formula "…"            numbers, s x y, + - * / ^ (right-associative), unary minus, parentheses,
                           2(x − y) for 2*(x-y); − · × ² ³ as printed; θ(s) and θ'(s) for the activation
                           and its derivative; functions tanh sinh cosh sech exp log ln sqrt abs sin cos
                           sigmoid relu step
  --seed 1                 seed of the random points, to replay a run

exit codes: 0 the formula holds, 1 it does not (counterexample printed), 2 bad usage or malformed formula.`;

export const SWEEP_HELP = `usage: gradcheck sweep [network options] [--coordinate k[,k…]] [--report out.html]

The step-size curve: |D(h) − a| against h, D(h) the central difference and a backprop's derivative, for
the chosen weights (flat indices; default the first weight of each layer). On log–log axes it draws a V:
truncation falling as h² to the right, rounding rising as 1/h to the left.

${NETWORK_OPTIONS}
  --coordinate 0,9         flat parameter indices
  --report out.html        write the curves as a self-contained HTML file (inline SVG)

exit codes: 0 done, 2 bad usage.`;
