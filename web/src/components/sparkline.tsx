/** A tiny inline SVG line of recent values (uPlot is for the VM page's real graphs). */
export function Sparkline(props: { values: number[]; max?: number; label: string }) {
  const { values } = props;
  if (values.length < 2) return <span class="muted">–</span>;
  const max = props.max ?? Math.max(...values, 1e-9);
  const width = 80;
  const height = 20;
  const points = values
    .map(
      (v, i) =>
        `${((i / (values.length - 1)) * width).toFixed(1)},${(height - (v / max) * height).toFixed(1)}`,
    )
    .join(' ');
  return (
    <svg
      class="spark"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={props.label}
    >
      <polyline points={points} fill="none" stroke="currentColor" stroke-width="1.5" />
    </svg>
  );
}
