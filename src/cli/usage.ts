/**
 * Bad usage of the command line: an unknown option, a malformed value, a missing file.
 * The dispatcher turns it into a message on stderr and exit code 2.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    /** The command whose `--help` the message points at ("" for the top level). */
    readonly command = "",
  ) {
    super(message);
  }
}

/** Exit codes: 0 the check passed, 1 it failed, 2 the command was used wrongly. */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_USAGE = 2;
