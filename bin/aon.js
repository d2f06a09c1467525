#!/usr/bin/env node
// Entry point of the `aon` command: the compiled CLI lives in dist/ (npm install builds it).
import { main } from '../dist/src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
