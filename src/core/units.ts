// Units of area and money. Branded so 亩 and m² cannot be mixed by accident (STYLE: Excalidraw).

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type SquareMeters = Brand<number, 'm2'>;
export type Mu = Brand<number, 'mu'>;
export type Hectares = Brand<number, 'ha'>;
/** 万元 (10 000 yuan). */
export type Wan = Brand<number, 'wan'>;

/** 1 亩 = 10000/15 m² (市制, legal definition). */
export const SQUARE_METERS_PER_MU = 10000 / 15;
export const SQUARE_METERS_PER_HECTARE = 10000;

export const squareMeters = (v: number): SquareMeters => v as SquareMeters;
export const wan = (v: number): Wan => v as Wan;

// areaMu = areaM2 × 0.0015 (DESIGN §4); multiplying by 0.0015 avoids the rounding of dividing by 666.67.
export const m2ToMu = (m2: SquareMeters): Mu => (m2 * 0.0015) as Mu;
export const muToM2 = (mu: Mu): SquareMeters => (mu / 0.0015) as SquareMeters;
export const m2ToHa = (m2: SquareMeters): Hectares => (m2 / SQUARE_METERS_PER_HECTARE) as Hectares;
export const haToM2 = (ha: Hectares): SquareMeters => (ha * SQUARE_METERS_PER_HECTARE) as SquareMeters;
export const muToHa = (mu: Mu): Hectares => m2ToHa(muToM2(mu));
export const haToMu = (ha: Hectares): Mu => m2ToMu(haToM2(ha));

export type Locale = 'zh' | 'en';
export type AreaUnit = 'm2' | 'mu' | 'ha';

const UNIT_LABEL: Record<Locale, Record<AreaUnit | 'wan' | 'wanPerMu', string>> = {
  zh: { m2: '平方米', mu: '亩', ha: '公顷', wan: '万元', wanPerMu: '万元/亩' },
  en: { m2: 'm²', mu: 'mu', ha: 'ha', wan: '10k CNY', wanPerMu: '10k CNY/mu' },
};

export function unitLabel(unit: AreaUnit | 'wan' | 'wanPerMu', locale: Locale): string {
  return UNIT_LABEL[locale][unit];
}

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, digits: number): Intl.NumberFormat {
  const key = `${locale}:${digits}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale === 'zh' ? 'zh-CN' : 'en-US', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    numberFormats.set(key, f);
  }
  return f;
}

/** The dash shown for a missing value (DESIGN §3: missing is never 0). */
export const MISSING = '—';

/** Formats a number with grouping for the locale; null/NaN → "—". */
export function formatNumber(value: number | null | undefined, locale: Locale, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return numberFormat(locale, digits).format(value);
}

const DEFAULT_DIGITS: Record<AreaUnit, number> = { m2: 0, mu: 2, ha: 4 };

/** Formats an area given in m² in the requested unit, e.g. "1,234.56 亩". */
export function formatArea(m2: SquareMeters | number | null | undefined, unit: AreaUnit, locale: Locale, digits?: number): string {
  if (m2 === null || m2 === undefined || !Number.isFinite(m2)) return MISSING;
  const v = unit === 'm2' ? m2 : unit === 'mu' ? m2ToMu(m2 as SquareMeters) : m2ToHa(m2 as SquareMeters);
  return `${formatNumber(v, locale, digits ?? DEFAULT_DIGITS[unit])} ${unitLabel(unit, locale)}`;
}

/** Formats 万元; in English also shows the amount in million yuan, which English readers count in. */
export function formatWan(value: Wan | number | null | undefined, locale: Locale, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  if (locale === 'zh') return `${formatNumber(value, locale, digits)} 万元`;
  return `${formatNumber(value / 100, locale, digits)} M CNY`;
}

/** Formats a fraction as a percentage: 0.3 → "30.0%". */
export function formatPercent(fraction: number | null | undefined, locale: Locale, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return MISSING;
  return `${formatNumber(fraction * 100, locale, digits)}%`;
}
