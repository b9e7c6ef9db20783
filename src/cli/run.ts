/**
 * The dispatcher: argv → a command → an exit code. No arguments runs the main job.
 * UsageError becomes a message and exit 2; everything else a command returns.
 */
import { mainJob } from "../main.js";
import { checkCommand } from "./check.js";
import { deltaCommand } from "./delta.js";
import { explainCommand } from "./explain.js";
import { CHECK_HELP, DELTA_HELP, EXPLAIN_HELP, MAIN_HELP, SWEEP_HELP } from "./help.js";
import type { Io } from "./io.js";
import { sweepCommand } from "./sweep.js";
import { EXIT_FAIL, EXIT_PASS, EXIT_USAGE, UsageError } from "./usage.js";

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

export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [name, ...rest] = argv;
    if (name === undefined) {
      const { text, ok } = mainJob();
      io.out(text);
      return ok ? EXIT_PASS : EXIT_FAIL;
    }
    if (name === "help" || name === "--help" || name === "-h") return help(rest, io);
    const command = commands[name];
    if (command === undefined)
      throw new UsageError(`gradcheck: unknown command ${JSON.stringify(name)} (commands: ${Object.keys(commands).join(", ")}, help)`);
    return await command(rest, io);
  } catch (error) {
    io.progress("");
    if (!(error instanceof UsageError)) throw error;
    io.err(error.message);
    io.err(`see: gradcheck ${error.command === "" ? "help" : `${error.command} --help`}`);
    return EXIT_USAGE;
  }
}
