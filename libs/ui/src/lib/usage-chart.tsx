import { useId } from 'react';

export interface UsageChartSeries {
  id: string;
  label: string;
  /** Target in percent (drawn as a dashed line of the same colour). */
  target: number;
  /** One value per month (percent), null when not measured. */
  values: (number | null)[];
}

export interface UsageChartProps {
  title: string;
  /** Month labels, oldest first. */
  months: string[];
  series: UsageChartSeries[];
}

/** DSFR illustrative colours (accessible contrast on white). */
const COLOURS = ['#000091', '#009081', '#CE614A', '#A558A0', '#716043'];
const fmt = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);

/**
 * A line per indicator with its target line (SVG, DSFR colours), followed by the same data as a table — the
 * accessible alternative (the SVG itself is described by its title and hidden from the accessibility tree).
 */
export function UsageChart({ title, months, series }: UsageChartProps) {
  const id = useId();
  const width = 720;
  const height = 260;
  const pad = { left: 48, right: 16, top: 12, bottom: 36 };
  const max = Math.max(100, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const top = Math.ceil(max / 20) * 20;
  const x = (i: number) => pad.left + (months.length <= 1 ? (width - pad.left - pad.right) / 2 : (i * (width - pad.left - pad.right)) / (months.length - 1));
  const y = (v: number) => pad.top + (1 - v / top) * (height - pad.top - pad.bottom);
  const ticks = Array.from({ length: top / 20 + 1 }, (_, i) => i * 20);
  return (
    <figure className="fr-mb-4w" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`} className="fr-text--bold fr-mb-1w">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={`${title} : graphique, données détaillées dans le tableau qui suit`} style={{ maxWidth: width }}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#ddd" />
            <text x={pad.left - 6} y={y(t) + 4} fontSize="11" textAnchor="end" fill="#3a3a3a">
              {t} %
            </text>
          </g>
        ))}
        {months.map((m, i) => (
          <text key={m} x={x(i)} y={height - pad.bottom + 16} fontSize="11" textAnchor={months.length > 1 && i === months.length - 1 ? 'end' : months.length > 1 && i === 0 ? 'start' : 'middle'} fill="#3a3a3a">
            {m}
          </text>
        ))}
        {series.map((s, k) => {
          const colour = COLOURS[k % COLOURS.length];
          const points = s.values.map((v, i) => (v === null ? null : `${x(i)},${y(v)}`)).filter(Boolean);
          return (
            <g key={s.id}>
              <line x1={pad.left} x2={width - pad.right} y1={y(s.target)} y2={y(s.target)} stroke={colour} strokeDasharray="6 4" strokeWidth="1" opacity="0.7" />
              {points.length > 1 && <polyline points={points.join(' ')} fill="none" stroke={colour} strokeWidth="2.5" />}
              {s.values.map((v, i) => (v === null ? null : <circle key={i} cx={x(i)} cy={y(v)} r="3.5" fill={colour} />))}
            </g>
          );
        })}
      </svg>
      <ul className="fr-tags-group fr-mt-1w" aria-hidden="true">
        {series.map((s, k) => (
          <li key={s.id} className="fr-text--xs fr-mr-2w" style={{ listStyle: 'none', display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span style={{ display: 'inline-block', width: 18, height: 3, background: COLOURS[k % COLOURS.length] }} /> {s.label} (cible {s.target} %, pointillés)
          </li>
        ))}
      </ul>
      <div className="fr-table fr-table--sm fr-mt-1w">
        <table>
          <caption className="fr-sr-only">{title} — données</caption>
          <thead>
            <tr>
              <th scope="col">Indicateur</th>
              <th scope="col">Cible</th>
              {months.map((m) => (
                <th scope="col" key={m}>
                  {m}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {series.map((s) => (
              <tr key={s.id}>
                <th scope="row">{s.label}</th>
                <td>{s.target} %</td>
                {s.values.map((v, i) => (
                  <td key={i}>
                    {fmt(v)}
                    {v !== null && (v >= s.target ? ' ✓' : '')}
                    <span className="fr-sr-only">{v === null ? '' : v >= s.target ? ' (cible atteinte)' : ' (sous la cible)'}</span>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
