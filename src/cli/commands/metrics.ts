// `park-atlas metrics` (DESIGN §10): area, metrics, flags and idle findings per parcel, with zone/park/relocation figures.
import { readDate, todayIso, type IsoDate } from '../../core/dates';
import { evaluate } from '../../core/evaluate';
import { parseJsonText } from '../../core/io/geojson';
import { readRuleSet, type RuleSet } from '../../core/rules/ruleset';
import { printProblems, readLayers, readText, UsageError, type CliIo, type Command, type Parsed } from '../common';
import type { Locale } from '../../core/units';
import { metricsJson } from '../output';

/** `--review-date` (default today) as an ISO date; bad usage otherwise. */
export function reviewDateOption(parsed: Parsed): IsoDate {
  const rd = parsed.options.get('--review-date');
  if (typeof rd !== 'string') return todayIso();
  const r = readDate(rd);
  if (r.status !== 'ok' || !/^\d{4}-\d{2}-\d{2}$/.test(rd)) throw new UsageError(`--review-date must be a real date as YYYY-MM-DD, found ${rd}`);
  return r.date;
}

export function approachingDaysOption(parsed: Parsed): number | undefined {
  const ad = parsed.options.get('--approaching-days');
  if (typeof ad !== 'string') return undefined;
  if (!/^\d+$/.test(ad)) throw new UsageError(`--approaching-days must be a whole number of days, found ${ad}`);
  return Number(ad);
}

/** `--rules FILE` read and checked; `undefined` for the default preset, `null` after printing why the file is bad. */
export async function rulesOption(parsed: Parsed, locale: Locale, io: CliIo): Promise<RuleSet | undefined | null> {
  const rulesPath = parsed.options.get('--rules');
  if (typeof rulesPath !== 'string') return undefined;
  const text = await readText(rulesPath);
  if (!text.ok) { io.stderr(text.message); return null; }
  const json = parseJsonText(text.text, rulesPath);
  if (!json.ok) { printProblems(json.problems, locale, io); return null; }
  const set = readRuleSet(json.value);
  if (!set.ok) { for (const e of set.errors) io.stderr(`${rulesPath}: ${e}`); return null; }
  return set.value;
}

export const metricsCommand: Command = {
  usage: `  metrics FILE... [--review-date YYYY-MM-DD] [--rules FILE] [--approaching-days N]
      Area, metrics, rule flags and idle-land findings for every parcel, with zone, park and
      relocation figures, as JSON on stdout.`,
  valueOptions: ['--review-date', '--rules', '--approaching-days'],
  async run(parsed, locale, io) {
    if (parsed.files.length === 0) throw new UsageError('metrics needs at least one GeoJSON FILE');
    const reviewDate = reviewDateOption(parsed);
    const approachingDays = approachingDaysOption(parsed);
    const rules = await rulesOption(parsed, locale, io);
    if (rules === null) return 1;
    const layers = await readLayers(parsed.files, locale, io);
    if (!layers) return 1;
    const evaluation = evaluate(layers, { reviewDate, rules, approachingDays });
    printProblems(evaluation.warnings, locale, io);
    io.stdout(JSON.stringify(metricsJson(evaluation), null, 2));
    return 0;
  },
};
