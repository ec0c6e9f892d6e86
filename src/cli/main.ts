import { runCli } from './run-cli.js';

// The `aadsts` bin: all logic lives in run-cli.ts so tests can run it in-process.
runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
