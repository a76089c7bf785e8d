// 导入导出 tool panel: where imports start (the header's file input, or a drop anywhere) and every project layer
// goes out as GeoJSON, a Shapefile zip or a 坐标TXT, saved through a Blob URL (nothing leaves the machine).
import { useState } from 'react';
import { centralMeridian, ZONE_RANGE } from '../../core/geodesy/gaussKruger';
import { formatProblem, type Problem } from '../../core/schema/problems';
import type { LoadedLayer } from '../data/loadProject';
import { t, type Lang, type MessageKey } from '../i18n';
import type { ToolPanelProps } from '../panels/types';
import { downloadBlob } from '../review/download';
import { defaultTxtZone, exportCoordTxt, exportGeoJson, exportShapefile, fileBase, type ExportFormat, type ExportResult } from './exportLayer';

interface Outcome {
  format: ExportFormat;
  ok: boolean;
  fileName: string | null;
  problems: Problem[];
}

function ExportRow({ lang, layer }: { lang: Lang; layer: LoadedLayer }) {
  const [zone, setZone] = useState<string>('');
  const [encoding, setEncoding] = useState<'gbk' | 'utf-8'>('gbk');
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const auto = defaultTxtZone(layer);
  const count = (layer.validated?.layer.features ?? layer.data.features).length;

  const save = (format: ExportFormat) => {
    const base = fileBase(layer, lang);
    let r: ExportResult;
    try {
      r = format === 'geojson' ? exportGeoJson(layer, base)
        : format === 'shapefile' ? exportShapefile(layer, base)
          : exportCoordTxt(layer, base, { zone: zone ? Number(zone) : undefined, encoding });
    } catch (e) {
      // A writer bug must still be told, not swallowed.
      const why = e instanceof Error ? e.message : String(e);
      r = { ok: false, problems: [{ severity: 'error', code: 'export-failed', file: base, message: { en: `could not be written: ${why}`, zh: `无法写出：${why}` } }] };
    }
    if (r.ok) downloadBlob([r.file.bytes as BlobPart], r.file.type, r.file.fileName);
    setOutcome({ format, ok: r.ok, fileName: r.ok ? r.file.fileName : null, problems: r.ok ? r.file.problems : r.problems });
  };

  return (
    <li className="export-row" data-testid={`export-row-${layer.id}`} data-layer-id={layer.id}>
      <div className="export-title">
        <strong title={layer.title[lang]}>{layer.title[lang]}</strong>
        <span className="export-meta">{t(lang, `kind.${layer.kind}` as MessageKey)} · {t(lang, 'panel.features', { n: count })}</span>
      </div>
      <div className="export-buttons">
        <button type="button" className="btn" onClick={() => save('geojson')} data-testid={`export-geojson-${layer.id}`}>GeoJSON</button>
        <button type="button" className="btn" onClick={() => save('shapefile')} data-testid={`export-shp-${layer.id}`} title={t(lang, 'export.shpTitle')}>{t(lang, 'export.shp')}</button>
        <button type="button" className="btn" onClick={() => save('coordtxt')} data-testid={`export-txt-${layer.id}`} title={t(lang, 'export.txtTitle')}>{t(lang, 'export.txt')}</button>
      </div>
      <div className="export-options">
        <span className="export-options-title">{t(lang, 'export.txtOptions')}</span>
        <label>
          {t(lang, 'export.zone')}
          <select value={zone} onChange={(e) => setZone(e.currentTarget.value)} data-testid={`export-zone-${layer.id}`}>
            <option value="">
              {auto ? t(lang, auto.from === 'file' ? 'export.zoneAutoFile' : 'export.zoneAuto', { zone: auto.zone.zone, width: auto.zone.width, cm: centralMeridian(auto.zone) }) : t(lang, 'export.zoneNone')}
            </option>
            {([3, 6] as const).map((width) => (
              <optgroup key={width} label={t(lang, 'import.zoneWidth', { width })}>
                {Array.from({ length: ZONE_RANGE[width].max - ZONE_RANGE[width].min + 1 }, (_, i) => ZONE_RANGE[width].min + i).map((z) => (
                  <option key={z} value={z}>{t(lang, 'import.zoneOption', { width, zone: z, cm: centralMeridian({ width, zone: z }) })}</option>
                ))}
              </optgroup>
            ))}
          </select>
        </label>
        <label>
          {t(lang, 'export.encoding')}
          <select value={encoding} onChange={(e) => setEncoding(e.currentTarget.value as 'gbk' | 'utf-8')} data-testid={`export-encoding-${layer.id}`}>
            <option value="gbk">{t(lang, 'export.gbk')}</option>
            <option value="utf-8">UTF-8</option>
          </select>
        </label>
      </div>
      {outcome && (
        <div className={`export-outcome${outcome.ok ? '' : ' export-failed'}`} role="status" data-testid={`export-outcome-${layer.id}`} data-ok={String(outcome.ok)} data-format={outcome.format}>
          {outcome.ok ? t(lang, 'export.saved', { file: outcome.fileName ?? '' }) : t(lang, 'export.failed')}
          {outcome.problems.length > 0 && (
            <ul>
              {outcome.problems.slice(0, 8).map((p, i) => <li key={i} className={`import-${p.severity}`}>{formatProblem(p, lang)}</li>)}
              {outcome.problems.length > 8 && <li>{t(lang, 'errors.more', { count: outcome.problems.length - 8 })}</li>}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}

export default function ExportPanel({ lang, layers }: ToolPanelProps) {
  return (
    <section className="panel io-panel" data-testid="io-panel" aria-labelledby="io-title">
      <div className="panel-head">
        <h2 id="io-title">{t(lang, 'io.title')}</h2>
      </div>
      <div className="io-import">
        <h3>{t(lang, 'io.import')}</h3>
        <p>{t(lang, 'io.importHint')}</p>
        <label htmlFor="import-input" className="btn btn-primary io-choose" data-testid="io-choose">{t(lang, 'io.choose')}</label>
        <p className="io-formats">{t(lang, 'import.dropFormats')}</p>
      </div>
      <div className="io-export">
        <h3>{t(lang, 'io.export')}</h3>
        {layers.length === 0 ? <p className="panel-empty">{t(lang, 'panel.empty')}</p> : (
          <ul className="export-list" data-testid="export-list">
            {[...layers].reverse().map((l) => <ExportRow key={l.id} lang={lang} layer={l} />)}
          </ul>
        )}
      </div>
    </section>
  );
}
