// Parcel results travel from the data worker to the page as JSON parts. Every result cites its rules' sources and
// the idle clause: the same few dozen long strings, 100k times over. They go once, in a table; the results carry
// their index. Flags are not sent: they are core's flagsOf(checks), so the page derives them the same way. The page
// gets the very same values back, and shares one string per source.
import type { ParcelResult } from '../core/evaluate';
import { flagsOf } from '../core/rules/control';

/** Parcel results as JSON without flags, `source` and `clause` replaced by indexes into the strings table. */
export interface ResultPart {
  json: string;
  /** Strings first used in this part (they extend the table in order). */
  newStrings: string[];
}

/** The worker's side: encodes parts in order, each naming only strings the earlier parts did not. */
export function resultPartEncoder(): (parcels: readonly ParcelResult[]) => ResultPart {
  const index = new Map<string, number>();
  return (parcels) => {
    const newStrings: string[] = [];
    const ref = (s: string): number => {
      let i = index.get(s);
      if (i === undefined) {
        i = index.size;
        index.set(s, i);
        newStrings.push(s);
      }
      return i;
    };
    const encoded = parcels.map(({ flags: _derived, ...p }) => ({
      ...p,
      checks: p.checks.map((c) => ({ ...c, source: ref(c.source) })),
      idle: p.idle && typeof p.idle.clause === 'string' ? { ...p.idle, clause: ref(p.idle.clause) } : p.idle,
    }));
    return { json: JSON.stringify(encoded), newStrings };
  };
}

/** The page's side: decodes parts in the order they were encoded. */
export function resultPartDecoder(): (part: ResultPart) => ParcelResult[] {
  const table: string[] = [];
  return (part) => {
    for (const s of part.newStrings) table.push(s);
    const parcels = JSON.parse(part.json) as ParcelResult[];
    for (const p of parcels) {
      for (const c of p.checks) c.source = table[c.source as unknown as number];
      if (p.idle && typeof p.idle.clause === 'number') p.idle.clause = table[p.idle.clause];
      p.flags = flagsOf(p.checks);
    }
    return parcels;
  };
}
