#!/usr/bin/env node
// kubectl-tenantnet: `kubectl tenantnet …` runs this once it is on PATH (kubectl's plugin mechanism).
// Run through a link named kubectl_complete-tenantnet, it answers kubectl's plugin completion.
import { basename } from 'node:path';
import { COMPLETE_COMMAND } from './args.js';
import { runCli } from './run.js';

// `kubectl tenantnet matrix | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const args = process.argv.slice(2);
const completing = basename(process.argv[1] ?? '').startsWith('kubectl_complete-');

// No top-level await: the single-executable build bundles this file as CommonJS.
runCli(completing ? [COMPLETE_COMMAND, ...args] : args, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY,
  env: process.env,
}).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
