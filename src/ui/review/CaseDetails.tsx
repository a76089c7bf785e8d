// One parcel's case as the reviewer reads it: core's determination (basis, dates, whole years, fee, clause with the
// articles' text), the facts it rests on, and the inefficiency checks with value, threshold and source.
import type { ReactNode } from 'react';
import type { CaseView } from '../../core/review/case';
import { articleList, REGULATION_NAME } from '../../core/review/clauses';
import { BASIS_LABELS, DISPOSAL_LABELS } from '../../core/review/labels';
import { t, type Lang, type MessageKey } from '../i18n';
import { fieldLabel, formatArea, formatMetric, formatPercent, formatThreshold, formatWan, metricLabel, MISSING } from '../inspector/format';
import { dateWithDays } from './text';

interface Props {
  lang: Lang;
  view: CaseView;
}

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="insp-row">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}

const text = (v: string | null) => v ?? MISSING;

export function Determination({ lang, view }: Props) {
  const d = view.determination;
  const f = view.facts;
  const finding = d.isIdle === true ? 'idle' : d.isIdle === false ? 'no' : 'unknown';
  const missing = d.missing.map((k) => (k === 'areaM2' ? t(lang, 'metric.area') : fieldLabel(k, lang)));
  return (
    <section className="insp-section" data-testid="case-determination">
      <h3>{t(lang, 'review.case.determination')}</h3>
      <div className="review-finding">
        <span className={`chip ${finding === 'idle' ? 'chip-fail' : finding === 'no' ? 'chip-pass' : 'chip-missing'}`} data-testid="case-finding" data-idle={String(d.isIdle)}>
          {t(lang, finding === 'idle' ? 'idle.yes' : finding === 'no' ? 'idle.no' : 'idle.unknown')}
        </span>
        {d.disposal !== null && d.disposal !== 'none' && (
          <span className={`chip review-chip-${d.disposal}`} data-testid="case-disposal" data-disposal={d.disposal}>{DISPOSAL_LABELS[lang][d.disposal]}</span>
        )}
        {d.approaching && <span className="chip chip-warn">{t(lang, 'review.case.approaching')}</span>}
      </div>
      {d.isIdle === null && (
        <p className="insp-reason review-block-note" data-testid="case-missing">
          {t(lang, 'review.case.undetermined', { fields: missing.join(lang === 'zh' ? '、' : ', ') || MISSING })}
        </p>
      )}
      {d.isIdle === false && d.basis === null && <p className="insp-note">{t(lang, 'idle.noRoute')}</p>}
      <dl className="insp-grid">
        {d.basis !== null && (
          <>
            <Row label={t(lang, 'idle.basis')} testId="case-basis">{BASIS_LABELS[lang][d.basis]}</Row>
            <Row label={t(lang, 'idle.since')} testId="case-since">
              {text(d.since)}
              <span className="insp-sub">{t(lang, d.basis === 'not_started' ? 'review.case.sinceAgreed' : 'review.case.sinceHalted')}</span>
            </Row>
            <Row label={t(lang, 'idle.years')} testId="case-years">
              {d.idleYears === null ? MISSING : t(lang, 'review.case.yearsAt', { n: d.idleYears, date: view.reviewDate })}
            </Row>
            <Row label={t(lang, 'idle.idleOn')} testId="case-idleOn">{dateWithDays(d.idleOn, d.daysUntilIdle, lang)}</Row>
            <Row label={t(lang, 'idle.reclaimOn')} testId="case-reclaimOn">{dateWithDays(d.reclaimOn, d.daysUntilReclaim, lang)}</Row>
          </>
        )}
        {d.disposal !== null && (
          <Row label={t(lang, 'idle.disposal')}>{DISPOSAL_LABELS[lang][d.disposal]}</Row>
        )}
        {d.disposal === 'fee' && (
          <Row label={t(lang, 'idle.fee')} testId="case-fee">
            <span className="insp-strong" data-value={d.feeWan ?? undefined}>{formatWan(d.feeWan, lang)}</span>
            {d.feeUnknown ? (
              <span className="insp-reason">{t(lang, 'reason.feeNoPrice')}</span>
            ) : (
              <span className="insp-sub">{t(lang, 'review.case.feeBasis', { price: formatWan(f.landPriceWan, lang), rate: formatPercent(d.feeRate, lang, 0) })}</span>
            )}
          </Row>
        )}
        {(d.disposal === 'reclaim' || d.disposal === 'negotiate') && (
          <Row label={t(lang, 'idle.fee')} testId="case-fee">
            {formatWan(d.feeWan, lang)}
            <span className="insp-sub">{t(lang, d.disposal === 'reclaim' ? 'review.case.noFeeReclaim' : 'review.case.noFeeNegotiate')}</span>
          </Row>
        )}
      </dl>
      {d.clause !== null && (
        <div className="review-clause" data-testid="case-clause">
          <div className="review-clause-head">
            {t(lang, 'idle.clause')}：{REGULATION_NAME[lang]} {articleList(d.articles, lang)}
          </div>
          <ul>
            {d.articles.map((a) => (
              <li key={a.article + a.item}>
                <b>{articleList([a], lang)}</b> {a.summary[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function Facts({ lang, view }: Props) {
  const f = view.facts;
  const date = (v: string | null) => v ?? MISSING;
  return (
    <section className="insp-section" data-testid="case-facts">
      <h3>{t(lang, 'review.case.facts')}</h3>
      <dl className="insp-grid">
        <Row label={fieldLabel('agreedStartDate', lang)}>{date(f.agreedStartDate)}</Row>
        <Row label={fieldLabel('actualStartDate', lang)}>
          {date(f.actualStartDate)}
          {f.actualStartDate !== null && !f.started && <span className="insp-reason">{t(lang, 'review.case.startAfterReview')}</span>}
        </Row>
        <Row label={fieldLabel('haltedSince', lang)}>{date(f.haltedSince)}</Row>
        <Row label={t(lang, 'review.case.developedShare')}>
          {formatPercent(f.developedShare, lang, 1)}
          <span className="insp-sub">
            {f.developedAreaM2 !== null && `${t(lang, 'review.case.developedArea', { area: formatArea(f.developedAreaM2, 'm2', lang) })}${lang === 'zh' ? '；' : '; '}`}
            {t(lang, 'review.case.developedMark')}
          </span>
        </Row>
        <Row label={t(lang, 'review.case.investedShare')}>
          {formatPercent(f.investedShare, lang, 1)}
          <span className="insp-sub">
            {(f.investedWan !== null || f.plannedInvestmentWan !== null) &&
              `${t(lang, 'review.case.investedAmounts', { invested: formatWan(f.investedWan, lang), planned: formatWan(f.plannedInvestmentWan, lang) })}${lang === 'zh' ? '；' : '; '}`}
            {t(lang, 'review.case.investedMark', { mark: formatPercent(f.investedShareMark, lang, 0) })}
          </span>
        </Row>
        <Row label={fieldLabel('governmentCaused', lang)}>{t(lang, f.governmentCaused ? 'bool.true' : 'bool.false')}</Row>
        <Row label={t(lang, 'review.case.landPrice')}>{formatWan(f.landPriceWan, lang)}</Row>
      </dl>
    </section>
  );
}

export function Efficiency({ lang, view }: Props) {
  const checks = view.efficiency;
  const failed = checks.filter((c) => c.status === 'fail');
  return (
    <section className="insp-section" data-testid="case-efficiency">
      <h3>{t(lang, 'review.case.efficiency')}</h3>
      <p className="insp-note">
        {failed.length > 0 ? t(lang, 'review.case.inefficient', { n: failed.length }) : t(lang, 'review.case.efficient')}
      </p>
      <ul className="insp-checks">
        {[...failed, ...checks.filter((c) => c.status !== 'fail')].map((c) => (
          <li key={c.rule} className={`insp-check insp-check-${c.status}`} data-rule={c.rule} data-status={c.status}>
            <div className="insp-check-head">
              <span className="insp-check-name">{metricLabel(c.rule, lang)}</span>
              <span className={`chip chip-${c.status}`}>{t(lang, `check.${c.status}` as MessageKey)}</span>
            </div>
            <div className="insp-check-figures">
              <span><span className="muted">{t(lang, 'insp.value')} </span>{formatMetric(c.rule, c.value, lang)}</span>
              <span><span className="muted">{t(lang, 'insp.threshold')} </span>{formatThreshold(c, lang)}</span>
            </div>
            <div className="insp-source">{t(lang, 'insp.source')}：{c.source}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
