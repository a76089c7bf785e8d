// chart.js, registered with only the parts the dashboard uses (tree-shaken; this module is in the lazy dashboard chunk).
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'react';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font') || 'sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#4a5667';

interface Props {
  config: ChartConfiguration<'bar'>;
  height: number;
  label: string;
  testId?: string;
}

export function ChartCanvas({ config, height, label, testId }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
    // The chart is rebuilt when its configuration object changes (callers memoise it).
  }, [config]);

  return (
    <div className="chart-box" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-testid={testId} />
    </div>
  );
}
