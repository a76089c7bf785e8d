// Meeting mode in the app (lazy-loaded): the deck editor beside the review map, and the full-screen presentation.
// Holds the deck (default from core, or the one stored in this browser) and saves every edit.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { defaultDeck } from '../../core/deck/defaultDeck';
import type { ViewSlideInput } from '../../core/deck/edit';
import { CONFLICT_TYPES } from '../../core/overlay/types';
import type { ConflictSummary, Deck, KpiRef, ParcelStyle } from '../../core/deck/types';
import type { ValidatedLayer } from '../../core/schema/validate';
import type { Problem } from '../../core/schema/problems';
import type { MapController } from '../../map/MapController';
import type { EvaluatedProject } from '../data/evaluation';
import type { Project } from '../data/loadProject';
import type { Lang } from '../i18n';
import { conflictStore, hasSubjects, sameLayers, useConflictRun } from '../conflicts/conflictStore';
import { mapStore } from '../thematic/mapStore';
import { DeckEditor } from './DeckEditor';
import { forgetDeck, loadDeck, rememberPark, saveDeck } from './deckStore';
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

const CONFLICT_FIGURES = new Set<string>(['conflictCount', ...CONFLICT_TYPES.map((t) => `conflictArea.${t}`)]);
/** Whether a slide of the deck shows figures of the 五规合一 check (cards or chart). */
const needsConflicts = (deck: Deck): boolean =>
  deck.slides.some((s) => s.chart === 'conflictsByType' || s.kpis.some((k) => CONFLICT_FIGURES.has(k.figure)));

export default function PresentRoot({ lang, project, evaluated, mode, onMode, controller, conflicts = null, onLang }: Props) {
  const [state, setState] = useState<{ deck: Deck; invalid: { problems: Problem[]; backupKey: string } | null } | null>(null);
  const [saved, setSaved] = useState(false);
  const [startAt, setStartAt] = useState(0);
  const [cameFromEditor, setCameFromEditor] = useState(mode === 'edit');

  const load = useCallback((parkId?: string | null) => {
    if (!evaluated) return;
    const loaded = loadDeck(evaluated.evaluation, parkId);
    setState({ deck: loaded.deck, invalid: loaded.invalid });
    setSaved(loaded.source === 'stored');
  }, [evaluated]);
  useEffect(() => load(), [load]);

  const layers: PresentLayer[] = useMemo(
    () => (project?.layers ?? []).map((l) => ({ id: l.id, kind: l.kind, data: l.data, planType: planTypeOf(l.kind, l.data) })),
    [project],
  );

  // The conflicts slide needs the 五规合一 check: when the deck is shown without its result, the check runs (the same
  // worker run as the 五规合一 panel, whose result App hands back as `conflicts`); meanwhile the cards say so.
  const validated = useMemo(() => (project?.layers ?? []).flatMap((l): ValidatedLayer[] => (l.validated ? [l.validated] : [])), [project]);
  const run = useConflictRun();
  const started = useRef<readonly ValidatedLayer[] | null>(null);
  const wantsConflicts = mode === 'present' && conflicts === null && state !== null && needsConflicts(state.deck) && hasSubjects(validated);
  useEffect(() => {
    if (!wantsConflicts || started.current === validated) return;
    const now = conflictStore.get();
    if (now.status === 'running' && sameLayers(now.layers, validated)) return;
    started.current = validated; // once per project: a failed or cancelled run is not retried in a loop
    conflictStore.run(validated, now.minAreaM2, project?.layers[project.layers.length - 1]?.id ?? null);
  }, [wantsConflicts, validated, project]);
  const forThese = run.layers !== null && sameLayers(run.layers, validated);
  const stopped = forThese && (run.status === 'failed' || run.status === 'cancelled');
  // "Computing" from the first frame: the run starts in an effect just after the deck is drawn.
  const conflictsPending = conflicts !== null ? null
    : forThese && run.status === 'failed' ? 'failed'
      : (forThese && run.status === 'running') || (wantsConflicts && !stopped) ? 'computing' : null;

  const onChange = useCallback((deck: Deck) => {
    setState((s) => (s ? { ...s, deck } : s));
    setSaved(saveDeck(deck));
  }, []);

  const onReset = useCallback(() => {
    if (!evaluated || !state) return;
    const deck = defaultDeck(evaluated.evaluation, { parkId: state.deck.parkId });
    forgetDeck(deck.parkId);
    setState({ deck, invalid: null });
    setSaved(false);
  }, [evaluated, state]);

  /** Another park: its stored deck, or its default deck. */
  const onPark = useCallback((parkId: string) => {
    rememberPark(parkId);
    load(parkId);
  }, [load]);

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

  // With several parks the slides name the deck's park, not the project.
  const deckParkName = evaluated && state && evaluated.evaluation.parks.length > 1 ? evaluated.parks.get(state.deck.parkId ?? '')?.name ?? null : null;
  const parkName = deckParkName ? { zh: deckParkName, en: deckParkName } : (project?.name ?? null);

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
        onPark={onPark}
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
      parkName={parkName}
      reviewDate={project?.reviewDate ?? null}
      startAt={startAt}
      conflicts={conflicts}
      conflictsPending={conflictsPending}
      fullscreen
      onExit={exit}
      onLang={onLang}
    />
  );
}
