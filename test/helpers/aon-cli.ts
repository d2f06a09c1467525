// The `aon` command run from the sources in a child process (node --import tsx test/helpers/aon-cli.ts …),
// for tests that need a real process: exit codes, stderr as the user sees it, cost. The CPU time it used (ms)
// and its peak resident set (KiB) are appended to stderr as a last line "@@cpu <ms> maxrss <KiB>" for the
// test to read and strip: CPU time, unlike wall-clock time, does not depend on how loaded the machine is.
import { main } from '../../src/cli/main.js';

process.on('exit', () => {
  const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
  process.stderr.write(`@@cpu ${Math.round((userCPUTime + systemCPUTime) / 1000)} maxrss ${maxRSS}\n`);
});
process.exitCode = await main(process.argv.slice(2));
