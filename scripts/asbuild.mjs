#!/usr/bin/env node
// Runs `asc assembly/index.ts --target T` and drops binaryen's "Last converge was suboptimal." from its
// stderr. With `converge: true` binaryen repeats the optimisation passes until the module stops shrinking;
// when the last round grew it, binaryen keeps the previous (smaller) module and says so. It is a note, not
// an error, but printed twice during `npm ci` it reads like one. Everything else passes through untouched.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const target = process.argv[2];
if (!target) {
  process.stderr.write('usage: node scripts/asbuild.mjs release|scalar|debug\n');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const asc = join(dirname(require.resolve('assemblyscript/package.json')), 'bin', 'asc.js');
const child = spawn(process.execPath, [asc, 'assembly/index.ts', '--target', target], { stdio: ['ignore', 'inherit', 'pipe'] });
let pending = '';
child.stderr.setEncoding('utf8');
child.stderr.on('data', (chunk) => {
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) if (line.trim() !== 'Last converge was suboptimal.') process.stderr.write(`${line}\n`);
});
child.on('close', (code, signal) => {
  if (pending && pending.trim() !== 'Last converge was suboptimal.') process.stderr.write(pending);
  process.exit(signal ? 1 : (code ?? 1));
});
