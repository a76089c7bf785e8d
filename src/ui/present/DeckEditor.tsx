// The deck editor (a side panel on the review screen): slides in order with their titles, reorder, retitle,
// speaker notes, KPI cards, 3D; add the current map view or a village; present from any slide; export as JSON.
import { useMemo, useState } from 'react';
import { FIGURE_KEYS, FIGURES } from '../../core/deck/figures';
import { villageSlide } from '../../core/deck/defaultDeck';
import { insertSlide, moveSlide, removeSlide, retitle, set3d, setKpis, setNotes, viewSlide, type ViewSlideInput } from '../../core/deck/edit';
import { MAX_KPIS, type Deck, type FigureKey, type KpiRef, type Slide } from '../../core/deck/types';
import { formatProblem, type Problem } from '../../core/schema/problems';
import type { EvaluatedProject } from '../data/evaluation';
import type { Lang } from '../i18n';
import { ps, type PresentKey } from './strings';
import './deck-editor.css';

interface Props {
  lang: Lang;
  deck: Deck;
  onChange: (deck: Deck) => void;
  evaluated: EvaluatedProject | null;
  /** A stored deck that could not be read (its text kept under backupKey). */
  invalid: { problems: Problem[]; backupKey: string } | null;
  saved: boolean;
  onPresent: (index: number) => void;
  onReset: () => void;
  /** Choose the park the deck is about (a project with several parks has a deck per park). */
  onPark: (parkId: string) => void;
  onClose: () => void;
  /** The review map's view now (camera, layers, styling, selection), without a title; null when no map. */
  captureView: () => Omit<ViewSlideInput, 'title'> | null;
}

/** Figures a card can show for a slide: village figures on a village slide, the park's (and conflicts') otherwise. */
function figureChoices(slide: Slide): FigureKey[] {
  return FIGURE_KEYS.filter((k) => (slide.kind === 'village' ? k.startsWith('village.') : !k.startsWith('village.')));
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DeckEditor({ lang, deck, onChange, evaluated, invalid, saved, onPresent, onReset, onPark, onClose, captureView }: Props) {
  const [open, setOpen] = useState<string | null>(null);
  const parks = evaluated?.evaluation.parks ?? [];
  // The deck's park's villages (and those not assigned to a park), as its relocation slide shows them.
  const villages = useMemo(
    () => (evaluated?.evaluation.relocation.villages ?? []).filter((v) => deck.parkId === null || v.park === deck.parkId || v.park === null),
    [evaluated, deck.parkId],
  );
  const [chosenVillage, setVillage] = useState<string>('');
  const village = villages.some((v) => v.id === chosenVillage) ? chosenVillage : (villages[0]?.id ?? '');

  const addView = () => {
    const v = captureView();
    if (!v) return;
    const n = deck.slides.filter((s) => s.kind === 'custom').length + 1;
    const slide = viewSlide({ ...v, title: { zh: ps('zh', 'deck.viewTitle', { n }), en: ps('en', 'deck.viewTitle', { n }) } });
    const next = insertSlide(deck, slide);
    onChange(next);
    setOpen(next.slides[next.slides.length - 1].id);
  };

  const addVillage = () => {
    if (!evaluated || !village) return;
    const s = villageSlide(evaluated.evaluation, village, `village-${village}`);
    if (!s) return;
    const next = insertSlide(deck, s);
    onChange(next);
    setOpen(next.slides[next.slides.length - 1].id);
  };

  const setKpi = (slide: Slide, i: number, figure: string) => {
    const kpis: KpiRef[] = [...slide.kpis];
    const scope = slide.kind === 'village' ? slide.village : (slide.kpis[i]?.scope ?? null);
    if (figure === '') kpis.splice(i, 1);
    else kpis[i] = { figure: figure as FigureKey, scope };
    onChange(setKpis(deck, slide.id, kpis.filter(Boolean)));
  };

  return (
    <aside className="deck-editor" data-testid="deck-editor" aria-label={ps(lang, 'deck.title')}>
      <div className="deck-editor-head">
        <h2>{ps(lang, 'deck.title')}</h2>
        <button type="button" className="deck-btn" onClick={onClose} data-testid="deck-close">{ps(lang, 'deck.close')}</button>
      </div>
      <div className="deck-editor-actions">
        <button type="button" className="deck-btn deck-btn-primary" onClick={() => onPresent(0)} data-testid="deck-present">{ps(lang, 'deck.present')}</button>
        <button type="button" className="deck-btn" onClick={addView} data-testid="deck-add-view">{ps(lang, 'deck.addView')}</button>
        <button type="button" className="deck-btn" onClick={() => download('park-atlas-deck.json', JSON.stringify(deck, null, 2))} data-testid="deck-export">{ps(lang, 'deck.export')}</button>
        <button type="button" className="deck-btn" onClick={() => { if (window.confirm(ps(lang, 'deck.resetConfirm'))) onReset(); }} data-testid="deck-reset">{ps(lang, 'deck.reset')}</button>
      </div>
      {parks.length > 1 && (
        <div className="deck-editor-actions">
          <label className="deck-park">
            {ps(lang, 'deck.park')}
            <select value={deck.parkId ?? ''} onChange={(e) => onPark(e.target.value)} data-testid="deck-park-select">
              {parks.map((p) => <option key={p.id} value={p.id}>{p.name ?? p.id}</option>)}
            </select>
          </label>
        </div>
      )}
      {villages.length > 0 && (
        <div className="deck-editor-actions">
          <select value={village} onChange={(e) => setVillage(e.target.value)} aria-label={ps(lang, 'deck.addVillage')} data-testid="deck-village-select">
            {villages.map((v) => <option key={v.id} value={v.id}>{v.village ?? v.id}</option>)}
          </select>
          <button type="button" className="deck-btn" onClick={addVillage} data-testid="deck-add-village">{ps(lang, 'deck.addVillage')}</button>
        </div>
      )}
      {invalid && (
        <div className="deck-editor-warning" role="alert" data-testid="deck-invalid">
          {ps(lang, 'deck.invalid', { key: invalid.backupKey })}
          <ul>{invalid.problems.slice(0, 5).map((p, i) => <li key={i}>{formatProblem(p, lang)}</li>)}</ul>
        </div>
      )}
      <p className="deck-editor-saved">{saved ? ps(lang, 'deck.stored') : ''}</p>
      <ol className="deck-slides">
        {deck.slides.map((s, i) => (
          <li key={s.id} className={open === s.id ? 'open' : undefined} data-testid="deck-slide" data-id={s.id} data-kind={s.kind}>
            <div className="deck-slide-row">
              <span className="deck-slide-n">{i + 1}</span>
              <span className="deck-slide-kind">{ps(lang, `deck.slideKind.${s.kind}` as PresentKey)}</span>
              <input
                className="deck-slide-title"
                value={s.title[lang]}
                aria-label={ps(lang, 'deck.titleLabel', { lang: lang === 'zh' ? '中文' : 'English' })}
                onChange={(e) => onChange(retitle(deck, s.id, lang, e.target.value))}
                onFocus={() => setOpen(s.id)}
                data-testid="deck-slide-title"
              />
            </div>
            <div className="deck-slide-buttons">
              <button type="button" className="deck-btn" onClick={() => onChange(moveSlide(deck, s.id, -1))} disabled={i === 0} data-testid="deck-slide-up">{ps(lang, 'deck.up')}</button>
              <button type="button" className="deck-btn" onClick={() => onChange(moveSlide(deck, s.id, 1))} disabled={i === deck.slides.length - 1} data-testid="deck-slide-down">{ps(lang, 'deck.down')}</button>
              <button type="button" className="deck-btn" onClick={() => onPresent(i)} data-testid="deck-slide-present">{ps(lang, 'deck.presentFrom')}</button>
              <button type="button" className="deck-btn" onClick={() => setOpen(open === s.id ? null : s.id)} aria-expanded={open === s.id} data-testid="deck-slide-more">⋯</button>
              <button type="button" className="deck-btn deck-btn-danger" onClick={() => onChange(removeSlide(deck, s.id))} data-testid="deck-slide-remove">{ps(lang, 'deck.remove')}</button>
            </div>
            {open === s.id && (
              <div className="deck-slide-details">
                <label>
                  {ps(lang, 'deck.notesLabel')}
                  <textarea value={s.notes} rows={3} onChange={(e) => onChange(setNotes(deck, s.id, e.target.value))} data-testid="deck-slide-notes" />
                </label>
                <fieldset>
                  <legend>{ps(lang, 'deck.kpisLabel')}</legend>
                  {Array.from({ length: Math.min(MAX_KPIS, s.kpis.length + 1) }, (_, k) => (
                    <select key={k} value={s.kpis[k]?.figure ?? ''} onChange={(e) => setKpi(s, k, e.target.value)} data-testid="deck-slide-kpi">
                      <option value="">{ps(lang, 'deck.kpiNone')}</option>
                      {figureChoices(s).map((f) => <option key={f} value={f}>{FIGURES[f].label[lang]}</option>)}
                    </select>
                  ))}
                </fieldset>
                <label className="deck-check">
                  <input type="checkbox" checked={s.map.extrude !== null} onChange={(e) => onChange(set3d(deck, s.id, e.target.checked ? 'plotRatio' : null))} data-testid="deck-slide-3d" />
                  {ps(lang, 'deck.threeD')}
                </label>
              </div>
            )}
          </li>
        ))}
      </ol>
    </aside>
  );
}
