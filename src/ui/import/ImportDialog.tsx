// The import preview (DESIGN §7, §11): one modal step per file the user brought. It says what was detected and
// why (format, encoding, coordinate system), lets the user choose what the file cannot tell (zone, encoding, layer
// kind, field names), shows the first rows with their areas and every problem, and only then adds the layer.
// Attribute values are rendered as text. Figures come from core (preview.ts, finishImport.ts).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { centralMeridian, ZONE_RANGE, type GaussKrugerZone, type Message } from '../../core/geodesy/gaussKruger';
import { suggestAliases, type AliasMapping, type AreaUnit, type FieldMapping, type MoneyUnit } from '../../core/io/fieldAliases';
import { MAX_INPUT_BYTES } from '../../core/io/limits';
import { formatProblem, type Problem } from '../../core/schema/problems';
import { LAYER_KINDS, type LayerKind } from '../../core/schema/types';
import { formatArea, formatNumber } from '../../core/units';
import type { LoadedLayer, LoadError } from '../data/loadProject';
import { errorMessages } from '../ErrorList';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import { featuresOf, finishJoin, finishLayer, mapField, previewJoin, schemaTargets, setFieldUnit, suggestMapping, type JoinChoice } from './finishImport';
import { startImportReader, type ImportReader } from './importClient';
import type { DetectedInput, EncodingInfo, ImportPreview, InputFile, ReadOptions } from './preview';

export interface ImportDialogProps {
  lang: Lang;
  files: File[];
  /** The project's layers: join targets, and a longitude hint for zone guesses. */
  layers: LoadedLayer[];
  onAdd: (layers: LoadedLayer[], problems: Problem[]) => void;
  onReplace: (layer: LoadedLayer, problems: Problem[]) => void;
  onClose: () => void;
}

interface Input {
  detected: DetectedInput;
  options: ReadOptions;
  previews: ImportPreview[] | null;
  busy: boolean;
}

interface Draft {
  kind: LayerKind;
  title: string;
  mapping: AliasMapping;
  join: (JoinChoice & { layerId: string }) | null;
}

type Outcome = 'added' | 'skipped';

const SHOWN_PROBLEMS = 100;
const m = (lang: Lang, msg: Message | null | undefined) => (msg ? msg[lang] : '');
/** Resolves after the browser has painted (so "Importing…" shows before the layer is validated). */
const afterPaint = () => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const sizeText = (bytes: number) => (bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

/** The centre longitude of the open project's layers (park first), for a zone guess; undefined without layers. */
function longitudeHint(layers: LoadedLayer[]): number | undefined {
  const ordered = [...layers.filter((l) => l.kind === 'park'), ...layers.filter((l) => l.kind !== 'park')];
  for (const l of ordered) {
    let min = Infinity, max = -Infinity;
    const visit = (c: unknown): void => {
      if (typeof (c as number[])[0] === 'number') {
        const x = (c as number[])[0];
        if (x < min) min = x;
        if (x > max) max = x;
        return;
      }
      for (const d of c as unknown[]) visit(d);
    };
    for (const f of l.data.features.slice(0, 200)) if (f.geometry && 'coordinates' in f.geometry) visit(f.geometry.coordinates);
    if (Number.isFinite(min) && min >= -180 && max <= 180) return Math.round(((min + max) / 2) * 1000) / 1000;
  }
  return undefined;
}

function allZones(): GaussKrugerZone[] {
  const out: GaussKrugerZone[] = [];
  for (const width of [3, 6] as const) for (let z = ZONE_RANGE[width].min; z <= ZONE_RANGE[width].max; z++) out.push({ width, zone: z, prefixed: false });
  return out;
}

function encodingReason(lang: Lang, e: EncodingInfo): string {
  const parts = [t(lang, `import.enc.${e.reason}` as MessageKey, { declared: e.declared ?? '' })];
  if (e.overruled) parts.push(t(lang, 'import.enc.overruled', { declared: e.declared ?? '' }));
  if (e.replacements > 0) parts.push(t(lang, 'import.enc.replacements', { n: e.replacements }));
  return parts.join(lang === 'zh' ? '；' : '; ');
}

function conversionText(lang: Lang, f: FieldMapping): string {
  if (f.note) return f.note[lang];
  const c = f.conversion;
  switch (c.type) {
    case 'number': return c.factor === 1 ? t(lang, c.quantity === 'area' ? 'import.conv.m2' : 'import.conv.wan') : t(lang, 'import.conv.factor', { factor: formatNumber(c.factor, lang, c.factor < 1 ? 4 : 2) });
    case 'enum': return t(lang, 'import.conv.enum');
    case 'date': return t(lang, 'import.conv.date');
    case 'boolean': return t(lang, 'import.conv.boolean');
    case 'list': return t(lang, 'import.conv.list');
    case 'year': return t(lang, 'import.conv.year');
    case 'count': return t(lang, 'import.conv.count');
    case 'industryCode': return t(lang, 'import.conv.industryCode');
    default: return t(lang, 'import.conv.text');
  }
}

const targetLabel = (lang: Lang, target: string) => (target === 'declaredAreaM2' ? t(lang, 'import.field.declaredAreaM2') : `${tMaybe(lang, `field.${target}`, target)} · ${target}`);

function newDraft(p: ImportPreview, layers: LoadedLayer[]): Draft {
  const kind = p.suggestedKind ?? 'parcel';
  if (!p.table) return { kind, title: p.title, mapping: suggestMapping(p.fields, kind, p.fieldUnits), join: null };
  // A table: join where the most rows find a feature, trying the columns both sides share and the table's id
  // column against feature ids; the layer imported last wins a tie (a table usually follows its layer).
  const targets = layers.filter((l) => l.kind !== 'generic');
  const table = p.table;
  let best: { layer: LoadedLayer; tableKey: string; featureKey: string; matched: number } | null = null;
  for (const layer of [...targets].reverse().slice(0, 12)) {
    const lk = layer.kind as LayerKind;
    const props = new Set(featuresOf(layer).slice(0, 200).flatMap((f) => Object.keys(f.properties ?? {})));
    const idColumn = suggestAliases(table.columns, lk).mappings.find((x) => x.target === 'id')?.source;
    const candidates = [...table.columns.filter((c) => props.has(c)).map((c) => ({ tableKey: c, featureKey: c })), ...(idColumn ? [{ tableKey: idColumn, featureKey: '@id' }] : [])];
    for (const c of candidates) {
      const matched = previewJoin(layer, table, c).report.matchedFeatures;
      if (!best || matched > best.matched) best = { layer, ...c, matched };
    }
  }
  const layer = best?.layer ?? [...targets].reverse().find((l) => l.kind === 'parcel') ?? targets[targets.length - 1] ?? null;
  const lk = (layer?.kind ?? 'parcel') as LayerKind;
  const tableKey = best?.tableKey ?? table.columns[0] ?? '';
  const mapping = suggestAliases(table.columns.filter((c) => c !== tableKey), lk);
  return { kind: lk, title: p.title, mapping, join: layer ? { layerId: layer.id, tableKey, featureKey: best?.featureKey ?? '@id' } : null };
}

export default function ImportDialog({ lang, files, layers, onAdd, onReplace, onClose }: ImportDialogProps) {
  const readerRef = useRef<ImportReader | null>(null);
  const [status, setStatus] = useState<string | null>(t(lang, 'import.reading', { file: files.map((f) => f.name).join(', ') }));
  const [inputs, setInputs] = useState<Input[]>([]);
  const [doneReading, setDoneReading] = useState(false);
  const [step, setStep] = useState(0);
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  const [adding, setAdding] = useState(false);
  const [finishError, setFinishError] = useState<LoadError | null>(null);
  const dialogRef = useRef<HTMLDivElement | null>(null);
  const hint = useMemo(() => longitudeHint(layers), [layers]);
  const hintRef = useRef(hint);
  hintRef.current = hint;

  // Read the files, detect their formats, then read each input in the worker (the page stays responsive).
  useEffect(() => {
    const reader = startImportReader();
    readerRef.current = reader;
    let cancelled = false;
    void (async () => {
      const loaded: InputFile[] = [];
      for (const f of files) {
        setStatus(t(lang, 'import.reading', { file: `${f.name} (${sizeText(f.size)})` }));
        // Over the limit: not read at all; detection names the file and its size (core/io/limits.ts).
        if (f.size > MAX_INPUT_BYTES) { loaded.push({ name: f.name, bytes: new Uint8Array(0), size: f.size }); continue; }
        try {
          loaded.push({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) });
        } catch (e) {
          loaded.push({ name: f.name, bytes: new Uint8Array(0) });
          console.warn(`import: ${f.name} could not be read`, e);
        }
        if (cancelled) return;
      }
      const detected = await reader.detect(loaded);
      if (cancelled) return;
      setInputs(detected.map((d) => ({ detected: d, options: { longitudeHint: hintRef.current }, previews: null, busy: true })));
      for (let i = 0; i < detected.length; i++) {
        setStatus(t(lang, 'import.parsing', { file: detected[i].name, i: i + 1, n: detected.length }));
        const previews = await reader.read(detected[i], { longitudeHint: hintRef.current });
        if (cancelled) return;
        setInputs((xs) => xs.map((x, k) => (k === i ? { ...x, previews, busy: false } : x)));
      }
      setStatus(null);
      setDoneReading(true);
    })();
    return () => {
      cancelled = true;
      reader.close();
    };
    // The dialog reads one batch of files; a new batch mounts a new dialog.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const steps = useMemo(() => inputs.flatMap((inp, i) => (inp.previews ?? [null]).map((_, part) => ({ input: i, part, key: `${i}:${part}` }))), [inputs]);
  const current = steps[step] ?? null;
  const input = current ? inputs[current.input] : null;
  const preview = input?.previews?.[current!.part] ?? null;
  const fallbackDraft = useMemo(() => (preview ? newDraft(preview, layers) : null), [preview, layers]);
  const draft = current && preview ? drafts[current.key] ?? fallbackDraft : null;

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);

  const setDraft = useCallback((change: (d: Draft) => Draft) => {
    if (!current || !draft) return;
    setDrafts((ds) => ({ ...ds, [current.key]: change(ds[current.key] ?? draft) }));
  }, [current, draft]);

  const reread = useCallback(async (options: ReadOptions) => {
    if (!current || !input || !readerRef.current) return;
    const i = current.input;
    const merged = { ...input.options, ...options };
    setInputs((xs) => xs.map((x, k) => (k === i ? { ...x, options: merged, busy: true } : x)));
    const previews = await readerRef.current.read(input.detected, merged);
    setInputs((xs) => xs.map((x, k) => (k === i ? { ...x, previews, busy: false } : x)));
    // Fields may have changed (another encoding decodes other names): suggest the mapping again.
    setDrafts((ds) => {
      const next = { ...ds };
      previews.forEach((p, part) => {
        const key = `${i}:${part}`;
        const old = ds[key];
        if (old) next[key] = { ...old, mapping: p.table ? old.mapping : suggestMapping(p.fields, old.kind, p.fieldUnits) };
      });
      return next;
    });
  }, [current, input]);

  const advance = useCallback((outcome: Outcome) => {
    if (!current) return;
    setOutcomes((o) => ({ ...o, [current.key]: outcome }));
    setFinishError(null);
    if (step + 1 < steps.length) setStep(step + 1);
    else if (doneReading) onClose();
    else setStep(step + 1);
  }, [current, step, steps.length, doneReading, onClose]);

  // Past the last step while files are still being read: move on when they arrive; close when all are handled.
  useEffect(() => {
    if (doneReading && steps.length > 0 && step >= steps.length) onClose();
    if (doneReading && steps.length === 0) onClose();
  }, [doneReading, step, steps.length, onClose]);

  const targetLayer = draft?.join ? layers.find((l) => l.id === draft.join!.layerId) ?? null : null;
  const join = useMemo(() => {
    if (!preview?.table || !draft?.join || !targetLayer) return null;
    return previewJoin(targetLayer, preview.table, draft.join, draft.mapping);
  }, [preview, draft?.join, draft?.mapping, targetLayer]);

  const confirm = useCallback(async () => {
    if (!preview || !draft || !current) return;
    setAdding(true);
    setFinishError(null);
    await afterPaint();
    try {
      if (preview.table) {
        if (!targetLayer || !draft.join) return;
        const r = finishJoin(targetLayer, preview.table, draft.join, draft.mapping);
        if (!r.ok) { setFinishError(r.error); return; }
        onReplace(r.layer, r.problems);
      } else {
        if (!preview.collection) return;
        const title = draft.title.trim() || preview.title;
        // Unique here, so the app keeps it (and zooms to this layer, not an earlier one of the same name).
        const base = `import-${title.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'layer'}`;
        let id = base;
        for (let n = 2; layers.some((l) => l.id === id); n++) id = `${base}-${n}`;
        const r = finishLayer(preview.collection, draft.mapping, draft.kind, preview.fileLabel, id, { zh: title, en: title });
        if (!r.ok) { setFinishError(r.error); return; }
        onAdd([r.layer], r.problems);
      }
      advance('added');
    } finally {
      setAdding(false);
    }
  }, [preview, draft, current, targetLayer, layers, onAdd, onReplace, advance]);

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') { e.stopPropagation(); onClose(); }
  };

  const crs = preview?.crs ?? null;
  const needsZone = crs?.status === 'needs-zone' && !preview?.blocking;
  const noTarget = !!preview?.table && !targetLayer;
  const canConfirm = !!preview && !!draft && !adding && !input?.busy && !preview.blocking && (preview.table ? !!targetLayer && !!join && join.report.matchedFeatures > 0 : !!preview.collection && preview.featureCount > 0);
  const firstError = preview?.problems.find((p) => p.severity === 'error') ?? null;
  const problems = preview ? [...preview.problems.filter((p) => p.severity === 'error'), ...preview.problems.filter((p) => p.severity === 'warning'), ...(join ? join.problems : [])] : [];

  let blockedText: string | null = null;
  if (preview?.blocking && firstError) blockedText = t(lang, 'import.blocked', { message: formatProblem(firstError, lang) });
  else if (needsZone) blockedText = t(lang, 'import.chooseZoneFirst');
  else if (noTarget) blockedText = t(lang, 'import.noTarget');
  else if (preview?.table && join && join.report.matchedFeatures === 0) blockedText = t(lang, 'import.joinNoMatch');
  else if (preview && !preview.table && preview.collection && preview.featureCount === 0) blockedText = t(lang, 'import.noFeatures');

  const zoneValue = crs?.zone ? String(crs.zone.zone) : '';
  const guessZone = crs?.guess?.zone?.zone ?? null;
  const alternatives = new Set((crs?.guess?.alternatives ?? []).map((z) => z.zone));

  return (
    <div className="import-backdrop" role="presentation">
      <div
        className="import-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="import-title"
        data-testid="import-dialog"
        data-format={preview?.format ?? ''}
        data-ready={preview && !input?.busy && !adding ? 'true' : 'false'}
        tabIndex={-1}
        ref={dialogRef}
        onKeyDown={onKeyDown}
      >
        <header className="import-head">
          <h2 id="import-title">
            {t(lang, 'import.title')}
            {preview && <span className="import-file" data-testid="import-file">{preview.fileLabel}</span>}
          </h2>
          {steps.length > 1 && <span className="import-step" data-testid="import-step">{t(lang, 'import.step', { i: Math.min(step + 1, steps.length), n: steps.length })}</span>}
          <button type="button" className="import-close" onClick={onClose} aria-label={t(lang, 'import.close')} title={t(lang, 'import.close')}>×</button>
        </header>

        {(!preview || input?.busy) && (
          <div className="import-status" role="status" data-testid="import-status">{status ?? t(lang, 'import.parsing', { file: input?.detected.name ?? '', i: (current?.input ?? 0) + 1, n: Math.max(inputs.length, 1) })}</div>
        )}

        {preview && draft && (
          <div className="import-body">
            {blockedText && (
              <div className="import-blocked" role="alert" data-testid="import-blocked">
                {blockedText}
                {preview.blocking && <span className="import-blocked-hint">{t(lang, 'import.blockedHint')}</span>}
              </div>
            )}
            {finishError && (
              <div className="import-blocked" role="alert" data-testid="import-blocked">
                {errorMessages(lang, finishError).map((x, i) => <div key={i}>{x}</div>)}
              </div>
            )}

            <dl className="import-facts">
              <dt>{t(lang, 'import.format')}</dt>
              <dd data-testid="import-format" data-format={preview.format}>
                <strong>{t(lang, `import.format.${preview.format}` as MessageKey)}</strong>
                <span className="import-why">{t(lang, 'import.because', { why: m(lang, preview.formatReason) })}</span>
                {preview.parts > 1 && <span className="import-why">{t(lang, 'import.part', { i: preview.part + 1, n: preview.parts, name: preview.title })}</span>}
              </dd>

              {preview.encoding && (
                <>
                  <dt>{t(lang, 'import.encoding')}</dt>
                  <dd data-testid="import-encoding" data-encoding={preview.encoding.name} data-reason={preview.encoding.reason}>
                    <strong>{preview.encoding.name === 'binary' ? t(lang, 'import.enc.none') : preview.encoding.name.toUpperCase()}</strong>
                    <span className="import-why">{encodingReason(lang, preview.encoding)}</span>
                    {preview.encoding.canChoose && (
                      <label className="import-inline">
                        {t(lang, 'import.encodingChoose')}
                        <select
                          value={input?.options.encoding ?? ''}
                          onChange={(e) => void reread({ encoding: (e.currentTarget.value || undefined) as ReadOptions['encoding'] })}
                          data-testid="import-encoding-select"
                        >
                          <option value="">{t(lang, 'import.encodingAuto')}</option>
                          <option value="utf-8">UTF-8</option>
                          <option value="gbk">GBK</option>
                        </select>
                      </label>
                    )}
                  </dd>
                </>
              )}

              {crs && crs.status !== 'none' && !(preview.blocking && !preview.collection) && (
                <>
                  <dt>{t(lang, 'import.crs')}</dt>
                  <dd data-testid="import-crs" data-status={crs.status} data-zone={crs.zone ? `${crs.zone.width}/${crs.zone.zone}` : ''} data-source={crs.source ?? ''}>
                    <strong>{m(lang, crs.summary)}</strong>
                    {crs.source && <span className={`import-source import-source-${crs.source}`}>{t(lang, `import.crsSource.${crs.source}` as MessageKey)}</span>}
                    {crs.reasons.length > 0 && (
                      <ul className="import-reasons" data-testid="import-crs-reasons">
                        {crs.reasons.map((r, i) => <li key={i}>{m(lang, r)}</li>)}
                      </ul>
                    )}
                    {crs.choosable && !preview.blocking && (
                      <label className="import-inline import-zone">
                        {t(lang, 'import.zoneChoose')}
                        <select value={zoneValue} onChange={(e) => e.currentTarget.value && void reread({ zone: Number(e.currentTarget.value) })} data-testid="import-zone">
                          {!zoneValue && <option value="">{t(lang, 'import.zonePlaceholder')}</option>}
                          {([3, 6] as const).map((width) => (
                            <optgroup key={width} label={t(lang, 'import.zoneWidth', { width })}>
                              {allZones().filter((z) => z.width === width).map((z) => (
                                <option key={z.zone} value={z.zone}>
                                  {t(lang, 'import.zoneOption', { width, zone: z.zone, cm: centralMeridian(z) })}
                                  {z.zone === guessZone ? ` — ${t(lang, 'import.zoneGuessed')}` : alternatives.has(z.zone) ? ` — ${t(lang, 'import.zoneAlternative')}` : ''}
                                </option>
                              ))}
                            </optgroup>
                          ))}
                        </select>
                      </label>
                    )}
                    {crs.choosable && hint === undefined && crs.status === 'needs-zone' && <span className="import-why">{t(lang, 'import.zoneNoHint')}</span>}
                  </dd>
                </>
              )}

              <dt>{t(lang, preview.table ? 'import.rowCount' : 'import.count')}</dt>
              <dd data-testid="import-count" data-count={preview.featureCount}>
                <strong>{preview.blocking && !preview.collection && !preview.table ? t(lang, 'import.notRead') : preview.featureCount}</strong>
                {!preview.table && preview.featureCount !== preview.areaCount && <span className="import-why">{t(lang, 'import.areaCount', { n: preview.areaCount })}</span>}
                {preview.table && <span className="import-why">{t(lang, 'import.columns', { n: preview.table.columns.length })}</span>}
              </dd>

              <dt>{t(lang, 'import.problemsFact')}</dt>
              <dd data-testid="import-problem-count" data-errors={problems.filter((p) => p.severity === 'error').length} data-warnings={problems.filter((p) => p.severity === 'warning').length}>
                {problems.length === 0 ? t(lang, 'import.noProblems') : (
                  <a href="#import-problems" className={problems.some((p) => p.severity === 'error') ? 'import-error-text' : 'import-warn-text'}>
                    {t(lang, 'import.problemCount', { errors: problems.filter((p) => p.severity === 'error').length, warnings: problems.filter((p) => p.severity === 'warning').length })}
                  </a>
                )}
              </dd>

              {!preview.table && !preview.blocking && (
                <>
                  <dt><label htmlFor="import-kind">{t(lang, 'import.kind')}</label></dt>
                  <dd>
                    <select
                      id="import-kind"
                      value={draft.kind}
                      onChange={(e) => {
                        const kind = e.currentTarget.value as LayerKind;
                        setDraft((d) => ({ ...d, kind, mapping: suggestMapping(preview.fields, kind, preview.fieldUnits) }));
                      }}
                      data-testid="import-kind"
                    >
                      {LAYER_KINDS.map((k) => <option key={k} value={k}>{t(lang, `kind.${k}` as MessageKey)}</option>)}
                    </select>
                    <span className="import-why">{preview.kindReason ? t(lang, 'import.because', { why: m(lang, preview.kindReason) }) : t(lang, 'import.kindAssumed')}</span>
                  </dd>
                  <dt><label htmlFor="import-name">{t(lang, 'import.layerTitle')}</label></dt>
                  <dd>
                    <input id="import-name" type="text" value={draft.title} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, title: v })); }} data-testid="import-title" />
                  </dd>
                </>
              )}
            </dl>

            {preview.table && (
              <JoinSection lang={lang} preview={preview} draft={draft} layers={layers} join={join} setDraft={setDraft} />
            )}

            {(preview.table ? preview.table.columns.length > 0 : preview.fields.length > 0) && (
              <MappingTable lang={lang} draft={draft} fields={preview.table ? preview.table.columns.filter((c) => c !== draft.join?.tableKey) : preview.fields} setDraft={setDraft} />
            )}

            {preview.table ? <TableRows lang={lang} preview={preview} /> : preview.rows.length > 0 && <PreviewRows lang={lang} preview={preview} />}

            <section className="import-section" id="import-problems">
              <h3>{t(lang, 'import.problems', { n: problems.length })}</h3>
              {problems.length === 0 ? (
                <p className="import-none" data-testid="import-no-problems">{t(lang, 'import.noProblems')}</p>
              ) : (
                <ul className="import-problems" data-testid="import-problems">
                  {problems.slice(0, SHOWN_PROBLEMS).map((p, i) => (
                    <li key={i} className={`import-problem import-${p.severity}`} data-testid="import-problem" data-severity={p.severity} data-code={p.code}>
                      {formatProblem(p, lang)}
                    </li>
                  ))}
                  {problems.length > SHOWN_PROBLEMS && <li className="import-more">{t(lang, 'errors.more', { count: problems.length - SHOWN_PROBLEMS })}</li>}
                </ul>
              )}
            </section>
          </div>
        )}

        <footer className="import-foot">
          <span className="import-foot-note">{preview && !preview.table && !blockedText ? t(lang, 'import.footNote') : ''}</span>
          <button type="button" className="btn" onClick={() => (preview ? advance('skipped') : onClose())} data-testid="import-skip">
            {steps.length > 1 && step + 1 < steps.length ? t(lang, 'import.skip') : t(lang, 'import.cancel')}
          </button>
          <button type="button" className="btn btn-primary" disabled={!canConfirm} onClick={() => void confirm()} data-testid="import-confirm">
            {adding ? t(lang, 'import.adding') : preview?.table ? t(lang, 'import.confirmJoin') : t(lang, 'import.confirm')}
          </button>
        </footer>
        {Object.keys(outcomes).length > 0 && (
          <div className="import-outcomes" aria-live="polite">
            {t(lang, 'import.outcomes', { added: Object.values(outcomes).filter((o) => o === 'added').length, skipped: Object.values(outcomes).filter((o) => o === 'skipped').length })}
          </div>
        )}
      </div>
    </div>
  );
}

function MappingTable({ lang, draft, fields, setDraft }: { lang: Lang; draft: Draft; fields: string[]; setDraft: (f: (d: Draft) => Draft) => void }) {
  const targets = schemaTargets(draft.kind);
  const bySource = new Map(draft.mapping.mappings.map((x) => [x.source, x]));
  const byTarget = new Map(draft.mapping.mappings.map((x) => [x.target, x.source]));
  const taken = new Map(draft.mapping.unmatched.map((u) => [u.source, u.alsoMatches.find((x) => byTarget.has(x)) ?? null]));
  return (
    <section className="import-section">
      <h3>{t(lang, 'import.mapping')}</h3>
      <p className="import-hint">{t(lang, 'import.mappingHint')}</p>
      <div className="import-scroll">
        <table className="import-table import-mapping" data-testid="import-mapping">
          <thead>
            <tr><th>{t(lang, 'import.mapSource')}</th><th>{t(lang, 'import.mapTarget')}</th><th>{t(lang, 'import.mapConversion')}</th></tr>
          </thead>
          <tbody>
            {fields.map((source) => {
              const f = bySource.get(source) ?? null;
              const c = f?.conversion;
              return (
                <tr key={source} data-testid="import-mapping-row" data-source={source} data-target={f?.target ?? ''} className={f ? '' : 'import-unmapped'}>
                  <td className="import-source-field">
                    {source}
                    {f && (f.match === 'prefix' || f.match === 'contains') && <span className="import-sub import-warn-text">{t(lang, f.match === 'prefix' ? 'import.matchPrefix' : 'import.matchContains')}</span>}
                  </td>
                  <td>
                    <select value={f?.target ?? ''} onChange={(e) => { const v = e.currentTarget.value || null; setDraft((d) => ({ ...d, mapping: mapField(d.mapping, source, v) })); }} aria-label={t(lang, 'import.mapTargetOf', { field: source })}>
                      <option value="">{t(lang, 'import.mapKeep')}</option>
                      {targets.map((x) => <option key={x} value={x}>{targetLabel(lang, x)}</option>)}
                    </select>
                  </td>
                  <td className="import-conversion">
                    {f && c?.type === 'number' ? (
                      <>
                        <select
                          value={c.from}
                          onChange={(e) => { const u = e.currentTarget.value as AreaUnit | MoneyUnit; setDraft((d) => ({ ...d, mapping: setFieldUnit(d.mapping, source, u) })); }}
                          aria-label={t(lang, 'import.unitOf', { field: source })}
                          data-testid="import-unit"
                        >
                          {(c.quantity === 'area' ? ['m2', 'mu', 'ha', 'km2'] : ['yuan', 'wan', 'yi']).map((u) => <option key={u} value={u}>{t(lang, `import.unit.${u}` as MessageKey)}</option>)}
                        </select>
                        <span>{conversionText(lang, f)}</span>
                      </>
                    ) : f ? conversionText(lang, f) : (
                      <span className="import-why">
                        {taken.get(source)
                          ? byTarget.get(taken.get(source)!) === taken.get(source)
                            ? t(lang, 'import.mapAlreadySet', { target: targetLabel(lang, taken.get(source)!) })
                            : t(lang, 'import.mapTakenBy', { target: targetLabel(lang, taken.get(source)!), field: byTarget.get(taken.get(source)!) ?? '' })
                          : t(lang, 'import.mapKept')}
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function areaCell(lang: Lang, m2: number | null) {
  if (m2 === null) return <td className="num">—</td>;
  return (
    <td className="num">
      {formatArea(m2, 'm2', lang, 2)}
      <span className="import-sub">{formatArea(m2, 'ha', lang, 4)} · {formatArea(m2, 'mu', lang, 2)}</span>
    </td>
  );
}

/** A source value as written; a field whose unit the format fixes (坐标TXT 地块面积) says the unit it was read in. */
function rawCell(lang: Lang, preview: ImportPreview, row: ImportPreview['rows'][number], field: string, value: string): string {
  const formatUnit = preview.fieldUnits[field];
  if (!formatUnit || value === '') return value;
  // The reader decides the unit per parcel (公顷 by the standard; m² and 亩 slips found against the planar area).
  const unit = row.headerArea?.unit ?? formatUnit;
  return t(lang, 'import.rawWithUnit', { value, unit: t(lang, `import.unit.${unit}` as MessageKey) });
}

function PreviewRows({ lang, preview }: { lang: Lang; preview: ImportPreview }) {
  const both = preview.areas === 'both';
  const header = preview.rows.some((r) => r.headerArea !== null);
  const fields = preview.rows[0]?.values.map(([k]) => k) ?? [];
  return (
    <section className="import-section">
      <h3>{t(lang, 'import.rows', { n: preview.rows.length, total: preview.featureCount })}</h3>
      {both && <p className="import-hint">{t(lang, 'import.areasHint')}</p>}
      <div className="import-scroll">
        <table className="import-table" data-testid="import-rows">
          <thead>
            <tr>
              <th>#</th>
              <th>{t(lang, 'import.rowId')}</th>
              <th>{t(lang, 'import.rowName')}</th>
              {both && <th title={t(lang, 'import.planarTitle')}>{t(lang, 'import.planar')}</th>}
              <th title={t(lang, 'import.ellipsoidalTitle')}>{t(lang, 'import.ellipsoidal')}</th>
              {header && <th>{t(lang, 'import.headerArea')}</th>}
              {fields.map((f) => <th key={f}>{f}</th>)}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.index} data-testid="import-row" data-id={r.id ?? ''} data-planar={r.planarAreaM2 ?? ''} data-ellipsoidal={r.ellipsoidalAreaM2 ?? ''} className={r.areaWarning ? 'import-row-warn' : ''}>
                <td className="num">{r.index + 1}</td>
                <td className="import-id">{r.id ?? '—'}</td>
                <td>{r.name ?? '—'}</td>
                {both && areaCell(lang, r.planarAreaM2)}
                {areaCell(lang, r.ellipsoidalAreaM2)}
                {header && (
                  <td className="num">
                    {r.headerArea ? `${formatNumber(r.headerArea.value, lang, 4)} ${t(lang, `import.unit.${r.headerArea.unit}` as MessageKey)}` : '—'}
                    {r.areaWarning && <span className="import-sub import-warn-text" data-testid="import-area-warning">{t(lang, 'import.headerMismatch')}</span>}
                  </td>
                )}
                {r.values.map(([k, v]) => <td key={k}>{rawCell(lang, preview, r, k, v)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function TableRows({ lang, preview }: { lang: Lang; preview: ImportPreview }) {
  const table = preview.table!;
  const columns = table.columns.slice(0, 8);
  const rows = table.rows.slice(0, 6);
  return (
    <section className="import-section">
      <h3>{t(lang, 'import.rows', { n: rows.length, total: table.rows.length })}</h3>
      <div className="import-scroll">
        <table className="import-table" data-testid="import-rows">
          <thead><tr><th>{t(lang, 'import.rowNumber')}</th>{columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.rowNumber} data-testid="import-row">
                <td className="num">{r.rowNumber}</td>
                {columns.map((c) => <td key={c}>{r.values[c] === null || r.values[c] === undefined ? '' : String(r.values[c])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function JoinSection({ lang, preview, draft, layers, join, setDraft }: {
  lang: Lang; preview: ImportPreview; draft: Draft; layers: LoadedLayer[];
  join: ReturnType<typeof previewJoin> | null; setDraft: (f: (d: Draft) => Draft) => void;
}) {
  const table = preview.table!;
  const targets = layers.filter((l) => l.kind !== 'generic');
  const layer = draft.join ? layers.find((l) => l.id === draft.join!.layerId) ?? null : null;
  const properties = useMemo(() => (layer ? [...new Set(featuresOf(layer).slice(0, 500).flatMap((f) => Object.keys(f.properties ?? {})))] : []), [layer]);
  const choose = (change: Partial<JoinChoice & { layerId: string }>) => setDraft((d) => {
    const j = { ...(d.join ?? { layerId: targets[0]?.id ?? '', featureKey: '@id', tableKey: table.columns[0] ?? '' }), ...change };
    const target = layers.find((l) => l.id === j.layerId);
    const kind = (target && target.kind !== 'generic' ? target.kind : d.kind) as LayerKind;
    const keyChanged = change.tableKey !== undefined || change.layerId !== undefined;
    return { ...d, kind, join: j, mapping: keyChanged ? suggestAliases(table.columns.filter((c) => c !== j.tableKey), kind) : d.mapping };
  });
  const r = join?.report ?? null;
  return (
    <section className="import-section" data-testid="import-join">
      <h3>{t(lang, 'import.join')}</h3>
      {targets.length === 0 ? <p className="import-hint">{t(lang, 'import.noTarget')}</p> : (
        <div className="import-join-grid">
          <label>{t(lang, 'import.joinLayer')}
            <select value={draft.join?.layerId ?? ''} onChange={(e) => choose({ layerId: e.currentTarget.value })} data-testid="import-join-layer">
              {targets.map((l) => <option key={l.id} value={l.id}>{l.title[lang]}</option>)}
            </select>
          </label>
          <label>{t(lang, 'import.joinTableKey')}
            <select value={draft.join?.tableKey ?? ''} onChange={(e) => choose({ tableKey: e.currentTarget.value })} data-testid="import-join-table-key">
              {table.columns.map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </label>
          <label>{t(lang, 'import.joinFeatureKey')}
            <select value={draft.join?.featureKey ?? '@id'} onChange={(e) => choose({ featureKey: e.currentTarget.value })} data-testid="import-join-feature-key">
              <option value="@id">{t(lang, 'import.joinFeatureId')}</option>
              {properties.map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
        </div>
      )}
      {r && (
        <p className="import-join-report" data-testid="import-join-report" data-matched={r.matchedFeatures}>
          {t(lang, 'import.joinReport', { rows: r.matchedRows, total: table.rows.length, features: r.matchedFeatures, without: r.featuresWithoutRow.length })}
          {r.valuesOverwritten > 0 && <strong className="import-warn-text"> {t(lang, 'import.joinOverwrite', { n: r.valuesOverwritten })}</strong>}
        </p>
      )}
    </section>
  );
}
