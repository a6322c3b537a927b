import { Accordion } from '@codegouvfr/react-dsfr/Accordion';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { CandidatureDetail, EligibilityItem } from '@esms/graphql-client';
import { formatEuros, formatPercent } from '@esms/ui';
import { PivotChooser } from './pivot-chooser';
import { DataTable } from '../shared/data-table';

const SEVERITY: Record<string, { label: string; severity: 'error' | 'warning' | 'info' | 'success' | 'new' }> = {
  BLOCKING: { label: 'Bloquant', severity: 'error' },
  CONDITION: { label: 'Condition', severity: 'warning' },
  WARNING: { label: 'Appréciation de l’ARS', severity: 'new' },
  INFO: { label: 'Information', severity: 'info' },
};

const STATUS: Record<string, { label: string; severity: 'error' | 'warning' | 'success' | 'info' }> = {
  OK: { label: 'Respecté', severity: 'success' },
  KO: { label: 'Non respecté', severity: 'error' },
  TO_CHECK: { label: 'À compléter', severity: 'warning' },
};

const RULE_TITLES: Record<string, string> = {
  E01: 'ESSMS éligibles (art. L312-1 CASF)',
  E02: 'Pas d’autre fonds européen',
  E03: 'Pas de double financement du même logiciel',
  E04: 'Pas de financement de deux DUI',
  E05: 'Prestation Ségur (SONS) compatible',
  E06: 'Accord de l’entité nationale',
  E07: 'Une seule solution pour la grappe',
  E08: 'Solution référencée Ségur',
  E09: 'Taille de la grappe',
  E10: 'Autodiagnostics',
  E11: 'Pièces obligatoires',
  E12: 'Dépôt pendant la campagne',
};

const worstOrder = ['KO', 'TO_CHECK', 'OK'];

function groupByRule(items: EligibilityItem[]) {
  const groups = new Map<string, EligibilityItem[]>();
  for (const item of items) groups.set(item.code, [...(groups.get(item.code) ?? []), item]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, list]) => {
      const status = worstOrder.find((s) => list.some((i) => i.status === s)) ?? 'OK';
      const severity = list.find((i) => i.status === status)?.severity ?? list[0].severity;
      return { code, items: list, status, severity };
    });
}

export function deskLabel(candidature: Pick<CandidatureDetail, 'desk' | 'multiregional' | 'pivotRegion'>): string {
  if (candidature.desk === 'NATIONAL') return 'Guichet national (CNSA)';
  if (candidature.multiregional)
    return `Guichet régional multirégional, auprès de l’ARS pivot${candidature.pivotRegion ? ` ${candidature.pivotRegion.name}` : ''}`;
  return `Guichet régional${candidature.pivotRegion ? ` — ARS ${candidature.pivotRegion.name}` : ''}`;
}

export function EligibilityReport({ candidature }: { candidature: CandidatureDetail }) {
  const groups = groupByRule(candidature.eligibility.items);
  return (
    <>
      <p className="fr-mb-1w" data-testid="eligibility-summary">
        {candidature.eligibility.blocking ? (
          <Badge as="span" severity="error" small>
            Au moins une règle bloquante n’est pas respectée
          </Badge>
        ) : (
          <Badge as="span" severity="success" small>
            Aucune règle bloquante non respectée
          </Badge>
        )}
      </p>
      <div className="fr-accordions-group">
        {groups.map((group) => (
          <Accordion
            key={group.code}
            label={
              <span>
                {group.code} — {RULE_TITLES[group.code] ?? group.code}{' '}
                <Badge as="span" small noIcon severity={STATUS[group.status]?.severity ?? 'info'}>
                  {STATUS[group.status]?.label ?? group.status}
                </Badge>
              </span>
            }
          >
            <p className="fr-text--xs fr-mb-1w">
              <Badge as="span" small noIcon severity={SEVERITY[group.severity]?.severity ?? 'info'}>
                {SEVERITY[group.severity]?.label ?? group.severity}
              </Badge>
            </p>
            <ul className="fr-text--sm">
              {group.items.map((item, index) => (
                <li key={`${item.finess ?? ''}-${index}`} data-rule={item.code} data-status={item.status} data-severity={item.severity} data-finess={item.finess ?? undefined}>
                  {item.message}
                </li>
              ))}
            </ul>
          </Accordion>
        ))}
      </div>
      {candidature.eligibility.notices.length > 0 && (
        <ul className="fr-text--sm fr-mt-2w">
          {candidature.eligibility.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function FundingEstimate({ candidature }: { candidature: CandidatureDetail }) {
  const funding = candidature.funding;
  if (!funding || funding.essmsCount === 0) {
    return <p className="fr-text--sm">Ajoutez des ESSMS à la grappe pour voir le financement estimé.</p>;
  }
  const names = new Map(candidature.members.map((m) => [m.finess, m.establishment.name]));
  const lines = [...funding.lines].sort((a, b) => a.rank - b.rank);
  return (
    <>
      <p className="fr-mb-1w">
        Total estimé : <strong data-testid="funding-total">{formatEuros(funding.total)}</strong>
      </p>
      <table className="fr-text--xs" style={{ width: '100%' }}>
        <caption className="fr-sr-only">Montants du projet</caption>
        <tbody>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>Usages</th>
            <td style={{ textAlign: 'right' }}>{formatEuros(funding.usages)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>Équipement logiciel</th>
            <td style={{ textAlign: 'right' }}>{formatEuros(funding.software)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>Matériel</th>
            <td style={{ textAlign: 'right' }}>{formatEuros(funding.hardware)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>
              AMOA <span className="fr-text--xs">({candidature.amoaRequested ? 'forfait demandé' : 'non demandé'})</span>
            </th>
            <td style={{ textAlign: 'right' }} data-testid="funding-amoa">
              {formatEuros(funding.amoa)}
            </td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>Avance (50 %)</th>
            <td style={{ textAlign: 'right' }}>{formatEuros(funding.advance)}</td>
          </tr>
          <tr>
            <th scope="row" style={{ textAlign: 'left', fontWeight: 400 }}>Solde</th>
            <td style={{ textAlign: 'right' }}>{formatEuros(funding.balance)}</td>
          </tr>
        </tbody>
      </table>
      <Accordion label={`Détail par ESSMS (${funding.essmsCount})`}>
        <DataTable label="Détail du financement par ESSMS" noCaption bordered={false} className="fr-mb-0">
          <table className="fr-text--xs">
            <caption>Détail du financement par ESSMS</caption>
            <thead>
              <tr>
                <th scope="col">Rang</th>
                <th scope="col">ESSMS</th>
                <th scope="col">Montant</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.finess}>
                  <td>{line.rank}</td>
                  <td>
                    {names.get(line.finess) ?? line.finess}
                    <br />
                    <span className="fr-text--xs">
                      {line.finess}
                      {line.prorata < 1 ? ` — prorata ${formatPercent(line.prorata)}` : ''}
                    </span>
                  </td>
                  <td>{formatEuros(line.usages + line.software + line.hardware)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </DataTable>
      </Accordion>
      {funding.notices.length > 0 && (
        <ul className="fr-text--xs fr-mt-1w">
          {funding.notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      )}
      <p className="fr-text--xs fr-mt-1w fr-mb-0">Montants calculés par la plateforme selon les règles de l’appel à projets ; indicatifs jusqu’à l’instruction.</p>
    </>
  );
}

/** Visible on every step: desk, eligibility and funding, as the server computes them after each save. */
export function SidePanel({ candidature }: { candidature: CandidatureDetail }) {
  return (
    <aside aria-labelledby="panneau-titre" className="fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <h2 id="panneau-titre" className="fr-h5">
        Votre projet en direct
      </h2>
      <div aria-live="polite" aria-atomic="false">
        <section aria-labelledby="panneau-guichet" className="fr-mb-3w">
          <h3 id="panneau-guichet" className="fr-h6 fr-mb-1w">
            Guichet de dépôt
          </h3>
          <p className="fr-text--sm fr-mb-1w" data-testid="desk">
            {deskLabel(candidature)}
            {candidature.multiregional && (
              <Badge as="span" small severity="info" className="fr-ml-1w">
                Multirégional
              </Badge>
            )}
          </p>
          <p className="fr-text--xs fr-mb-1w">
            {candidature.members.length} ESSMS dans {candidature.regions.length} région{candidature.regions.length > 1 ? 's' : ''}
            {candidature.regions.length > 0 ? ` (${candidature.regions.map((r) => r.name).join(', ')})` : ''}.
          </p>
          <PivotChooser candidature={candidature} />
        </section>
        <section aria-labelledby="panneau-financement" className="fr-mb-3w">
          <h3 id="panneau-financement" className="fr-h6 fr-mb-1w">
            Financement estimé
          </h3>
          <FundingEstimate candidature={candidature} />
        </section>
      </div>
      <section aria-labelledby="panneau-eligibilite">
        <h3 id="panneau-eligibilite" className="fr-h6 fr-mb-1w">
          Éligibilité (E01 à E12)
        </h3>
        <EligibilityReport candidature={candidature} />
      </section>
    </aside>
  );
}
