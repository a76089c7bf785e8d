// One conflict opened: its area (core's figures in 亩, 公顷 and m²) and the two features involved side by side,
// each with its layer, plan type, class, id and every property, as text.
import type { Conflict } from '../../core/overlay/types';
import type { LoadedLayer } from '../data/loadProject';
import { t, tMaybe, type Lang, type MessageKey } from '../i18n';
import type { Selection } from '../inspector/Inspector';
import { fieldLabel, formatArea, MISSING, propertyText } from '../inspector/format';
import { findInvolved, type InvolvedFeature } from './features';

interface Props {
  lang: Lang;
  conflict: Conflict;
  layers: readonly LoadedLayer[];
  onZoom: () => void;
  onSelectFeature: (sel: Selection) => void;
}

function classText(f: InvolvedFeature, lang: Lang): string {
  if (f.featureClass === null) return MISSING;
  const prefix = f.kind === 'plan' ? 'planClass' : f.kind === 'parcel' ? 'landUse' : 'parkClass';
  return tMaybe(lang, `${prefix}.${f.featureClass}`, f.featureClass);
}

function FeatureCard({ f, lang, onSelect }: { f: InvolvedFeature; lang: Lang; onSelect: (sel: Selection) => void }) {
  const role = f.side === 'plan'
    ? t(lang, f.kind === 'parcel' ? 'conflicts.detail.parcel' : 'conflicts.detail.plan')
    : t(lang, f.kind === 'park' ? 'conflicts.detail.park' : 'conflicts.detail.against');
  const props = Object.entries((f.feature?.properties ?? {}) as Record<string, unknown>);
  const planTypeText = f.planType ? t(lang, `planType.${f.planType}` as MessageKey) : null;
  // A plan layer is usually titled by its plan type: say it once.
  const layerText = f.layer ? f.layer.title[lang] : MISSING;
  return (
    <div className={`conflict-feature conflict-feature-${f.side}`} data-testid={`conflict-feature-${f.side}`} data-feature-id={f.id} data-layer-id={f.layer?.id ?? ''}>
      <div className="cf-role">{role}</div>
      <div className="cf-id" data-testid="conflict-feature-id">{f.id}</div>
      {f.name && f.name !== f.id && <div className="cf-name">{f.name}</div>}
      <dl className="cf-facts">
        {planTypeText && (
          <>
            <dt>{t(lang, 'field.planType')}</dt>
            <dd data-testid="conflict-feature-plan-type">{planTypeText}</dd>
          </>
        )}
        {layerText !== planTypeText && (
          <>
            <dt>{t(lang, 'conflicts.detail.layer')}</dt>
            <dd data-testid="conflict-feature-layer">{layerText}</dd>
          </>
        )}
        <dt>{f.kind === 'parcel' ? t(lang, 'field.landUse') : t(lang, 'conflicts.detail.class')}</dt>
        <dd data-testid="conflict-feature-class">{classText(f, lang)}</dd>
      </dl>
      {!f.feature && <p className="cf-missing">{t(lang, 'conflicts.detail.notFound')}</p>}
      {f.feature && f.layer && (
        <button type="button" className="link-button cf-select" onClick={() => onSelect({ layerId: f.layer!.id, featureId: f.id })} data-testid={`conflict-select-${f.side}`}>
          {t(lang, 'conflicts.detail.select')}
        </button>
      )}
      {props.length > 0 && (
        // Plans carry a few fields (open); a parcel's two dozen stay folded so the pair stays readable.
        <details className="cf-props" open={props.length <= 8}>
          <summary>{t(lang, 'conflicts.detail.properties')} ({props.length})</summary>
          <dl data-testid="conflict-feature-properties">
            {props.map(([k, v]) => (
              <div key={k} className="cf-prop" data-key={k}>
                <dt title={k}>{fieldLabel(k, lang)}</dt>
                <dd>{k === 'planType' && typeof v === 'string' ? tMaybe(lang, `planType.${v}`, v) : propertyText(k, v, lang)}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </div>
  );
}

export function ConflictDetail({ lang, conflict, layers, onZoom, onSelectFeature }: Props) {
  const plan = findInvolved(layers, conflict.type, 'plan', conflict.plan);
  const against = findInvolved(layers, conflict.type, 'against', conflict.against);
  return (
    <div className="conflict-detail" data-testid="conflict-detail" data-type={conflict.type} data-plan={conflict.plan} data-against={conflict.against}>
      <div className="cd-area">
        <span className="cd-area-label">{t(lang, 'conflicts.detail.area')}</span>
        <span className="cd-area-main" data-testid="conflict-detail-area" data-area-m2={conflict.areaM2}>
          {formatArea(conflict.areaM2, 'mu', lang)} · {formatArea(conflict.areaM2, 'ha', lang)}
        </span>
        <span className="cd-area-sub">{formatArea(conflict.areaM2, 'm2', lang)}</span>
        <button type="button" className="link-button" onClick={onZoom}>{t(lang, 'conflicts.detail.zoom')}</button>
      </div>
      <div className="cd-pair">
        <FeatureCard f={plan} lang={lang} onSelect={onSelectFeature} />
        <FeatureCard f={against} lang={lang} onSelect={onSelectFeature} />
      </div>
    </div>
  );
}
