import { cssColor } from '../map/layerStyle';
import type { Rgba } from '../map/types';

interface Props {
  fill: Rgba | null;
  line: Rgba;
  /** Outline weight in px, as drawn on the map (clamped for the small swatch). */
  lineWidth?: number;
  /** Diagonal hatching, as the map draws features whose data are missing. */
  hatch?: boolean;
}

const HATCH = 'repeating-linear-gradient(135deg, rgba(92, 100, 114, 0.85) 0 1px, transparent 1px 4px)';

/** A small legend patch drawn with the map's own colours. */
export function Swatch({ fill, line, lineWidth = 1, hatch = false }: Props) {
  const base = fill ? cssColor(fill) : 'transparent';
  return (
    <span
      className={hatch ? 'swatch swatch-hatch' : 'swatch'}
      aria-hidden="true"
      style={{
        background: hatch ? `${HATCH}, ${base}` : base,
        borderColor: cssColor(line),
        borderWidth: `${Math.min(Math.max(lineWidth, 1), 2.5)}px`,
      }}
    />
  );
}
