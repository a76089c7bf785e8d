// Bottom drawer: one tab per layer, sortable columns, a filter box (src/core/filter.ts) whose result also filters the
// map, and a virtualised body. Selection syncs both ways: a row click selects on the map, a map click shows the row.
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { describeFilter, filterIds, parseFilter } from '../../core/filter';
import type { EvaluatedProject } from '../data/evaluation';
import type { LoadedLayer } from '../data/loadProject';
import { t, type Lang } from '../i18n';
import type { Selection } from '../inspector/Inspector';
import { columnsFor, rowsOf, type Column, type TableRow } from './columns';
import { VirtualRows } from './VirtualRows';

interface Props {
  lang: Lang;
  layers: LoadedLayer[];
  evaluated: EvaluatedProject | null;
  selection: Selection | null;
  onSelect: (sel: Selection) => void;
  /** The ids that pass the layer's filter, or null when it has none (the map shows every feature). */
  onFilterChange: (layerId: string, ids: ReadonlySet<string> | null) => void;
  onHide: () => void;
}

const ROW_H = 30;
const HEAD_H = 34;
const collator = new Intl.Collator(['zh-CN', 'en'], { numeric: true });

const TAB_ORDER: string[] = ['parcel', 'zone', 'park', 'relocation', 'plan', 'generic'];

type Sort = { key: string; dir: 1 | -1 } | null;

function compareValues(a: number | string | null, b: number | string | null, dir: 1 | -1): number {
  // Missing values sort last in both directions.
  if (a === null || a === '') return b === null || b === '' ? 0 : 1;
  if (b === null || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return (a - b) * dir;
  return collator.compare(String(a), String(b)) * dir;
}

export function AttributeTable({ lang, layers, evaluated, selection, onSelect, onFilterChange, onHide }: Props) {
  // Parcels first (what reviewers read most), then zones, park, villages, plans; drawing order within a kind.
  const tabs = useMemo(
    () => [...layers].reverse().filter((l) => l.data.features.length > 0).sort((a, b) => TAB_ORDER.indexOf(a.kind) - TAB_ORDER.indexOf(b.kind)),
    [layers],
  );
  const [activeId, setActiveId] = useState<string | null>(null);
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [sorts, setSorts] = useState<Record<string, Sort>>({});
  const [scrollKey, setScrollKey] = useState(0);

  const active = tabs.find((l) => l.id === activeId) ?? tabs.find((l) => l.kind === 'parcel') ?? tabs[0];

  // A feature selected on the map brings its layer's tab forward and its row into view.
  useEffect(() => {
    if (selection && tabs.some((l) => l.id === selection.layerId)) {
      setActiveId(selection.layerId);
      setScrollKey((k) => k + 1);
    }
  }, [selection, tabs]);

  const rows = useMemo(() => (active ? rowsOf(active, evaluated) : []), [active, evaluated]);
  const columns = useMemo(() => (active ? columnsFor(active, lang) : []), [active, lang]);
  const width = columns.reduce((w, c) => w + c.width, 0);

  const text = active ? (filters[active.id] ?? '') : '';
  const deferredText = useDeferredValue(text);
  const parsed = useMemo(() => parseFilter(deferredText), [deferredText]);
  const passing = useMemo(() => {
    if (!parsed.ok || parsed.clauses.length === 0) return null;
    return new Set(filterIds(rows, parsed.clauses));
  }, [rows, parsed]);

  // The map follows the table's filter.
  const sentRef = useRef<Map<string, ReadonlySet<string> | null>>(new Map());
  useEffect(() => {
    if (!active) return;
    const prev = sentRef.current.get(active.id);
    if (prev === passing || (prev === undefined && passing === null)) return;
    sentRef.current.set(active.id, passing);
    onFilterChange(active.id, passing);
  }, [active, passing, onFilterChange]);

  const sort = active ? (sorts[active.id] ?? null) : null;
  const view = useMemo(() => {
    const shown = passing ? rows.filter((r) => passing.has(r.id)) : rows.slice();
    const col = sort ? columns.find((c) => c.key === sort.key) : undefined;
    if (sort && col) {
      const keyed = shown.map((r) => ({ r, v: col.sortValue(r) }));
      keyed.sort((a, b) => compareValues(a.v, b.v, sort.dir));
      return keyed.map((k) => k.r);
    }
    return shown;
  }, [rows, passing, sort, columns]);

  const selectedId = selection && active && selection.layerId === active.id ? selection.featureId : null;
  const selectedIndex = useMemo(() => (selectedId === null ? null : view.findIndex((r) => r.id === selectedId)), [view, selectedId]);

  if (!active) return null;

  const setFilter = (v: string) => setFilters((f) => ({ ...f, [active.id]: v }));
  const toggleSort = (c: Column) =>
    setSorts((s) => {
      const cur = s[active.id];
      const next: Sort = !cur || cur.key !== c.key ? { key: c.key, dir: 1 } : cur.dir === 1 ? { key: c.key, dir: -1 } : null;
      return { ...s, [active.id]: next };
    });

  const header = columns.map((c) => {
    const dir = sort?.key === c.key ? sort.dir : 0;
    return (
      <button
        key={c.key}
        type="button"
        role="columnheader"
        className={`vt-th${c.numeric ? ' num' : ''}${dir ? ' sorted' : ''}`}
        style={{ width: c.width }}
        onClick={() => toggleSort(c)}
        aria-sort={dir === 1 ? 'ascending' : dir === -1 ? 'descending' : 'none'}
        data-testid={`table-sort-${c.key}`}
        title={c.label}
      >
        <span className="vt-th-label">{c.label}</span>
        <span className="vt-sort" aria-hidden="true">{dir === 1 ? '▲' : dir === -1 ? '▼' : ''}</span>
      </button>
    );
  });

  const renderRow = (i: number, top: number) => {
    const r: TableRow = view[i];
    const selected = r.id === selectedId;
    return (
      <div
        key={r.id}
        role="row"
        aria-selected={selected}
        className={`vt-row${selected ? ' selected' : ''}${i % 2 ? ' odd' : ''}`}
        style={{ transform: `translateY(${top}px)`, width, height: ROW_H }}
        onClick={() => onSelect({ layerId: active.id, featureId: r.id })}
        data-testid="table-row"
        data-id={r.id}
        data-index={i}
      >
        {columns.map((c) => (
          <span key={c.key} role="cell" className={`vt-td${c.numeric ? ' num' : ''}`} style={{ width: c.width }}>
            {c.text(r)}
          </span>
        ))}
      </div>
    );
  };

  return (
    <section className="table-drawer" data-testid="attribute-table" data-layer-id={active.id} aria-label={t(lang, 'view.table')}>
      <div className="table-bar">
        <div className="table-tabs" role="tablist">
          {tabs.map((l) => (
            <button
              key={l.id}
              type="button"
              role="tab"
              aria-selected={l.id === active.id}
              className={l.id === active.id ? 'active' : ''}
              onClick={() => setActiveId(l.id)}
              data-testid={`table-tab-${l.id}`}
            >
              {l.title[lang]}
            </button>
          ))}
        </div>
        <div className="table-filter">
          <input
            type="search"
            value={text}
            onChange={(e) => setFilter(e.currentTarget.value)}
            placeholder={t(lang, 'table.filterPlaceholder')}
            aria-label={t(lang, 'table.filter')}
            aria-invalid={!parsed.ok}
            className={parsed.ok ? '' : 'invalid'}
            data-testid="table-filter"
            spellCheck={false}
          />
          {text && (
            <button type="button" className="link-button" onClick={() => setFilter('')}>
              {t(lang, 'table.clear')}
            </button>
          )}
          <span className="table-count" data-testid="table-count" data-shown={view.length} data-total={rows.length}>
            {view.length.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')} / {rows.length.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-US')}
          </span>
        </div>
        <button type="button" className="table-hide" onClick={onHide} aria-label={t(lang, 'table.hide')} title={t(lang, 'table.hide')}>
          ▾
        </button>
      </div>
      {!parsed.ok ? (
        <div className="table-note error" role="alert" data-testid="table-filter-error">
          {parsed.error.message[lang]}
        </div>
      ) : parsed.clauses.length > 0 ? (
        <div className="table-note" data-testid="table-filter-understood">
          {t(lang, 'table.understood', { text: describeFilter(parsed.clauses, lang) })}
        </div>
      ) : null}
      <VirtualRows
        count={view.length}
        rowHeight={ROW_H}
        width={width}
        header={header}
        headerHeight={HEAD_H}
        renderRow={renderRow}
        scrollToIndex={selectedIndex}
        scrollKey={scrollKey}
        empty={<p className="table-empty">{t(lang, 'table.empty')}</p>}
      />
    </section>
  );
}
