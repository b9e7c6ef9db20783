/**
 * The dispatcher: argv → a command → an exit code. No arguments runs the main job.
 * UsageError becomes a message and exit 2; with --json it is also one object on stdout,
 * { ok: false, error: { kind, argument, message } }, so that a program never reads an empty stdout.
 * Any other error is gradcheck's own fault: exit 3, with the stack, never 1 (which means "gradient wrong").
 */
import { mainJob } from "../main.js";
import { checkCommand } from "./check.js";
import { deltaCommand } from "./delta.js";
import { explainCommand } from "./explain.js";
import { CHECK_HELP, DELTA_HELP, EXPLAIN_HELP, MAIN_HELP, SWEEP_HELP } from "./help.js";
import type { Io } from "./io.js";
import { REPORT_VERSION } from "./report-format.js";
import { sweepCommand } from "./sweep.js";
import { EXIT_FAIL, EXIT_INTERNAL, EXIT_PASS, EXIT_USAGE, UsageError } from "./usage.js";
import { VERSION } from "./version.js";

type Command = (argv: readonly string[], io: Io) => number | Promise<number>;

const commands: Readonly<Record<string, Command>> = { check: checkCommand, explain: explainCommand, delta: deltaCommand, sweep: sweepCommand };
const helps: Readonly<Record<string, string>> = { check: CHECK_HELP, explain: EXPLAIN_HELP, delta: DELTA_HELP, sweep: SWEEP_HELP };

function help(argv: readonly string[], io: Io): number {
  const topic = argv[0];
  if (topic === undefined) io.out(MAIN_HELP);
  else if (topic in helps) io.out(helps[topic]);
  else throw new UsageError(`gradcheck help: no command ${JSON.stringify(topic)} (commands: ${Object.keys(commands).join(", ")})`);
  return EXIT_PASS;
}

/** `--quiet` anywhere silences progress lines; errors and results still print. */
function quietly(io: Io): Io {
  return { ...io, progress: () => {} };
}

/** The error as one JSON object, for --json: what went wrong, which option or input, the sentence. */
function errorJson(kind: string, argument: string, message: string): string {
  return JSON.stringify({ version: REPORT_VERSION, ok: false, error: { kind, argument, message } });
}

export async function run(argv: readonly string[], given: Io): Promise<number> {
  const quiet = argv.includes("--quiet");
  const io = quiet ? quietly(given) : given;
  const words = argv.filter((w) => w !== "--quiet");
  const json = words.includes("--json");
  try {
    const [name, ...rest] = words;
    if (name === undefined) {
      const { text, ok } = mainJob();
      io.out(text);
      return ok ? EXIT_PASS : EXIT_FAIL;
    }
    if (name === "--version" || name === "-v" || name === "version") {
      io.out(`gradcheck ${VERSION}`);
      return EXIT_PASS;
    }
    if (name === "help" || name === "--help" || name === "-h") return help(rest, io);
    const command = commands[name];
    if (command === undefined)
      throw new UsageError(`gradcheck: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(commands).join(", ")}, help, --version)`);
    return await command(rest, io);
  } catch (error) {
    io.progress("");
    if (!(error instanceof UsageError)) {
      const message = error instanceof Error ? error.message : String(error);
      if (json) io.out(errorJson("internal", "", message));
      io.err(`gradcheck: internal error (a bug in gradcheck, please report it): ${error instanceof Error ? (error.stack ?? message) : message}`);
      return EXIT_INTERNAL;
    }
    if (json) io.out(errorJson(error.kind, error.argument || (/--[a-z-]+/.exec(error.message)?.[0] ?? ""), error.message));
    io.err(error.message);
    io.err(`see: gradcheck ${error.command === "" ? "help" : `${error.command} --help`}`);
    return EXIT_USAGE;
  }
}
