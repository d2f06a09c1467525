// `aon verify` from the sources (no build step), for the mutation harness's scratch copies.
import { main } from '../../src/cli/main.js';

process.exitCode = await main(['verify', ...process.argv.slice(2)]);
