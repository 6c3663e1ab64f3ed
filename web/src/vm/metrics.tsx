/** CPU, memory and disk graphs (uPlot, loaded only here) over an hour, a day, a week or a year. */

import { useEffect, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { ErrorMessage } from '../components/message.js';
import { api, errorMessage, type VmInfo } from '../lib/api.js';
import { bytes } from '../lib/format.js';

const RANGES = ['hour', 'day', 'week', 'year'] as const;
type Range = (typeof RANGES)[number];

const SERIES: { key: string; label: string; format(v: number): string }[] = [
  { key: 'cpu', label: 'CPU (cores)', format: (v) => v.toFixed(2) },
  { key: 'rssBytes', label: 'Memory (RSS)', format: (v) => bytes(v) },
  { key: 'diskReadBytes', label: 'Disk read', format: (v) => bytes(v) },
  { key: 'diskWriteBytes', label: 'Disk written', format: (v) => bytes(v) },
];

export function MetricsTab(props: { vm: VmInfo }) {
  const [range, setRange] = useState<Range>('hour');
  const [error, setError] = useState<string>();
  const [count, setCount] = useState<number>();
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let plots: uPlot[] = [];
    let stopped = false;
    const draw = async () => {
      try {
        const [{ default: UPlot }, metrics] = await Promise.all([
          import('uplot'),
          api.metrics(props.vm.id, range),
          import('uplot/dist/uPlot.min.css'),
        ]);
        if (stopped) return;
        for (const plot of plots) plot.destroy();
        plots = [];
        box.current!.replaceChildren();
        // The daemon's times are milliseconds; uPlot wants seconds.
        const times = metrics.points.map((p) => (p.t > 1e11 ? p.t / 1000 : p.t));
        setCount(times.length);
        for (const series of SERIES) {
          const holder = document.createElement('div');
          holder.className = 'graph';
          holder.dataset.series = series.key;
          box.current!.append(holder);
          const values = metrics.points.map((p) => p.values[series.key] ?? null);
          plots.push(
            new UPlot(
              {
                title: series.label,
                width: Math.min(720, box.current!.clientWidth || 720),
                height: 160,
                series: [
                  {},
                  {
                    label: series.label,
                    stroke: '#1f6feb',
                    value: (_u, v) => (v == null ? '–' : series.format(v)),
                  },
                ],
                axes: [{}, { values: (_u, ticks) => ticks.map((v) => series.format(v)), size: 70 }],
              },
              [times, values],
              holder,
            ),
          );
        }
      } catch (cause) {
        setError(errorMessage(cause));
      }
    };
    void draw();
    const timer = setInterval(draw, 10_000);
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const plot of plots) plot.destroy();
    };
  }, [props.vm.id, range]);

  return (
    <div class="card">
      <div class="console-bar">
        {RANGES.map((r) => (
          <button
            type="button"
            key={r}
            class={r === range ? 'active' : ''}
            onClick={() => setRange(r)}
          >
            1 {r}
          </button>
        ))}
        <span class="muted" data-testid="metric-points">
          {count === undefined ? '' : `${count} points`}
        </span>
      </div>
      <ErrorMessage text={error} />
      <div ref={box} class="graphs" data-testid="graphs" />
    </div>
  );
}
