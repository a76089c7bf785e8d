import { cssColor } from '../map/layerStyle';
import type { Rgba } from '../map/types';

interface Props {
  fill: Rgba | null;
  line: Rgba;
  /** Outline weight in px, as drawn on the map (clamped for the small swatch). */
  lineWidth?: number;
}

/** A small legend patch drawn with the map's own colours. */
export function Swatch({ fill, line, lineWidth = 1 }: Props) {
  return (
    <span
      className="swatch"
      aria-hidden="true"
      style={{
        background: fill ? cssColor(fill) : 'transparent',
        borderColor: cssColor(line),
        borderWidth: `${Math.min(Math.max(lineWidth, 1), 2.5)}px`,
      }}
    />
  );
}
