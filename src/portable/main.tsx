// The portable deck (issue 8 §5): a folder that opens from a USB stick with a double-click, without a server or a
// network. Built as one classic script (vite.portable.config.ts), since Chromium refuses ES modules and fetch() on
// file:// pages; the layers come inlined as a script (data.js: window.__PARK_ATLAS_DATA__), maplibre's worker from
// a blob. Core evaluates the layers here, as in the app, so the slides show the same figures.
import * as maplibregl from 'maplibre-gl';
import workerSource from 'maplibre-gl/dist/maplibre-gl-worker.mjs?raw';
import { useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultDeck } from '../core/deck/defaultDeck';
import type { Bilingual } from '../core/deck/labels';
import { parseDeck } from '../core/deck/validate';
import type { ConflictSummary, Deck } from '../core/deck/types';
import { evaluate } from '../core/evaluate';
import { formatProblem, type Problem } from '../core/schema/problems';
import { LAYER_KINDS, type LayerKind } from '../core/schema/types';
import { validateLayer, type ValidatedLayer } from '../core/schema/validate';
import type { EvaluatedProject } from '../ui/data/evaluation';
import type { Lang } from '../ui/i18n';
import { Presentation } from '../ui/present/Presentation';
import './portable.css';
import { planTypeOf, type PresentLayer } from '../ui/present/scene';

/** What scripts/build-portable.mjs writes into data.js. */
export interface PortableData {
  name: Bilingual | null;
  reviewDate: string | null;
  layers: { id: string; kind: string | null; file: string; data: unknown }[];
  /** A saved deck (the editor's JSON export), or null for the project's default deck. */
  deck: unknown;
  conflicts?: ConflictSummary | null;
  lang?: Lang;
}

declare global {
  interface Window {
    __PARK_ATLAS_DATA__?: PortableData;
  }
}

// A file:// page may not load a worker from a file: maplibre gets its worker's source as a blob instead.
maplibregl.setWorkerUrl(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));

interface Loaded {
  layers: PresentLayer[];
  evaluated: EvaluatedProject | null;
  deck: Deck;
  problems: Problem[];
}

function load(data: PortableData): Loaded {
  const problems: Problem[] = [];
  const layers: PresentLayer[] = [];
  const validated: ValidatedLayer[] = [];
  for (const l of data.layers) {
    const expected = l.kind !== null && (LAYER_KINDS as readonly string[]).includes(l.kind) ? (l.kind as LayerKind) : undefined;
    const checked = validateLayer(l.data, l.file, expected);
    if (!checked.ok) {
      problems.push(...checked.problems);
      continue;
    }
    const v = checked.value;
    const invalid = new Set(v.invalidIds);
    const drawable = invalid.size === 0 ? v.layer : { ...v.layer, features: v.layer.features.filter((f) => !invalid.has(String(f.id))) };
    validated.push(v);
    problems.push(...v.problems.filter((p) => p.severity === 'error'));
    layers.push({ id: l.id, kind: v.kind, data: drawable as PresentLayer['data'], planType: planTypeOf(v.kind, drawable as PresentLayer['data']) });
  }
  const evaluation = validated.length > 0 ? evaluate(validated, data.reviewDate ? { reviewDate: data.reviewDate } : {}) : null;
  const evaluated: EvaluatedProject | null = evaluation && {
    evaluation,
    parcels: new Map(evaluation.parcels.map((p) => [p.id, p])),
    zones: new Map(evaluation.zones.map((z) => [z.id, z])),
    parks: new Map(evaluation.parks.map((p) => [p.id, p])),
    villages: new Map(evaluation.relocation.villages.map((v) => [v.id, v])),
  };
  let deck: Deck | null = null;
  if (data.deck) {
    const r = parseDeck(data.deck, 'deck.json');
    if (r.ok) deck = r.deck;
    else problems.push(...r.problems);
  }
  if (!deck) deck = evaluation ? defaultDeck(evaluation) : { version: 1, parkId: null, slides: [] };
  return { layers, evaluated, deck, problems };
}

function PortableDeck({ data, loaded }: { data: PortableData; loaded: Loaded }) {
  // Chinese unless the build says otherwise (L switches during the meeting).
  const [lang, setLang] = useState<Lang>(data.lang ?? 'zh');
  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    const name = data.name?.[lang];
    document.title = name ?? 'Park Atlas';
  }, [lang, data.name]);
  // F: full screen (a double-clicked file opens in a normal window; Esc leaves full screen again).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.key === 'f' || e.key === 'F') && !e.ctrlKey && !e.metaKey && !e.altKey) {
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
        else void document.documentElement.requestFullscreen?.().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const onExit = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => undefined);
  }, []);
  return (
    <>
      <Presentation
        lang={lang}
        layers={loaded.layers}
        evaluated={loaded.evaluated}
        deck={loaded.deck}
        parkName={data.name}
        reviewDate={data.reviewDate}
        conflicts={data.conflicts ?? null}
        mapTestId="map"
        onExit={onExit}
        onLang={setLang}
      />
      {loaded.problems.length > 0 && (
        <ul className="portable-problems" role="alert">
          {loaded.problems.slice(0, 5).map((p, i) => <li key={i}>{formatProblem(p, lang)}</li>)}
        </ul>
      )}
    </>
  );
}

const root = document.getElementById('root');
const data = window.__PARK_ATLAS_DATA__;
if (!root) throw new Error('#root element missing from index.html');
if (!data) {
  root.textContent = 'data.js is missing or unreadable: keep it in the same folder as index.html. / 缺少 data.js：请与 index.html 放在同一文件夹。';
} else {
  const loaded = load(data);
  // The end-to-end test compares the slides with core's figures, as in the app.
  (window as unknown as { __parkAtlas: { evaluation(): unknown } }).__parkAtlas = {
    evaluation: () => (loaded.evaluated ? JSON.parse(JSON.stringify(loaded.evaluated.evaluation)) : null),
  };
  createRoot(root).render(<PortableDeck data={data} loaded={loaded} />);
}
