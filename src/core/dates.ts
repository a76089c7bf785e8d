// Calendar dates as ISO strings (YYYY-MM-DD) and whole-year arithmetic for the idle-land rules.

export type IsoDate = string;

const MS_PER_DAY = 86_400_000;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Builds an ISO date, or null when the day does not exist. */
export function isoFromParts(y: number, m: number, d: number): IsoDate | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** [year, month, day] of an ISO date, read by character codes (this runs for every parcel and date). */
function parts(iso: IsoDate): [number, number, number] {
  const d = (i: number) => iso.charCodeAt(i) - 48;
  return [d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3), d(5) * 10 + d(6), d(8) * 10 + d(9)];
}

// Excel's 1900 date system: serial 1 = 1900-01-01 and the fictitious 1900-02-29 is serial 60.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const EXCEL_MAX_SERIAL = 2_958_465; // 9999-12-31

export function isoFromExcelSerial(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > EXCEL_MAX_SERIAL) return null;
  const whole = Math.floor(serial);
  if (whole === 60) return null; // 1900-02-29 never existed
  const days = whole < 60 ? whole + 1 : whole;
  const d = new Date(EXCEL_EPOCH_MS + days * MS_PER_DAY);
  return isoFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

const SEPARATED = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_WITH_TIME = /^(\d{4})-(\d{2})-(\d{2})T[\d:.]+(Z|[+-]\d{2}:?\d{2})?$/;

export type DateReading =
  | { status: 'missing' }
  | { status: 'ok'; date: IsoDate }
  | { status: 'invalid'; raw: string };

/**
 * Reads a date as import finds it: ISO `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYY年M月D日`, `YYYYMMDD`,
 * or an Excel serial number (DESIGN §5.2). An impossible or unreadable date is `invalid`, never guessed.
 */
export function readDate(value: unknown): DateReading {
  if (value === null || value === undefined) return { status: 'missing' };
  if (typeof value === 'number') {
    const iso = isoFromExcelSerial(value);
    return iso ? { status: 'ok', date: iso } : { status: 'invalid', raw: String(value) };
  }
  if (typeof value !== 'string') return { status: 'invalid', raw: safeRaw(value) };
  const text = value.trim();
  if (text === '') return { status: 'missing' };
  let m = SEPARATED.exec(text) ?? COMPACT.exec(text) ?? ISO_WITH_TIME.exec(text);
  if (m) {
    const iso = isoFromParts(Number(m[1]), Number(m[2]), Number(m[3]));
    return iso ? { status: 'ok', date: iso } : { status: 'invalid', raw: text };
  }
  m = /^\d{1,7}(\.\d+)?$/.exec(text);
  if (m) {
    const iso = isoFromExcelSerial(Number(text));
    return iso ? { status: 'ok', date: iso } : { status: 'invalid', raw: text };
  }
  return { status: 'invalid', raw: text };
}

function safeRaw(value: unknown): string {
  try {
    return JSON.stringify(value)?.slice(0, 80) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The date `years` whole years after `iso`. A 29 February anniversary in a common year falls on
 * 28 February, the last day of that month (民法典 第二百零二条).
 */
export function addYears(iso: IsoDate, years: number): IsoDate {
  const [y, m, d] = parts(iso);
  const ty = y + years;
  return isoFromParts(ty, m, Math.min(d, daysInMonth(ty, m))) as IsoDate;
}

/** Whole years from `since` to `until`: n such that the n-th anniversary ≤ until (the anniversary day counts); 0 when until < since. */
export function wholeYearsBetween(since: IsoDate, until: IsoDate): number {
  if (until < since) return 0;
  const [sy, sm, sd] = parts(since);
  const [uy, um, ud] = parts(until);
  const n = uy - sy;
  // The anniversary in `until`'s year, 29 February falling on the 28th in a common year.
  const day = Math.min(sd, daysInMonth(uy, sm));
  return um > sm || (um === sm && ud >= day) ? n : n - 1;
}

/** Today's date in the local calendar of the machine, as ISO. */
export function todayIso(now: Date = new Date()): IsoDate {
  return isoFromParts(now.getFullYear(), now.getMonth() + 1, now.getDate()) as IsoDate;
}

/** Days from a to b (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / MS_PER_DAY);
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  const [y, m, d] = parts(iso);
  const t = new Date(Date.UTC(y, m - 1, d) + days * MS_PER_DAY);
  return isoFromParts(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()) as IsoDate;
}
