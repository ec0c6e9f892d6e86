// `npm run demo` and the example scripts start with this: it builds dist/ only when a source file is
// newer than the build, so a second start takes a second or two instead of a full tsup run with type
// declarations (about 20 s here; issue 12). `npm run build` still always builds.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

// What `npm run build` reads, and what it must have written for the package's exports and bin.
const INPUTS = ['src', 'tsup.config.ts', 'tsconfig.json', 'package.json'];
const OUTPUTS = ['index', 'parse', 'testing'].flatMap((name) => [`${name}.js`, `${name}.cjs`, `${name}.d.ts`, `${name}.d.cts`]).concat(['cli.js', 'triage.js', 'ja.json']);

/** The newest modification time under `path` (a file or a folder), in epoch milliseconds. */
function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** The oldest output's time, or -Infinity when one is missing. */
function oldestOutput() {
  let oldest = Infinity;
  for (const file of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(root, 'dist', file)).mtimeMs);
    } catch {
      return -Infinity;
    }
  }
  return oldest;
}

const sources = Math.max(...INPUTS.map((input) => newest(join(root, input))));
if (oldestOutput() >= sources) process.exit(0);

console.log('dist/ is missing or older than src/: building once (npm run build)…');
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
process.exit(build.status ?? 1);
