// A slide's bar chart (chart.js), sized for a projector: large labels, each bar's value written at its end.
// The bars are core's figures (resolveChart); colours are the map's, so the chart doubles as the legend.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, type ChartConfiguration, type Plugin } from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import type { ChartGroup, ResolvedChart } from '../../core/deck/figures';
import { KIND_STYLES } from '../../map/layerStyle';
import type { Rgba } from '../../map/types';
import type { Lang } from '../i18n';
import { valueText, type PendingState } from './format';
import { ps } from './strings';

Chart.register(BarController, BarElement, CategoryScale, LinearScale);

const css = (c: Rgba) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

function barColour(group: ChartGroup, code: string): string {
  const pick = (kind: 'parcel' | 'zone' | 'idle' | 'relocation' | 'conflict', solidLine: boolean) => {
    const cat = KIND_STYLES[kind].categories.find((c) => c.value === code);
    const c = cat ? (solidLine ? cat.line : cat.fill) : KIND_STYLES[kind].base.line;
    return css(c);
  };
  switch (group) {
    case 'landUse': return pick('parcel', false);
    case 'zoneType': return pick('zone', true);
    case 'disposal': return pick('idle', true);
    case 'relocationStatus': return pick('relocation', true);
    // The colour each type is hatched in on the map (the slide's map and the 五规合一 panel's).
    case 'conflictType': return pick('conflict', true);
  }
}

interface Props {
  chart: ResolvedChart;
  lang: Lang;
  /** Type size in CSS pixels (≥ 28 at 1920×1080). */
  fontPx: number;
  height: number;
  /** Why an overlay chart has no bars yet: its run is under way or failed (null: not run). */
  pending?: PendingState;
}

export function PresentChart({ chart, lang, fontPx, height, pending = null }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const config = useMemo<ChartConfiguration<'bar'>>(() => {
    const bars = chart.bars;
    const label = (v: number) => {
      const t = valueText(v, chart.unit, chart.digits, lang);
      return t.unit ? `${t.value} ${t.unit}` : t.value;
    };
    // Writes each bar's value at its end, in the chart's type size.
    const values: Plugin<'bar'> = {
      id: 'barValues',
      afterDatasetsDraw(c) {
        const ctx = c.ctx;
        const meta = c.getDatasetMeta(0);
        ctx.save();
        ctx.font = `600 ${fontPx}px ${getComputedStyle(c.canvas).fontFamily}`;
        ctx.fillStyle = '#111';
        ctx.textBaseline = 'middle';
        meta.data.forEach((bar, i) => {
          const v = bars[i]?.value;
          if (v === null || v === undefined) return;
          const { x, y } = bar.getProps(['x', 'y'], true) as { x: number; y: number };
          ctx.fillText(label(v), x + fontPx * 0.3, y);
        });
        ctx.restore();
      },
    };
    const max = Math.max(0, ...bars.map((b) => b.value ?? 0));
    return {
      type: 'bar',
      data: {
        labels: bars.map((b) => b.label[lang]),
        datasets: [{ data: bars.map((b) => b.value ?? 0), backgroundColor: bars.map((b) => barColour(chart.group, b.code)), borderRadius: 4, barPercentage: 0.82, categoryPercentage: 0.9 }],
      },
      options: {
        indexAxis: 'y',
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        layout: { padding: { right: fontPx * 5.2 } },
        plugins: { legend: { display: false }, tooltip: { enabled: false } },
        scales: {
          // The values are written on the bars: no value axis to read.
          x: { display: false, min: 0, max: max > 0 ? max : 1 },
          y: { grid: { display: false }, border: { display: false }, ticks: { color: '#111', font: { size: fontPx, weight: 500 } } },
        },
      },
      plugins: [values],
    };
  }, [chart, lang, fontPx]);

  useEffect(() => {
    if (!canvas.current) return;
    const c = new Chart(canvas.current, config);
    return () => c.destroy();
  }, [config]);

  if (chart.note === 'not_computed') {
    return (
      <div className="present-chart present-chart-empty" data-testid="present-chart" data-note="not_computed" data-pending={pending ?? undefined}>
        <div className="present-chart-title">{chart.title[lang]}</div>
        <p>
          {pending === 'computing'
            ? `${ps(lang, 'present.computing')} · ${ps(lang, 'present.computingNote')}`
            : pending === 'failed'
              ? `${ps(lang, 'present.failed')} · ${ps(lang, 'present.failedNote')}`
              : `${ps(lang, 'present.notComputed')} · ${ps(lang, 'present.notComputedNote')}`}
        </p>
      </div>
    );
  }
  return (
    <div className="present-chart" data-testid="present-chart" data-kind={chart.kind} data-values={JSON.stringify(chart.bars.map((b) => b.value))} data-codes={JSON.stringify(chart.bars.map((b) => b.code))} data-colours={JSON.stringify(chart.bars.map((b) => barColour(chart.group, b.code)))}>
      <div className="present-chart-title">{chart.title[lang]}</div>
      <div style={{ height, position: 'relative' }}>
        <canvas ref={canvas} role="img" aria-label={chart.title[lang]} />
      </div>
    </div>
  );
}
