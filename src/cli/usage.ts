/**
 * Bad usage of the command line: an unknown option, a malformed value, a missing file, a network too
 * large to check, a module that does not export what it must. The dispatcher turns it into a message
 * on stderr (and with --json an object on stdout) and exit code 2.
 */

/** What kind of bad usage, for programs reading `--json` errors. */
export type UsageKind = "usage" | "too-large" | "module" | "spec" | "formula" | "timeout";

export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    /** The command whose `--help` the message points at ("" for the top level). */
    readonly command = "",
    /** What went wrong, as a word: "usage" for a malformed command line. */
    readonly kind: UsageKind = "usage",
    /** The option or input at fault, e.g. "--layers" or "--module"; "" when none in particular. */
    readonly argument = "",
  ) {
    super(message);
  }
}

/** Exit codes: 0 the check passed, 1 it failed, 2 the command was used wrongly, 3 gradcheck itself failed (a bug). */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;
