// `park-atlas report FILE... -o report.xlsx` (DESIGN §10): the review workbook (审查台账) — parcels with metrics and
// flags, review queue, idle-land register with the bureau's decisions, inefficient land, relocation, conflicts, rules.
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { evaluate } from '../../core/evaluate';
import { parseJsonText } from '../../core/io/geojson';
import { detectConflictsSync } from '../../core/overlay/detect';
import { conflictRecords } from '../../core/overlay/types';
import { readDecisions, type DecisionState } from '../../core/review/decisions';
import { DEFAULT_RULESET } from '../../core/rules/ruleset';
import { problem, type Problem } from '../../core/schema/problems';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { Locale } from '../../core/units';
import { printProblems, readLayers, readText, UsageError, type CliIo, type Command, type Parsed } from '../common';
import { approachingDaysOption, reviewDateOption, rulesOption } from './metrics';

function outputOption(parsed: Parsed): string {
  const out = parsed.options.get('-o') ?? parsed.options.get('--output');
  if (typeof out !== 'string') throw new UsageError('report needs -o FILE.xlsx');
  if (!/\.xlsx$/i.test(out)) throw new UsageError(`-o must name an .xlsx file, found ${out}`);
  if (parsed.files.some((f) => resolve(f) === resolve(out))) throw new UsageError(`-o ${out} is one of the input files`);
  return out;
}

/** `--decisions FILE.json` read and checked; undefined when not given, null after printing why it cannot be used. */
async function decisionsOption(parsed: Parsed, locale: Locale, io: CliIo): Promise<DecisionState | undefined | null> {
  const path = parsed.options.get('--decisions');
  if (typeof path !== 'string') return undefined;
  const text = await readText(path);
  if (!text.ok) { io.stderr(text.message); return null; }
  const json = parseJsonText(text.text, path);
  if (!json.ok) { printProblems(json.problems, locale, io); return null; }
  // The decisions may stand alone or sit in a project file as its "decisions" object.
  const v = json.value;
  const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);
  const doc = isObject(v) && !('audit' in v) && isObject(v.decisions) ? v.decisions : v;
  const reading = readDecisions(doc, path);
  printProblems(reading.problems, locale, io);
  if (!reading.state || reading.problems.some((p) => p.severity === 'error')) return null;
  return reading.state;
}

/**
 * 五规合一 conflicts of the input layers as the workbook lists them (the rows of `park-atlas conflicts`, with the
 * ids of its `--geojson`), with
 * the detection's own warnings; null when no layer holds anything to check (no park-plan features, no parcels),
 * so the sheet says the check was not run rather than "no conflicts".
 */
function conflictRows(layers: readonly ValidatedLayer[]) {
  const subjects = layers.some((l) => l.kind === 'parcel' || (l.kind === 'plan' && l.records.some((r) => 'planType' in r && r.planType === 'park_master')));
  if (!subjects) return { rows: null, problems: [] };
  const result = detectConflictsSync(layers);
  return { rows: conflictRecords(result.conflicts), problems: result.problems };
}

/** Writes next to the target first, then renames: a failed run never leaves a half-written or emptied report. */
async function writeAtomically(path: string, bytes: Uint8Array): Promise<{ ok: true } | { ok: false; message: string }> {
  const temporary = `${path}.${process.pid}.partial`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
    return { ok: true };
  } catch (e) {
    await unlink(temporary).catch(() => undefined);
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'the folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    return { ok: false, message: `${path}: cannot write the report: ${why}` };
  }
}

export const reportCommand: Command = {
  usage: `  report FILE... -o REPORT.xlsx [--review-date YYYY-MM-DD] [--rules FILE] [--decisions FILE.json]
         [--approaching-days N]
      The review workbook: parcels with metrics and flags, the review queue, the idle-land register
      with the bureau's decisions, inefficient land, relocation, 五规合一 conflicts (as the conflicts
      command finds them, default --min-area) and the rules used.
      Chinese headers unless --lang en. Prints a JSON summary on stdout.`,
  valueOptions: ['-o', '--output', '--review-date', '--rules', '--decisions', '--approaching-days'],
  async run(parsed, locale, io) {
    if (parsed.files.length === 0) throw new UsageError('report needs at least one GeoJSON FILE');
    const output = outputOption(parsed);
    const reviewDate = reviewDateOption(parsed);
    const approachingDays = approachingDaysOption(parsed);
    // The workbook is Chinese unless English is asked for; stderr follows the usual locale.
    const workbookLocale: Locale = parsed.options.get('--lang') === 'en' ? 'en' : 'zh';
    const rules = await rulesOption(parsed, locale, io);
    if (rules === null) return 1;
    const decisions = await decisionsOption(parsed, locale, io);
    if (decisions === null) return 1;
    const layers = await readLayers(parsed.files, locale, io);
    if (!layers) return 1;
    const evaluation = evaluate(layers, { reviewDate, rules, approachingDays });
    const conflicts = conflictRows(layers);
    const notes: Problem[] = [...evaluation.warnings, ...conflicts.problems];
    if (decisions) {
      const known = new Set(evaluation.parcels.map((p) => p.id));
      const decisionsFile = String(parsed.options.get('--decisions'));
      for (const d of decisions.decisions) {
        if (!known.has(d.parcelId)) notes.push(problem('warning', 'decision-parcel-unknown', { file: decisionsFile, featureId: d.parcelId }, 'decision for a parcel that is not in the loaded layers; it is not in the register', '该宗地不在已加载的图层中，其处置决定未列入台账'));
      }
    }
    printProblems(notes, locale, io);
    // exceljs loads only for this command, so the other commands start fast.
    const { registerSheets, writeSheetsXlsx } = await import('../../core/io/xlsx');
    const sheets = registerSheets({ evaluation, layers, ruleSet: rules ?? DEFAULT_RULESET, decisions, conflicts: conflicts.rows, locale: workbookLocale });
    const title = workbookLocale === 'zh' ? `园区审查台账 ${reviewDate}` : `Park review register ${reviewDate}`;
    const bytes = await writeSheetsXlsx(sheets, { title });
    const written = await writeAtomically(output, bytes);
    if (!written.ok) { io.stderr(written.message); return 1; }
    io.stdout(JSON.stringify({
      output,
      file: basename(output),
      bytes: bytes.length,
      reviewDate,
      sheets: sheets.map((s) => ({ key: s.key, name: s.name, rows: s.rows.length })),
      decisions: decisions ? decisions.decisions.length : 0,
    }, null, 2));
    // As `conflicts` does: a pair the clipper failed on leaves a conflict unknown, so the run is not clean.
    return conflicts.problems.some((p) => p.severity === 'error') ? 1 : 0;
  },
};
