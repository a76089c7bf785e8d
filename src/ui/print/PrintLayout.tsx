// Print layout (issue 7): an A4 or A3 sheet, landscape or portrait, with a title, the map drawn at 300 dpi, its legend
// (read from what the map draws), a scale bar, a north arrow, the dates and the data sources. Printed through the
// browser (print to PDF); the same map also exports as a 300 dpi PNG. Lazy-loaded.
import { useEffect, useMemo, useRef, useState } from 'react';
import { todayIso } from '../../core/dates';
import type { MapController } from '../../map/MapController';
import type { LayerState } from '../../map/types';
import { fileNameOf, type LoadedLayer, type Project } from '../data/loadProject';
import { t, tMaybe, type Lang } from '../i18n';
import { downloadBlob } from '../review/download';
import { Swatch } from '../Swatch';
import { useMapSnapshot } from '../thematic/mapStore';
import { withDpi } from './png';
import { sourceText } from './sourceLine';
import { canvasPng, renderMap, type RenderedMap } from './renderMap';
import { cssPixelsFor, metersPerPixel, MM_PER_INCH, CSS_DPI, scaleBar, scaleDenominator, sheetMm, type Orientation, type Paper } from './scale';

/** Print resolution of the map image and the PNG export. */
export const PRINT_DPI = 300;
const MARGIN_MM = 10;
const HEADER_MM = 15;
const FOOTER_MM = 9;
const GAP_MM = 4;
const SIDE_MM = 58;
const BELOW_MM = 52;

interface Props {
  lang: Lang;
  project: Project | null;
  layers: readonly LoadedLayer[];
  reviewDate: string | null;
  controller: () => MapController | null;
  onClose: () => void;
}

/** Where the map frame and the legend go on a sheet (millimetres). */
export function frameMm(paper: Paper, orientation: Orientation): { sheet: { width: number; height: number }; map: { width: number; height: number }; legendBeside: boolean } {
  const sheet = sheetMm(paper, orientation);
  const innerW = sheet.width - 2 * MARGIN_MM;
  const innerH = sheet.height - 2 * MARGIN_MM - HEADER_MM - FOOTER_MM;
  if (orientation === 'landscape') return { sheet, map: { width: innerW - SIDE_MM - GAP_MM, height: innerH }, legendBeside: true };
  return { sheet, map: { width: innerW, height: innerH - BELOW_MM - GAP_MM }, legendBeside: false };
}

function NorthArrow({ bearing, lang }: { bearing: number; lang: Lang }) {
  return (
    <svg className="print-north" viewBox="0 0 32 44" aria-label={t(lang, 'print.north')} data-testid="print-north">
      <g transform={`rotate(${-bearing} 16 18)`}>
        <polygon points="16,2 25,30 16,25 7,30" fill="#1d2733" />
        <polygon points="16,2 16,25 7,30" fill="#9aa3af" />
      </g>
      <text x="16" y="42" textAnchor="middle" fontSize="10" fontWeight="700" fill="#1d2733">{lang === 'zh' ? '北' : 'N'}</text>
    </svg>
  );
}

function ScaleBarSvg({ lengthMm, label, denominator, lang }: { lengthMm: number; label: string; denominator: number; lang: Lang }) {
  const w = lengthMm;
  return (
    <div className="print-scale" data-testid="print-scale" data-denominator={denominator}>
      <svg viewBox={`-1 0 ${w + 2} 9`} style={{ width: `${w + 2}mm`, height: '9mm' }} aria-hidden="true">
        <rect x="0" y="1" width={w / 2} height="1.6" fill="#1d2733" />
        <rect x={w / 2} y="1" width={w / 2} height="1.6" fill="#fff" stroke="#1d2733" strokeWidth="0.25" />
        <rect x="0" y="1" width={w} height="1.6" fill="none" stroke="#1d2733" strokeWidth="0.25" />
        <text x="0" y="6.5" fontSize="2.6" fill="#1d2733">0</text>
        <text x={w} y="6.5" fontSize="2.6" textAnchor="end" fill="#1d2733">{label}</text>
      </svg>
      <span>{t(lang, 'print.scale', { n: denominator.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') })}</span>
    </div>
  );
}

/** Scale of a map image drawn at `zoom` and printed `cssWidth` px → `mmWidth` mm wide. */
function scaleOf(view: RenderedMap['view'], cssWidth: number, mmWidth: number) {
  const metersPerMm = (metersPerPixel(view.center[1], view.zoom) * cssWidth) / mmWidth;
  const bar = scaleBar(metersPerMm, 40);
  return { denominator: scaleDenominator(metersPerMm), bar };
}

export default function PrintLayout({ lang, project, layers, reviewDate, controller, onClose }: Props) {
  const [paper, setPaper] = useState<Paper>('A4');
  const [orientation, setOrientation] = useState<Orientation>('landscape');
  const defaultTitle = t(lang, 'print.defaultTitle', { park: project?.name?.[lang] ?? t(lang, 'park.unnamed') });
  const [title, setTitle] = useState<string | null>(null);
  const [image, setImage] = useState<{ url: string; rendered: RenderedMap } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pngState, setPngState] = useState<string | null>(null);
  const snapshot = useMapSnapshot();
  const layout = frameMm(paper, orientation);
  const frameCss = { width: Math.round(cssPixelsFor(layout.map.width)), height: Math.round(cssPixelsFor(layout.map.height)) };
  const renderSeq = useRef(0);

  // Draw the map for the frame whenever the sheet changes (and once the map on screen is ready).
  useEffect(() => {
    const c = controller();
    if (!c) return;
    const seq = ++renderSeq.current;
    setImage(null);
    setError(null);
    let url: string | null = null;
    renderMap(c, frameCss.width, frameCss.height, PRINT_DPI)
      .then(async (rendered) => {
        const bytes = await canvasPng(rendered.canvas);
        if (seq !== renderSeq.current) return;
        url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'image/png' }));
        setImage({ url, rendered });
      })
      .catch((e) => {
        if (seq === renderSeq.current) setError(e instanceof Error ? e.message : String(e));
      });
    return () => {
      if (url) URL.revokeObjectURL(url);
    };
  }, [controller, frameCss.width, frameCss.height]);

  // The printed page has the sheet's size and no margin (the sheet has its own).
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = `@page { size: ${paper} ${orientation}; margin: 0; }`;
    document.head.appendChild(style);
    document.documentElement.classList.add('printing-layout');
    return () => {
      style.remove();
      document.documentElement.classList.remove('printing-layout');
    };
  }, [paper, orientation]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const titles = useMemo(() => new Map(layers.map((l) => [l.id, l.title[lang]])), [layers, lang]);
  const titleOf = (s: LayerState) => titles.get(s.id) ?? tMaybe(lang, `kind.${s.kind}`, s.kind);
  // Every layer drawn, top first: its classes, or (a boundary such as the park's) its own symbol under its title.
  const legendLayers = [...snapshot.layers].reverse().filter((l) => l.visible && l.shownCount > 0);
  const files = [...new Set(layers.filter((l) => snapshot.layers.some((s) => s.id === l.id && s.visible)).map((l) => fileNameOf(l.url)))];
  const sourceLine = sourceText(lang, project?.name?.[lang] ?? t(lang, 'park.unnamed'), files, snapshot.baseMap);
  const madeWith = t(lang, 'print.madeWith', { date: todayIso() });
  const scale = image ? scaleOf(image.rendered.view, image.rendered.cssWidth, layout.map.width) : null;
  const bearing = image?.rendered.view.bearing ?? controller()?.getCamera().bearing ?? 0;
  const shownTitle = title ?? defaultTitle;
  const sheetCss = { width: cssPixelsFor(layout.sheet.width), height: cssPixelsFor(layout.sheet.height) };
  const previewScale = Math.min(1, (window.innerWidth - 360) / sheetCss.width, (window.innerHeight - 40) / sheetCss.height);

  const exportPng = async () => {
    const c = controller();
    if (!c) return;
    setPngState(t(lang, 'print.pngBusy'));
    try {
      // The whole sheet's area at 300 dpi (A4 landscape: 3508 × 2480 px), with north arrow, scale bar and source line.
      const sheet = sheetMm(paper, orientation);
      const rendered = await renderMap(c, cssPixelsFor(sheet.width), cssPixelsFor(sheet.height), PRINT_DPI);
      decoratePng(rendered, sheet.width, lang, shownTitle, [sourceLine, t(lang, 'print.crs'), madeWith].join(lang === 'zh' ? '；' : '; '));
      const bytes = withDpi(await canvasPng(rendered.canvas), PRINT_DPI);
      const file = `${(project?.name?.zh ?? 'park-atlas').replace(/[\\/:*?"<>|\s]+/g, '_')}-${paper}-${orientation}-${PRINT_DPI}dpi.png`;
      downloadBlob([bytes as BlobPart], 'image/png', file);
      setPngState(t(lang, 'print.pngSaved', { file, w: rendered.canvas.width, h: rendered.canvas.height }));
    } catch (e) {
      setPngState(t(lang, 'print.failed', { message: e instanceof Error ? e.message : String(e) }));
    }
  };

  const legend = (
    <div className="print-legend" data-testid="print-legend">
      <h3>{t(lang, 'print.legend')}</h3>
      {legendLayers.map((l) => {
        const entries = l.legend.filter((e) => e.count > 0);
        return entries.length > 0 ? (
          <div key={l.id} className="print-legend-layer" data-testid="print-legend-layer" data-layer-id={l.id}>
            <div className="print-legend-title">{l.thematicTitle ?? titleOf(l)}</div>
            <ul>
              {entries.map((e) => (
                <li key={e.value}>
                  <Swatch fill={e.fill} line={e.line} lineWidth={l.lineWidth} hatch={e.hatch} />
                  <span>{e.label ?? tMaybe(lang, e.labelKey, e.value)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <div key={l.id} className="print-legend-layer" data-testid="print-legend-layer" data-layer-id={l.id}>
            <ul>
              <li>
                <Swatch fill={l.swatch.fill} line={l.swatch.line} lineWidth={l.lineWidth} hatch={l.swatch.hatch} />
                <span className="print-legend-title">{titleOf(l)}</span>
              </li>
            </ul>
          </div>
        );
      })}
    </div>
  );

  return (
    <div className="print-layout" data-testid="print-layout" data-ready={image ? 'true' : 'false'} data-paper={paper} data-orientation={orientation}>
      <div className="print-controls" role="toolbar" aria-label={t(lang, 'print.title')}>
        <h2>{t(lang, 'print.title')}</h2>
        <label>
          <span>{t(lang, 'print.mapTitle')}</span>
          <input type="text" value={shownTitle} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="print-title-input" />
        </label>
        <label>
          <span>{t(lang, 'print.paper')}</span>
          <select value={paper} onChange={(e) => setPaper(e.currentTarget.value as Paper)} data-testid="print-paper">
            <option value="A4">A4</option>
            <option value="A3">A3</option>
          </select>
        </label>
        <label>
          <span>{t(lang, 'print.orientation')}</span>
          <select value={orientation} onChange={(e) => setOrientation(e.currentTarget.value as Orientation)} data-testid="print-orientation">
            <option value="landscape">{t(lang, 'print.landscape')}</option>
            <option value="portrait">{t(lang, 'print.portrait')}</option>
          </select>
        </label>
        <button type="button" className="btn btn-primary" onClick={() => window.print()} disabled={!image} data-testid="print-print">{t(lang, 'print.print')}</button>
        <button type="button" className="btn" onClick={() => void exportPng()} data-testid="print-png">{t(lang, 'print.png')}</button>
        {pngState && <p className="print-note" role="status" data-testid="print-png-status">{pngState}</p>}
        <button type="button" className="btn" onClick={onClose} data-testid="print-close">{t(lang, 'print.close')}</button>
      </div>
      <div className="print-stage">
        <div
          className={`print-sheet print-${orientation}`}
          style={{ width: `${layout.sheet.width}mm`, height: `${layout.sheet.height}mm`, ['--preview-scale' as string]: String(previewScale) }}
          data-testid="print-sheet"
        >
          <header className="print-head">
            <h1 data-testid="print-title">{shownTitle}</h1>
            <div className="print-dates">
              {reviewDate && <span>{t(lang, 'print.reviewDate', { date: reviewDate })}</span>}
              <span>{t(lang, 'print.date', { date: todayIso() })}</span>
            </div>
          </header>
          <div className={`print-body${layout.legendBeside ? ' print-body-beside' : ''}`}>
            <div className="print-map" style={{ width: `${layout.map.width}mm`, height: `${layout.map.height}mm` }}>
              {image ? (
                <img src={image.url} alt={shownTitle} data-testid="print-map-image" data-width={image.rendered.canvas.width} data-height={image.rendered.canvas.height} />
              ) : (
                <div className="print-map-status" role="status">{error ? t(lang, 'print.failed', { message: error }) : t(lang, 'print.rendering')}</div>
              )}
              <NorthArrow bearing={bearing} lang={lang} />
            </div>
            <aside className="print-side">
              {legend}
              {scale && <ScaleBarSvg lengthMm={(scale.bar.length)} label={scale.bar.label} denominator={scale.denominator} lang={lang} />}
            </aside>
          </div>
          <footer className="print-foot">
            <span data-testid="print-source">{sourceLine}</span>
            <span>{t(lang, 'print.crs')}</span>
            <span>{madeWith}</span>
          </footer>
        </div>
      </div>
    </div>
  );
}

/** Draws north arrow, scale bar, title and source line onto an exported map image. */
function decoratePng(r: RenderedMap, sheetWidthMm: number, lang: Lang, title: string, source: string): void {
  const ctx = r.canvas.getContext('2d');
  if (!ctx) return;
  const px = r.canvas.width / sheetWidthMm; // image pixels per millimetre of paper
  const font = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
  // Title band.
  ctx.fillStyle = 'rgba(255,255,255,0.9)';
  ctx.fillRect(0, 0, r.canvas.width, 14 * px);
  ctx.fillStyle = '#1d2733';
  ctx.font = `600 ${7 * px}px ${font}`;
  ctx.textBaseline = 'middle';
  ctx.fillText(title, 8 * px, 7 * px);
  // North arrow, top right, turned with the bearing.
  ctx.save();
  ctx.translate(r.canvas.width - 14 * px, 26 * px);
  ctx.rotate((-r.view.bearing * Math.PI) / 180);
  ctx.beginPath();
  ctx.moveTo(0, -7 * px);
  ctx.lineTo(4 * px, 6 * px);
  ctx.lineTo(0, 4 * px);
  ctx.lineTo(-4 * px, 6 * px);
  ctx.closePath();
  ctx.fillStyle = '#1d2733';
  ctx.fill();
  ctx.restore();
  ctx.fillStyle = '#1d2733';
  ctx.font = `700 ${3.5 * px}px ${font}`;
  ctx.textAlign = 'center';
  ctx.fillText(lang === 'zh' ? '北' : 'N', r.canvas.width - 14 * px, 36 * px);
  // Scale bar, bottom left.
  const mmPerCss = MM_PER_INCH / CSS_DPI;
  const metersPerMm = metersPerPixel(r.view.center[1], r.view.zoom) / mmPerCss;
  const bar = scaleBar(metersPerMm, 50);
  const x0 = 8 * px;
  const y0 = r.canvas.height - 16 * px;
  const label = `0 — ${bar.label}   1:${scaleDenominator(metersPerMm).toLocaleString('en')}`;
  ctx.font = `${3 * px}px ${font}`;
  const boxWidth = Math.max(bar.length * px, ctx.measureText(label).width) + 6 * px;
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(x0 - 3 * px, y0 - 4 * px, boxWidth, 11 * px);
  ctx.fillStyle = '#1d2733';
  ctx.fillRect(x0, y0, (bar.length / 2) * px, 1.6 * px);
  ctx.strokeStyle = '#1d2733';
  ctx.lineWidth = 0.3 * px;
  ctx.strokeRect(x0, y0, bar.length * px, 1.6 * px);
  ctx.textAlign = 'left';
  ctx.fillText(label, x0, y0 + 4.5 * px);
  // Source line, bottom.
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(0, r.canvas.height - 7 * px, r.canvas.width, 7 * px);
  ctx.fillStyle = '#4a5667';
  ctx.font = `${2.8 * px}px ${font}`;
  ctx.fillText(source, 8 * px, r.canvas.height - 3.5 * px);
}
