// The `aon` command line: dispatch to subcommands; errors become exit codes (0 ok, 1 failed, 2 usage).
import { readFileSync } from 'node:fs';
import { demo } from './demo.js';
import { compareCommand } from './compare.js';
import { verifyCommand } from './verify.js';
import { replayCommand } from './replay.js';
import { mergeCommand } from './merge.js';
import { auditCommand } from './audit.js';
import { analyzeCommand } from './analyze.js';
import { ReportError } from '../report/read.js';
import { ModelFileError } from '../io/index.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from './exit.js';
import { CoreError } from '../wasm/status.js';

const HELP = `aon — checks of the identifiability theory of next-token predictors

usage: aon <command> [options]

commands:
  verify      the main job: check every claim of theory.md, write reports (aon verify --help)
  replay      rerun the counterexamples of a report and confirm them (aon replay --help)
  merge       combine the reports of a sharded campaign (aon merge --help)
  compare     are two model files the same next-token predictor? (aon compare --help)
  analyze     one model: ranks, effective complexity, diversity, junk (aon analyze --help)
  audit       are a model's linear properties facts about its distribution? (aon audit --help)
  demo        a short tour of the Wasm core on a random predictor
  version     print the tool, ABI and build versions
  help        this text

exit codes: 0 ok, 1 a claim falsified or a check failed, 2 usage or input error`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => void process.stdout.write(`${s}\n`),
  err: (s: string) => void = (s) => void process.stderr.write(`${s}\n`),
): Promise<number> {
  const [command, ...rest] = argv;
  try {
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
        out(`all-or-none ${version()}`);
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
  } catch (e) {
    if (e instanceof UsageError || e instanceof ModelFileError || e instanceof ReportError || (e instanceof CoreError && ['input', 'shape', 'nonfinite'].includes(e.code))) {
      err(`aon: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
