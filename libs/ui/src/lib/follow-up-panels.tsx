import { useState } from 'react';
import type { FollowUpFile, FollowUpView } from '@esms/graphql-client';
import { formatDate } from './dates';
import { formatEuros } from './format';
import { UsageChart } from './usage-chart';

const MILESTONE_STATUS = { DONE: 'Atteint', LATE: 'En retard', UPCOMING: 'À venir' } as const;
const PAYMENT_KIND = { ADVANCE: 'Avance (50 %)', BALANCE: 'Solde' } as const;
const PAYMENT_STATUS = { DUE: 'Exigible', PAID: 'Versé' } as const;
const TREND = { UP: '↗ en hausse', DOWN: '↘ en baisse', STABLE: '→ stable' } as const;
const pct = (v: number | null) => (v === null ? '—' : `${v.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} %`);

/** Alerts of the follow-up (slipped milestones, targets at risk). */
export function FollowUpAlerts({ followUp }: { followUp: FollowUpView }) {
  if (!followUp.alerts.length) return null;
  return (
    <div className="fr-alert fr-alert--warning fr-mb-3w" role="region" aria-label="Alertes du suivi">
      <h2 className="fr-alert__title">Points d’attention</h2>
      <ul>
        {followUp.alerts.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </div>
  );
}

export function MilestonesTable({ followUp }: { followUp: FollowUpView }) {
  return (
    <div className="fr-table fr-table--sm">
      <table>
        <caption>Jalons du projet (dates indicatives)</caption>
        <thead>
          <tr>
            <th scope="col">Jalon</th>
            <th scope="col">Prévu le</th>
            <th scope="col">Réalisé le</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {followUp.milestones.map((m) => (
            <tr key={m.code}>
              <th scope="row">{m.label}</th>
              <td>{formatDate(m.plannedOn)}</td>
              <td>{formatDate(m.doneOn)}</td>
              <td>
                <span className={`fr-badge fr-badge--sm fr-badge--no-icon ${m.status === 'DONE' ? 'fr-badge--success' : m.status === 'LATE' ? 'fr-badge--error' : 'fr-badge--info'}`}>
                  {MILESTONE_STATUS[m.status]}
                  {m.daysLate > 0 ? ` (${m.daysLate} j)` : ''}
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function PaymentsTable({ file, action }: { file: FollowUpFile; action?: (payment: FollowUpFile['payments'][number]) => React.ReactNode }) {
  return (
    <div className="fr-table fr-table--sm">
      <table>
        <caption>Versements de la subvention{file.convention ? ` (total ${formatEuros(file.convention.total)})` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Versement</th>
            <th scope="col">Montant</th>
            <th scope="col">Exigible le</th>
            <th scope="col">Statut</th>
            <th scope="col">Versé le</th>
            <th scope="col">Référence</th>
            {action && <th scope="col">Action</th>}
          </tr>
        </thead>
        <tbody>
          {file.payments.map((p) => (
            <tr key={p.id}>
              <th scope="row">{PAYMENT_KIND[p.kind]}</th>
              <td>{formatEuros(p.amount)}</td>
              <td>{formatDate(p.dueOn)}</td>
              <td>
                <span className={`fr-badge fr-badge--sm fr-badge--no-icon ${p.status === 'PAID' ? 'fr-badge--success' : 'fr-badge--warning'}`}>{PAYMENT_STATUS[p.status]}</span>
              </td>
              <td>{formatDate(p.paidOn)}</td>
              <td>{p.reference ?? '—'}</td>
              {action && <td>{action(p)}</td>}
            </tr>
          ))}
          {!file.payments.some((p) => p.kind === 'BALANCE') && file.convention && (
            <tr>
              <th scope="row">{PAYMENT_KIND.BALANCE}</th>
              <td>{formatEuros(file.convention.balance)} (prévu)</td>
              <td>—</td>
              <td>Non demandé</td>
              <td>—</td>
              <td>—</td>
              {action && <td />}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

/** Targets: per ESSMS summary at the latest measure, missing targets with projection, and the chart of one ESSMS. */
export function TargetsSection({ followUp }: { followUp: FollowUpView }) {
  const [selected, setSelected] = useState(followUp.essms[0]?.finess ?? '');
  const essms = followUp.essms.find((e) => e.finess === selected) ?? followUp.essms[0];
  const labelOf = (id: string) => followUp.indicators.find((i) => i.id === id)?.label ?? id;
  return (
    <>
      <p>
        {followUp.targetsReached ? (
          <strong>Tous les ESSMS atteignent les cinq cibles d’usage à leur dernière mesure.</strong>
        ) : (
          <strong>
            {followUp.essms.filter((e) => !e.targetsReached).length} ESSMS sur {followUp.essms.length} n’atteignent pas encore toutes les cibles.
          </strong>
        )}{' '}
        {followUp.projection.atRisk && <span className="fr-badge fr-badge--sm fr-badge--error fr-badge--no-icon">Projet à risque</span>}
      </p>
      <div className="fr-table fr-table--sm">
        <table>
          <caption>Dernière mesure par ESSMS : taux (cible)</caption>
          <thead>
            <tr>
              <th scope="col">ESSMS</th>
              <th scope="col">Mois</th>
              {followUp.indicators.map((i) => (
                <th scope="col" key={i.id}>
                  {i.label} ({i.target} %)
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {followUp.essms.map((e) => {
              const latest = e.measurements.at(-1);
              return (
                <tr key={e.finess}>
                  <th scope="row">
                    {e.establishment?.name ?? e.finess} <span className="fr-text--xs">({e.finess})</span>
                  </th>
                  <td>{latest ? latest.monthLabel : 'aucune mesure'}</td>
                  {followUp.indicators.map((i) => {
                    const r = latest?.rates.find((x) => x.indicator === i.id);
                    return (
                      <td key={i.id}>
                        {r ? (
                          <>
                            {pct(r.rate)} {r.reached ? '✓' : '✗'}
                            <span className="fr-sr-only">{r.reached ? ' cible atteinte' : ' cible non atteinte'}</span>
                            {r.trend && <span className="fr-text--xs"> {TREND[r.trend as keyof typeof TREND]}</span>}
                          </>
                        ) : (
                          '—'
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {followUp.missingTargets.length > 0 && (
        <>
          <h3 className="fr-h6">Cibles encore manquées</h3>
          <ul data-testid="missing-targets">
            {followUp.missingTargets.map((t) => (
              <li key={`${t.finess}-${t.indicator}`}>
                ESSMS {t.finess} — {t.label} : {pct(t.rate)} pour une cible de {t.target} %
                {t.projectedRate !== null && <> (projection à la fin attendue : {pct(t.projectedRate)})</>}
                {t.atRisk && <strong> — à risque</strong>}
              </li>
            ))}
          </ul>
          <p className="fr-text--xs">Méthode de projection : {followUp.projection.method}</p>
        </>
      )}
      {essms && (
        <>
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="chart-essms">
              ESSMS affiché dans le graphique
            </label>
            <select className="fr-select" id="chart-essms" value={essms.finess} onChange={(e) => setSelected(e.target.value)}>
              {followUp.essms.map((e) => (
                <option key={e.finess} value={e.finess}>
                  {e.establishment?.name ?? e.finess} ({e.finess})
                </option>
              ))}
            </select>
          </div>
          {essms.measurements.length ? (
            <UsageChart
              title={`Taux d’usage mensuels — ${essms.establishment?.name ?? essms.finess}`}
              months={essms.measurements.map((m) => m.monthLabel)}
              series={followUp.indicators.map((i) => ({
                id: i.id,
                label: labelOf(i.id),
                target: i.target,
                values: essms.measurements.map((m) => m.rates.find((r) => r.indicator === i.id)?.rate ?? null),
              }))}
            />
          ) : (
            <p>Aucune mesure pour cet ESSMS.</p>
          )}
        </>
      )}
    </>
  );
}
