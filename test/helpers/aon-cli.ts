// The `aon` command run from the sources in a child process (node --import tsx test/helpers/aon-cli.ts …),
// for tests that need a real process: exit codes, stderr as the user sees it, peak memory. The peak
// resident set is appended to stderr as a last line "@@maxrss <KiB>" for the test to read and strip.
import { main } from '../../src/cli/main.js';

process.on('exit', () => {
  process.stderr.write(`@@maxrss ${process.resourceUsage().maxRSS}\n`);
});
process.exitCode = await main(process.argv.slice(2));
