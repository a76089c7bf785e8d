// Meeting mode in the app (lazy-loaded): the deck editor beside the review map, and the full-screen presentation.
// Holds the deck (default from core, or the one stored in this browser) and saves every edit.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { defaultDeck } from '../../core/deck/defaultDeck';
import type { ViewSlideInput } from '../../core/deck/edit';
import type { ConflictSummary, Deck, KpiRef, ParcelStyle } from '../../core/deck/types';
import type { Problem } from '../../core/schema/problems';
import type { MapController } from '../../map/MapController';
import type { EvaluatedProject } from '../data/evaluation';
import type { Project } from '../data/loadProject';
import type { Lang } from '../i18n';
import { mapStore } from '../thematic/mapStore';
import { DeckEditor } from './DeckEditor';
import { forgetDeck, loadDeck, saveDeck } from './deckStore';
import { Presentation } from './Presentation';
import { planTypeOf, type PresentLayer } from './scene';

export type PresentMode = 'present' | 'edit';

interface Props {
  lang: Lang;
  project: Project | null;
  evaluated: EvaluatedProject | null;
  mode: PresentMode;
  onMode: (mode: PresentMode | null) => void;
  /** The review map (for "add current view"). */
  controller: () => MapController | null;
  /** 五规合一 conflicts, when the overlay has run; without them the conflicts slide says "not computed". */
  conflicts?: ConflictSummary | null;
  onLang?: (lang: Lang) => void;
}

const VIEW_KPIS: KpiRef[] = [{ figure: 'area', scope: null }, { figure: 'investmentIntensity', scope: null }, { figure: 'idleCount', scope: null }];

export default function PresentRoot({ lang, project, evaluated, mode, onMode, controller, conflicts = null, onLang }: Props) {
  const [state, setState] = useState<{ deck: Deck; invalid: { problems: Problem[]; backupKey: string } | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const [startAt, setStartAt] = useState(0);
  const [cameFromEditor, setCameFromEditor] = useState(mode === 'edit');

  useEffect(() => {
    if (!evaluated) return;
    const loaded = loadDeck(evaluated.evaluation);
    setState({ deck: loaded.deck, invalid: loaded.invalid });
    setSaved(loaded.source === 'stored');
  }, [evaluated]);

  const layers: PresentLayer[] = useMemo(
    () => (project?.layers ?? []).map((l) => ({ id: l.id, kind: l.kind, data: l.data, planType: planTypeOf(l.kind, l.data) })),
    [project],
  );

  const onChange = useCallback((deck: Deck) => {
    setState((s) => (s ? { ...s, deck } : s));
    setSaved(saveDeck(deck));
  }, []);

  const onReset = useCallback(() => {
    if (!evaluated) return;
    const deck = defaultDeck(evaluated.evaluation);
    forgetDeck(deck.parkId);
    setState({ deck, invalid: null });
    setSaved(false);
  }, [evaluated]);

  const captureView = useCallback((): Omit<ViewSlideInput, 'title'> | null => {
    const c = controller();
    if (!c) return null;
    const snap = c.getSnapshot();
    const theme = mapStore.theme();
    const parcelStyle: ParcelStyle = theme.metric === 'none' ? { by: 'landUse' } : theme.metric === 'compliance' ? { by: 'compliance' } : { by: 'metric', metric: theme.metric, method: theme.method };
    return {
      view: c.getCamera(),
      layerIds: snap.layers.filter((l) => l.visible).map((l) => l.id),
      parcelStyle,
      highlight: snap.selection ? [snap.selection.featureId] : [],
      kpis: VIEW_KPIS,
    };
  }, [controller]);

  const present = useCallback((index: number) => {
    setStartAt(index);
    setCameFromEditor(true);
    onMode('present');
  }, [onMode]);

  const exit = useCallback(() => onMode(cameFromEditor ? 'edit' : null), [onMode, cameFromEditor]);

  if (!state || !evaluated) return null;
  if (mode === 'edit') {
    return (
      <DeckEditor
        lang={lang}
        deck={state.deck}
        onChange={onChange}
        evaluated={evaluated}
        invalid={state.invalid}
        saved={saved}
        onPresent={present}
        onReset={onReset}
        onClose={() => onMode(null)}
        captureView={captureView}
      />
    );
  }
  return (
    <Presentation
      lang={lang}
      layers={layers}
      evaluated={evaluated}
      deck={state.deck}
      parkName={project?.name ?? null}
      reviewDate={project?.reviewDate ?? null}
      startAt={startAt}
      conflicts={conflicts}
      fullscreen
      onExit={exit}
      onLang={onLang}
    />
  );
}
