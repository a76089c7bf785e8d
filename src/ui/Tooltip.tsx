// Hover card. Every attribute is rendered as React text, never as HTML, so hostile strings show literally.
import { useLayoutEffect, useRef, useState } from 'react';
import type { HoverInfo } from '../map/types';
import { t, type Lang } from './i18n';

interface Props {
  lang: Lang;
  hover: HoverInfo | null;
  layerTitle: string | null;
}

const OFFSET = 14;

export function Tooltip({ lang, hover, layerTitle }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState<[number, number]>([0, 0]);

  // Keep the card inside the map: flip to the other side of the pointer near the right or bottom edge.
  useLayoutEffect(() => {
    const el = ref.current;
    const parent = el?.parentElement;
    if (!hover || !el || !parent) return;
    const w = el.offsetWidth;
    const h = el.offsetHeight;
    const x = hover.x + OFFSET + w > parent.clientWidth ? Math.max(0, hover.x - OFFSET - w) : hover.x + OFFSET;
    const y = hover.y + OFFSET + h > parent.clientHeight ? Math.max(0, hover.y - OFFSET - h) : hover.y + OFFSET;
    setPos((p) => (p[0] === x && p[1] === y ? p : [x, y]));
  }, [hover, layerTitle, lang]);

  if (!hover) return null;
  return (
    <div ref={ref} className="tooltip" role="tooltip" data-testid="tooltip" style={{ transform: `translate(${pos[0]}px, ${pos[1]}px)` }}>
      {layerTitle !== null && <div className="tooltip-layer">{layerTitle}</div>}
      <dl>
        <dt>{t(lang, 'tooltip.name')}</dt>
        <dd data-testid="tooltip-name">{hover.name ?? t(lang, 'tooltip.none')}</dd>
        <dt>{t(lang, 'tooltip.id')}</dt>
        <dd data-testid="tooltip-id">{hover.featureId ?? t(lang, 'tooltip.none')}</dd>
      </dl>
    </div>
  );
}
