#!/usr/bin/env node
// Entry of the `park-atlas` command: runs the bundled CLI, rebuilding it first when the sources are newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist-cli', 'park-atlas.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const srcDir = join(root, 'src');
const stale = !existsSync(bundle) || (existsSync(srcDir) && newestSource(join(srcDir, 'core')) > statSync(bundle).mtimeMs) || newestSource(join(srcDir, 'cli')) > statSync(bundle).mtimeMs;
if (stale) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-cli.mjs')], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write('park-atlas: could not build the command line tool (run `npm ci` first)\n');
    process.exit(70);
  }
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
