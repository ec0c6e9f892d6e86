import { runCli } from './run-cli.js';

// The `aadsts` bin: all logic lives in run-cli.ts so tests can run it in-process.
const args = process.argv.slice(2);
// `simulate` serves until it is told to stop; the other commands keep Node's default Ctrl+C.
const stop = new AbortController();
if (args[0] === 'simulate') for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop.abort());
runCli(args, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, signal: stop.signal }).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
