import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import tsupConfig from '../../tsup.config.js';

// The package's subpaths and the source files they are built from, read from package.json's `exports`
// and tsup's entries, so a new subpath is picked up by the doc-comment and code-block tests by itself.
const root = resolve(import.meta.dirname, '../..');

/** tsup's entries that are built with type declarations (the library, not the CLI): name → source. */
export function declarationEntries(): Record<string, string> {
  const configs = Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig];
  const entries: Record<string, string> = {};
  for (const config of configs) {
    if (typeof config !== 'object' || config.dts === undefined || config.dts === false) continue;
    const entry = config.entry;
    if (entry !== undefined && !Array.isArray(entry)) Object.assign(entries, entry);
  }
  return entries;
}

/** Each import specifier of the package (`aad-error-handler`, `aad-error-handler/parse`, …) → its source file. */
export function subpathSources(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const entries = declarationEntries();
  const sources: Record<string, string> = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (subpath === './package.json') continue;
    const built = JSON.stringify(target).match(/\.\/dist\/([\w-]+)\.js/)?.[1];
    const source = built === undefined ? undefined : entries[built];
    if (source === undefined) throw new Error(`package.json exports ${subpath}, which no tsup entry with declarations builds`);
    sources[subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`] = source;
  }
  return sources;
}
