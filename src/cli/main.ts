#!/usr/bin/env node
import { runCli } from './run-cli.js';

// The exit code is set, not forced, so that stdout finishes flushing when it is a pipe.
process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
