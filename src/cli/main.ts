// park-atlas command line (DESIGN §10): the same core code paths as the app. JSON to stdout, messages to stderr;
// exit 0 on success, 1 on bad input, 2 on bad usage. No stack trace for bad input.
import { readFile } from 'node:fs/promises';
import { readDate, todayIso } from '../core/dates';
import { evaluate } from '../core/evaluate';
import { parseGeoJsonText, parseJsonText } from '../core/io/geojson';
import { readRuleSet, type RuleSet } from '../core/rules/ruleset';
import { formatProblem, type Problem } from '../core/schema/problems';
import type { ValidatedLayer } from '../core/schema/validate';
import type { Locale } from '../core/units';
import { metricsJson } from './output';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env?: Record<string, string | undefined>;
}

const VERSION = '0.1.0';

const USAGE = `Usage: park-atlas <command> [options]

Commands:
  metrics FILE... [--review-date YYYY-MM-DD] [--rules FILE] [--approaching-days N]
      Area, metrics, rule flags and idle-land findings for every parcel, with zone, park and
      relocation figures, as JSON on stdout.

Options:
  --lang zh|en   language of messages on stderr (default: from LANG)
  --help, -h     this text
  --version      the version

Exit codes: 0 success, 1 bad input (the message names file, feature and problem), 2 bad usage.`;

class UsageError extends Error {}

interface Parsed {
  command: string | null;
  files: string[];
  options: Map<string, string | true>;
}

const VALUE_OPTIONS = new Set(['--review-date', '--rules', '--lang', '--approaching-days']);
const FLAG_OPTIONS = new Set(['--help', '-h', '--version']);

function parseArgs(argv: string[]): Parsed {
  const options = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') { positional.push(...argv.slice(i + 1)); break; }
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      if (VALUE_OPTIONS.has(name)) {
        const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value`);
        options.set(name, value);
      } else if (FLAG_OPTIONS.has(name)) {
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

function localeFrom(options: Map<string, string | true>, env: Record<string, string | undefined>): Locale {
  const lang = options.get('--lang');
  if (lang === 'zh' || lang === 'en') return lang;
  if (lang !== undefined) throw new UsageError(`--lang must be zh or en, found ${String(lang)}`);
  return /^zh/i.test(env.LC_ALL || env.LANG || '') ? 'zh' : 'en';
}

async function readText(path: string): Promise<{ ok: true; text: string } | { ok: false; message: string }> {
  try {
    return { ok: true, text: await readFile(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    return { ok: false, message: `${path}: ${why}` };
  }
}

const MAX_PRINTED = 50;

function printProblems(problems: readonly Problem[], locale: Locale, io: CliIo): void {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  for (const list of [errors, warnings]) {
    for (const p of list.slice(0, MAX_PRINTED)) io.stderr(formatProblem(p, locale));
    if (list.length > MAX_PRINTED) io.stderr(locale === 'zh' ? `……另有 ${list.length - MAX_PRINTED} 条同类信息` : `... and ${list.length - MAX_PRINTED} more`);
  }
}

async function metricsCommand(parsed: Parsed, locale: Locale, io: CliIo): Promise<number> {
  if (parsed.files.length === 0) throw new UsageError('metrics needs at least one GeoJSON FILE');
  let reviewDate = todayIso();
  const rd = parsed.options.get('--review-date');
  if (typeof rd === 'string') {
    const r = readDate(rd);
    if (r.status !== 'ok' || !/^\d{4}-\d{2}-\d{2}$/.test(rd)) throw new UsageError(`--review-date must be a real date as YYYY-MM-DD, found ${rd}`);
    reviewDate = r.date;
  }
  let approachingDays: number | undefined;
  const ad = parsed.options.get('--approaching-days');
  if (typeof ad === 'string') {
    if (!/^\d+$/.test(ad)) throw new UsageError(`--approaching-days must be a whole number of days, found ${ad}`);
    approachingDays = Number(ad);
  }

  let rules: RuleSet | undefined;
  const rulesPath = parsed.options.get('--rules');
  if (typeof rulesPath === 'string') {
    const text = await readText(rulesPath);
    if (!text.ok) { io.stderr(text.message); return 1; }
    const json = parseJsonText(text.text, rulesPath);
    if (!json.ok) { printProblems(json.problems, locale, io); return 1; }
    const set = readRuleSet(json.value);
    if (!set.ok) { for (const e of set.errors) io.stderr(`${rulesPath}: ${e}`); return 1; }
    rules = set.value;
  }

  const layers: ValidatedLayer[] = [];
  const problems: Problem[] = [];
  let unreadable = false;
  for (const path of parsed.files) {
    const text = await readText(path);
    if (!text.ok) { io.stderr(text.message); unreadable = true; continue; }
    const result = parseGeoJsonText(text.text, path);
    if (!result.ok) { problems.push(...result.problems); continue; }
    result.value.layer.name = path;
    problems.push(...result.value.problems);
    layers.push(result.value);
  }
  const hasError = unreadable || problems.some((p) => p.severity === 'error');
  printProblems(problems, locale, io);
  if (hasError) return 1;

  const evaluation = evaluate(layers, { reviewDate, rules, approachingDays });
  printProblems(evaluation.warnings, locale, io);
  io.stdout(JSON.stringify(metricsJson(evaluation), null, 2));
  return 0;
}

/** Runs one command line; returns the exit code. Never throws for bad input or usage. */
export async function main(argv: string[], io: CliIo = defaultIo()): Promise<number> {
  const env = io.env ?? {};
  try {
    const parsed = parseArgs(argv);
    if (parsed.options.has('--version')) { io.stdout(VERSION); return 0; }
    if (parsed.options.has('--help') || parsed.options.has('-h')) { io.stdout(USAGE); return 0; }
    const locale = localeFrom(parsed.options, env);
    switch (parsed.command) {
      case 'metrics':
        return await metricsCommand(parsed, locale, io);
      case null:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command "${parsed.command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`park-atlas: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    // A fault of ours, not of the input: say so plainly, still without a stack trace unless asked.
    io.stderr(`park-atlas: internal error: ${(e as Error)?.message ?? String(e)}${env.PARK_ATLAS_DEBUG ? `\n${(e as Error)?.stack}` : ''}`);
    return 70;
  }
}

function defaultIo(): CliIo {
  return { stdout: (t) => process.stdout.write(`${t}\n`), stderr: (t) => process.stderr.write(`${t}\n`), env: process.env };
}

