// What every park-atlas command shares: argument parsing, reading files, printing problems.
import { readFile, stat } from 'node:fs/promises';
import { decodeJsonBytes, parseGeoJsonText } from '../core/io/geojson';
import { inputSizeProblem } from '../core/io/limits';
import { formatProblem, type Problem } from '../core/schema/problems';
import type { ValidatedLayer } from '../core/schema/validate';
import type { Locale } from '../core/units';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
}

/** Bad usage: main prints the message and the usage text and exits 2. */
export class UsageError extends Error {}

export interface Parsed {
  command: string | null;
  files: string[];
  options: Map<string, string | true>;
}

/** One command of the CLI (DESIGN §10). `run` returns the exit code. */
export interface Command {
  /** Lines for the usage text, indented as the others. */
  usage: string;
  /** Options that take a value (`--name value` or `--name=value`). */
  valueOptions?: readonly string[];
  /** Options without a value. */
  flagOptions?: readonly string[];
  run(parsed: Parsed, locale: Locale, io: CliIo): Promise<number>;
}

export function parseArgs(argv: string[], valueOptions: ReadonlySet<string>, flagOptions: ReadonlySet<string>): Parsed {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (valueOptions.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
        options.set(name, value);
      } else if (flagOptions.has(name)) {
        options.set(name, true);
      } else {
        throw new UsageError(`unknown option ${arg}`);
      }
    } else {
      positional.push(arg);
    }
  }
  return { command: positional[0] ?? null, files: positional.slice(1), options };
}

export function localeFrom(options: Map<string, string | true>, env: Record<string, string | undefined>): Locale {
  const lang = options.get('--lang');
  if (lang === 'zh' || lang === 'en') return lang;
  if (lang !== undefined) throw new UsageError(`--lang must be zh or en, found ${String(lang)}`);
  return /^zh/i.test(env.LC_ALL || env.LANG || '') ? 'zh' : 'en';
}

function fileErrorMessage(path: string, e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return `${path}: ${why}`;
}

/** Over-large files are refused from their size alone, before a byte is read (core/io/limits.ts). */
async function sizeMessage(path: string, locale: Locale): Promise<string | null> {
  const p = inputSizeProblem(path, (await stat(path)).size);
  return p ? formatProblem(p, locale) : null;
}

export async function readText(path: string, locale: Locale = 'en'): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    const tooLarge = await sizeMessage(path, locale);
    if (tooLarge) return { ok: false, message: tooLarge };
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (e) {
    return { ok: false, message: fileErrorMessage(path, e) };
  }
}

export async function readBytes(path: string, locale: Locale = 'en'): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  try {
    const tooLarge = await sizeMessage(path, locale);
    if (tooLarge) return { ok: false, message: tooLarge };
    return { ok: true, bytes: new Uint8Array(await readFile(path)) };
  } catch (e) {
    return { ok: false, message: fileErrorMessage(path, e) };
  }
}

const MAX_PRINTED = 50;

export function printProblems(problems: readonly Problem[], locale: Locale, io: CliIo): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  for (const list of [errors, warnings]) {
    for (const p of list.slice(0, MAX_PRINTED)) io.stderr(formatProblem(p, locale));
    if (list.length > MAX_PRINTED) io.stderr(locale === 'zh' ? `……另有 ${list.length - MAX_PRINTED} 条同类信息` : `... and ${list.length - MAX_PRINTED} more`);
  }
}

/** Reads and validates GeoJSON layers; prints their problems. `null` when any file is unreadable or has an error. */
export async function readLayers(files: readonly string[], locale: Locale, io: CliIo): Promise<ValidatedLayer[] | null> {
  const layers: ValidatedLayer[] = [];
  const problems: Problem[] = [];
  let unreadable = false;
  for (const path of files) {
    const bytes = await readBytes(path, locale);
    if (!bytes.ok) { io.stderr(bytes.message); unreadable = true; continue; }
    const text = decodeJsonBytes(bytes.bytes, path);
    if (!text.ok) { problems.push(...text.problems); continue; }
    problems.push(...text.problems);
    const result = parseGeoJsonText(text.text, path);
    if (!result.ok) { problems.push(...result.problems); continue; }
    result.value.layer.name = path;
    problems.push(...result.value.problems);
    layers.push(result.value);
  }
  const hasError = unreadable || problems.some((p) => p.severity === 'error');
  printProblems(problems, locale, io);
  return hasError ? null : layers;
}
