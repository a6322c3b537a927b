import { Link } from 'react-router-dom';
import { formatEuros, formatPercent } from '@esms/ui';
import { formatCount } from './indicators';
import type { DashboardArea } from './operations';

export interface Kpi {
  label: string;
  value: string;
  detail?: string;
  to?: string;
}

export function KpiTiles({ kpis, label }: { kpis: Kpi[]; label: string }) {
  return (
    <ul className="cnsa-kpis" aria-label={label}>
      {kpis.map((k) => (
        <li key={k.label} className="cnsa-kpi">
          <span className="cnsa-kpi__value">{k.to ? <Link to={k.to} aria-label={`${k.label} : ${k.value} — voir les dossiers`}>{k.value}</Link> : k.value}</span>
          <span className="cnsa-kpi__label">{k.label}</span>
          {k.detail && <span className="cnsa-kpi__detail">{k.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The KPI tiles of an area (France or a region); `filesHref(extra)` builds the drill-down link to the files. */
export function areaKpis(area: DashboardArea, envelope: number | null, filesHref: (extra: Record<string, string>) => string): Kpi[] {
  return [
    { label: 'Candidatures déposées', value: formatCount(area.files), to: filesHref({}) },
    { label: 'Candidatures retenues', value: formatCount(area.filesGranted), detail: 'retenues ou au-delà (convention, déploiement…)', to: filesHref({ retenues: '1' }) },
    {
      label: 'Montants demandés',
      value: formatEuros(area.amountRequested),
      detail: envelope ? `${formatPercent(area.amountRequested / envelope)} de l’enveloppe de ${formatEuros(envelope)}` : undefined,
      to: filesHref({}),
    },
    {
      label: 'Montants accordés',
      value: formatEuros(area.amountGranted),
      detail: envelope ? `${formatPercent(area.amountGranted / envelope)} de l’enveloppe` : undefined,
      to: filesHref({ retenues: '1' }),
    },
    { label: 'Montants versés', value: formatEuros(area.amountPaid), detail: 'versements enregistrés (avance, solde)' },
    {
      label: 'ESSMS couverts',
      value: formatCount(area.essmsCovered),
      detail: area.coverageRate === null ? 'ESSMS ouverts : annuaire indisponible' : `${formatPercent(area.coverageRate)} des ${formatCount(area.essmsOpen ?? 0)} ESSMS ouverts`,
      to: filesHref({ retenues: '1' }),
    },
    { label: 'ESSMS pas encore couverts', value: area.essmsNotCovered === null ? 'non disponible' : formatCount(area.essmsNotCovered), detail: 'ouverts dans l’annuaire, dans aucun projet retenu' },
  ];
}
