// The `aon` command line: dispatch to subcommands; every error becomes an exit code and one line (exit.ts):
// input and usage errors exit 2, anything unforeseen exits 70 with the stack in a log file, never on screen.
import { terminalOut, type Out } from './terminal-width.js';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demo } from './demo.js';
import { compareCommand } from './compare.js';
import { verifyCommand } from './verify.js';
import { replayCommand } from './replay.js';
import { mergeCommand } from './merge.js';
import { versionLines } from './version.js';
import { auditCommand } from './audit.js';
import { analyzeCommand } from './analyze.js';
import { ReportError } from '../report/read.js';
import { ModelFileError } from '../io/index.js';
import { printable } from '../io/printable.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './exit.js';
import { CoreError } from '../wasm/status.js';
import { formatHelp } from './help-format.js';

const HELP = formatHelp(`aon — checks of the identifiability theory of next-token predictors

usage: aon <command> [options]

commands (aon <command> --help for each):
  verify      the main job: check every claim of theory.md, write reports
  replay      rerun the counterexamples of a report and confirm them
  merge       combine the reports of a sharded campaign
  compare     are two model files the same next-token predictor?
  analyze     one model: ranks, effective complexity, diversity, junk
  audit       are a model's linear properties facts about its distribution?
  demo        a short tour of the Wasm core on a random predictor
  version     the tool, ABI and Wasm build (SHA-256, SIMD or scalar) versions
  help        this text (also --help, -h)

exit codes: 0 yes (equivalent, every claim as expected), 1 no (not equivalent, a claim falsified),
2 usage or input error, 3 inconclusive or incomplete, 70 internal error (a log file holds the details),
130 interrupted`);

/**
 * A reader that closed the pipe (`aon compare … | head`) is not an error: stop quietly with the exit code
 * the command had reached. Without this Node throws EPIPE from an async write as an uncaught exception.
 */
let pipesGuarded = false;
function guardPipes(): void {
  if (pipesGuarded) return;
  pipesGuarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK);
      throw e;
    });
  }
}

/** The stack of an unforeseen error goes to a log file; the user sees one line naming it. */
function logInternalError(e: unknown, argv: string[]): string {
  const file = join(tmpdir(), `aon-error-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}.log`);
  const text = [
    `aon ${argv.join(' ')}`,
    `node ${process.version} ${process.platform}-${process.arch}`,
    '',
    e instanceof Error ? (e.stack ?? String(e)) : String(e),
    e instanceof Error && e.cause !== undefined ? `\ncause: ${e.cause instanceof Error ? e.cause.stack : String(e.cause)}` : '',
  ].join('\n');
  try {
    writeFileSync(file, `${text}\n`);
    return file;
  } catch {
    return '(the log file could not be written)';
  }
}

/** Messages quote paths and values that can be arbitrarily long: each line is kept readable. */
const MAX_LINE = 1000;
function oneMessage(text: string): string {
  return printable(text)
    .split('\n')
    .map((l) => (l.length <= MAX_LINE ? l : `${l.slice(0, MAX_LINE - 200)} … (${l.length - MAX_LINE + 100} characters omitted) … ${l.slice(-100)}`))
    .join('\n');
}

function isInputError(e: unknown): e is Error {
  return (
    e instanceof UsageError ||
    e instanceof ModelFileError ||
    e instanceof ReportError ||
    (e instanceof CoreError && ['input', 'shape', 'nonfinite'].includes(e.code))
  );
}

async function dispatch(command: string | undefined, rest: string[], out: Out): Promise<number> {
  switch (command) {
    case 'verify':
      return await verifyCommand(rest, out);
    case 'replay':
      return replayCommand(rest, out);
    case 'merge':
      return mergeCommand(rest, out);
    case 'compare':
      return compareCommand(rest, out);
    case 'analyze':
      return analyzeCommand(rest, out);
    case 'audit':
      return auditCommand(rest, out);
    case 'demo':
      if (rest.length > 0) throw new UsageError(`demo takes no arguments, got: ${rest.join(' ')}`);
      demo(out);
      return EXIT_OK;
    case 'version':
    case '--version':
      if (rest.length > 0) throw new UsageError(`version takes no arguments, got: ${rest.join(' ')}`);
      for (const line of versionLines()) out(line);
      return EXIT_OK;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(HELP);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    default:
      throw new UsageError(`unknown command '${command}' (try: aon help)`);
  }
}

export async function main(
  argv: string[],
  out: Out = terminalOut(),
  err: (s: string) => void = (s) => void process.stderr.write(`${s}\n`),
): Promise<number> {
  guardPipes();
  const [command, ...rest] = argv;
  try {
    return await dispatch(command, rest, out);
  } catch (e) {
    if (isInputError(e)) {
      err(`aon: ${oneMessage(e.message)}`);
      return EXIT_USAGE;
    }
    // The Wasm memory stops at 4 GiB: a model that does not fit is an input the tool cannot take, not a bug.
    if (e instanceof CoreError && e.code === 'nomem') {
      err(`aon: too large: the computation needs more than the WebAssembly core's memory limit (4 GiB); ${oneMessage(e.message)}`);
      return EXIT_USAGE;
    }
    if (e instanceof RangeError && /Array buffer allocation failed|Invalid typed array length|Cannot create a string longer/.test(e.message)) {
      err(`aon: too large: ${oneMessage(e.message)} (Node could not allocate the memory the input needs)`);
      return EXIT_USAGE;
    }
    const log = logInternalError(e, argv);
    const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
    err(`aon: internal error: ${oneMessage(message ?? '')} (details in ${log}; please report it)`);
    return EXIT_INTERNAL;
  }
}
