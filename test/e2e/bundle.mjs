// Source modules (TypeScript under src/) imported into an end-to-end test, bundled with esbuild, so a test's
// expectations come from core's own code rather than from numbers copied into the test.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `lines` are export statements with paths relative to the repository root, e.g. "export { main } from './src/cli/main';". */
export async function importSource(lines, name) {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    stdin: { contents: lines.join('\n'), resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    // Libraries stay imports, resolved from the repository's node_modules.
    packages: 'external',
    write: false,
    logLevel: 'silent',
  });
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, 'test-results', `.${name}-`));
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, out.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
