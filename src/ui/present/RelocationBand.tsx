// Village relocation on a slide: a year slider with the year's summary (core's relocationAt), and a table of the
// villages with their state that year, households, people, resettlement units, land freed and target year.
// A row click focuses that village (its own figures and map view).
import type { VillageResult } from '../../core/evaluate';
import type { RelocationYear } from '../../core/deck/relocation';
import { formatNumber } from '../../core/units';
import type { Lang } from '../i18n';
import { VILLAGE_STATE_COLOURS } from './scene';
import { ps } from './strings';

/** Rows a slide can show in readable type; more villages are summed in one line. */
export const MAX_VILLAGE_ROWS = 8;

export function YearControl({ lang, picture, years, onYear }: { lang: Lang; picture: RelocationYear; years: { first: number; last: number }; onYear: (year: number) => void }) {
  const s = picture.byState;
  return (
    <section className="present-year" data-testid="present-relocation" data-year={picture.year}>
      <div className="present-year-row">
        <label className="present-year-label" htmlFor="present-year">
          {ps(lang, 'present.year', { year: picture.year })}
        </label>
        <span className="present-year-end">{years.first}</span>
        <input
          id="present-year"
          type="range"
          min={years.first}
          max={years.last}
          step={1}
          value={picture.year}
          aria-label={ps(lang, 'present.yearSlider')}
          data-testid="present-year"
          // Keys stay with the slides (a clicker's arrows must never get stuck in the slider).
          onKeyDown={(e) => e.preventDefault()}
          onChange={(e) => onYear(Number(e.target.value))}
          onPointerUp={(e) => e.currentTarget.blur()}
        />
        <span className="present-year-end">{years.last}</span>
      </div>
      <p
        className="present-year-summary"
        data-testid="present-year-summary"
        data-done={s.done.villages}
        data-overdue={s.overdue.villages}
        data-due={s.due.villages}
        data-scheduled={picture.scheduled.villages}
      >
        {/* Items never break inside: a line wraps only between them. */}
        {ps(lang, 'present.yearSummary', { done: s.done.villages, due: s.due.villages, overdue: s.overdue.villages, scheduled: picture.scheduled.villages })
          .split('|')
          .map((item, i) => <span key={i}>{i > 0 ? ' · ' : ''}<span className="nowrap">{item}</span></span>)}
      </p>
    </section>
  );
}

interface TableProps {
  lang: Lang;
  villages: VillageResult[];
  picture: RelocationYear;
  focus: string | null;
  onFocus: (id: string | null) => void;
}

export function VillageTable({ lang, villages, picture, focus, onFocus }: TableProps) {
  const stateOf = new Map(picture.villages.map((v) => [v.id, v.state]));
  const shown = villages.slice(0, MAX_VILLAGE_ROWS);
  return (
    <section className="present-villages" data-testid="present-villages">
      <table className="present-table">
        <thead>
          <tr>
            <th>{ps(lang, 'present.col.village')}</th>
            <th>{ps(lang, 'present.col.state')}</th>
            <th className="num">{ps(lang, 'present.col.targetYear')}</th>
            <th className="num">{ps(lang, 'present.col.households')}</th>
            <th className="num">{ps(lang, 'present.col.population')}</th>
            <th className="num">{ps(lang, 'present.col.units')}</th>
            <th className="num">{ps(lang, 'present.col.land')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((v) => {
            const state = stateOf.get(v.id) ?? 'unknown';
            const c = VILLAGE_STATE_COLOURS[state];
            return (
              <tr
                key={v.id}
                data-testid="present-village"
                data-id={v.id}
                data-state={state}
                className={focus === v.id ? 'focused' : undefined}
                onClick={() => onFocus(focus === v.id ? null : v.id)}
              >
                <th scope="row">{v.village ?? v.id}</th>
                <td>
                  <span className="present-state" style={{ background: `rgb(${c[0]}, ${c[1]}, ${c[2]})` }}>{ps(lang, `present.state.${state}`)}</span>
                </td>
                <td className="num">{v.targetYear ?? '—'}</td>
                <td className="num">{formatNumber(v.households, lang, 0)}</td>
                <td className="num">{formatNumber(v.population, lang, 0)}</td>
                <td className="num">{formatNumber(v.resettlementUnits, lang, 0)}</td>
                <td className="num">{formatNumber(v.areaMu, lang, 1)} {ps(lang, 'unit.mu')}</td>
              </tr>
            );
          })}
          {villages.length > shown.length && (
            <tr className="more">
              <td colSpan={7}>{ps(lang, 'present.moreVillages', { n: villages.length - shown.length })}</td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
