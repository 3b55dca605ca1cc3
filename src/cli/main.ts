#!/usr/bin/env node
// kubectl-tenantnet: `kubectl tenantnet …` runs this once it is on PATH (kubectl's plugin mechanism).
import { runCli } from './run.js';

// `kubectl tenantnet matrix | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stdoutIsTty: process.stdout.isTTY,
  env: process.env,
});
