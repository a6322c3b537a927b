/** A small SVG bar chart over months (DSFR colours), with an accessible description; the table is the alternative. */
export interface BarSeries {
  label: string;
  colour: string;
  values: number[];
}

export interface BarChartProps {
  title: string;
  months: string[];
  series: BarSeries[];
  format: (v: number) => string;
}

const W = 640;
const H = 220;
const M = { top: 12, right: 8, bottom: 40, left: 84 };

const monthLabel = (m: string) => {
  const [y, mo] = m.split('-');
  return `${mo}/${y?.slice(2)}`;
};

export function BarChart({ title, months, series, format }: BarChartProps) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const band = months.length ? innerW / months.length : innerW;
  const barW = Math.max(2, (band * 0.8) / Math.max(1, series.length));
  const y = (v: number) => M.top + innerH - (v / max) * innerH;
  const ticks = [0, 0.5, 1].map((t) => t * max);
  const every = Math.max(1, Math.ceil(months.length / 12));
  return (
    <figure className="fr-m-0">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-label={`${title} (${months.length} mois ; détail dans le tableau)`} style={{ maxWidth: 680, display: 'block' }}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={M.left} x2={W - M.right} y1={y(t)} y2={y(t)} stroke="#dddddd" />
            <text x={M.left - 6} y={y(t) + 4} textAnchor="end" fontSize="11" fill="#3a3a3a">
              {format(Math.round(t))}
            </text>
          </g>
        ))}
        {months.map((m, i) => (
          <g key={m}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              return <rect key={s.label} x={M.left + i * band + band * 0.1 + j * barW} y={y(v)} width={barW} height={M.top + innerH - y(v)} fill={s.colour} />;
            })}
            {i % every === 0 && (
              <text x={M.left + i * band + band / 2} y={H - M.bottom + 16} textAnchor="middle" fontSize="11" fill="#3a3a3a">
                {monthLabel(m)}
              </text>
            )}
          </g>
        ))}
        <line x1={M.left} x2={W - M.right} y1={M.top + innerH} y2={M.top + innerH} stroke="#3a3a3a" />
      </svg>
      <figcaption className="fr-text--sm">
        <span className="fr-text--bold">{title}</span>
        {series.map((s) => (
          <span key={s.label} className="fr-ml-2w">
            <span aria-hidden="true" style={{ display: 'inline-block', width: 12, height: 12, backgroundColor: s.colour, marginRight: 4, verticalAlign: 'middle' }} />
            {s.label}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
