import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  INSTRUCTION_DOSSIER_QUERY,
  INSTRUCTION_FOLLOW_UP_QUERY,
  RECORD_ELIGIBILITY_DECISION_MUTATION,
  gatewayErrorInfo,
  type EligibilityWarningView,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { DsfrTable, formatDate, formatDateTime, formatEuros } from '@esms/ui';
import { FIELD_LABELS, ITEM_STATUS_LABELS, SEVERITY_LABELS, SITUATION_LABELS, STATE_LABELS } from '../shared/labels';
import { AssignmentPanel } from './assignment-panel';

const yesNo = (v: boolean | null | undefined) => (v ? 'Oui' : 'Non');

function Answers({ id }: { id: string }) {
  const { data, error } = useQuery(INSTRUCTION_DOSSIER_QUERY, { variables: { id } });
  if (error) return <Alert severity="warning" small description={`Réponses et pièces indisponibles : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  const file = data?.candidature;
  if (!file) return <p role="status">Chargement des réponses…</p>;
  const d = file.dossier;
  return (
    <>
      <h2 className="fr-h4 fr-mt-4w">Réponses du porteur</h2>
      {d ? (
        <dl className="fr-grid-row fr-grid-row--gutters">
          {[
            ['Type de projet', d.projectTypeLabel ?? '—'],
            ['Champs', d.fields.map((f) => FIELD_LABELS[f] ?? f).join(', ') || '—'],
            ['Régime de TVA', d.vatRegime ?? 'Non renseigné'],
            ['Autres fonds européens (E02)', d.otherEuFunds === null ? 'Non répondu' : d.otherEuFunds.length ? d.otherEuFunds.join(', ') : 'Aucun'],
            ['Porteur GHT', yesNo(d.porteurIsGht)],
            ['Entité nationale de rattachement', d.porteurNationalEntity ?? 'Aucune'],
            ['DUI de l’OG réutilisé pour des PDE/PDS', yesNo(d.ogDuiReusedForPdePds)],
          ].map(([term, value]) => (
            <div key={term} className="fr-col-12 fr-col-md-4">
              <dt className="fr-text--bold fr-mb-0">{term}</dt>
              <dd className="fr-ml-0">{value}</dd>
            </div>
          ))}
          <div className="fr-col-12">
            <dt className="fr-text--bold fr-mb-0">Gouvernance du projet</dt>
            <dd className="fr-ml-0" style={{ whiteSpace: 'pre-wrap' }}>
              {d.governance || '—'}
            </dd>
          </div>
          {d.projectPlan.length > 0 && (
            <div className="fr-col-12">
              <dt className="fr-text--bold fr-mb-0">Planning</dt>
              <dd className="fr-ml-0">
                <ul>
                  {d.projectPlan.map((s, i) => (
                    <li key={i}>
                      Mois {s.monthOffset + 1} à {s.monthOffset + s.durationMonths} : {s.label}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p>Aucune réponse enregistrée.</p>
      )}
      <h2 className="fr-h4 fr-mt-4w">Pièces</h2>
      {file.recapitulatifPath && (
        <p>
          <a className="fr-link" href={file.recapitulatifPath} download>
            Récapitulatif du dépôt (PDF)
          </a>
        </p>
      )}
      <DsfrTable captionHidden caption="Pièces du dossier" testId="pieces-table">
        <thead>
          <tr>
            <th scope="col">Pièce</th>
            <th scope="col">Exigence</th>
            <th scope="col">Fichier</th>
            <th scope="col">Déposé le</th>
          </tr>
        </thead>
        <tbody>
          {file.pieces.map((p) => (
            <tr key={p.code}>
              <td>
                {p.code} — {p.label}
              </td>
              <td>{p.requirement === 'REQUIRED' ? 'Obligatoire' : p.requirement === 'RECOMMENDED' ? 'Recommandée' : 'Facultative'}</td>
              <td>
                {p.files.length
                  ? p.files.map((f) => (
                      <a key={f.id} className="fr-link fr-link--sm" href={f.downloadPath} download={f.fileName}>
                        Télécharger {f.fileName} ({Math.max(1, Math.round(f.size / 1024))} Ko)
                      </a>
                    ))
                  : 'Aucun fichier'}
              </td>
              <td>{p.files[0] ? formatDateTime(p.files[0].uploadedAt) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </DsfrTable>
    </>
  );
}

function Grappe({ file }: { file: InstructionCandidature }) {
  const lines = new Map((file.funding?.lines ?? []).map((l) => [l.finess, l]));
  const items = new Map<string, string[]>();
  for (const item of file.eligibility.items) {
    if (item.finess && item.status !== 'OK' && item.status !== 'NOT_APPLICABLE') {
      items.set(item.finess, [...(items.get(item.finess) ?? []), `${item.code} ${ITEM_STATUS_LABELS[item.status] ?? item.status}`]);
    }
  }
  return (
    <>
      <h2 className="fr-h4 fr-mt-4w">Grappe ({file.members.length} ESSMS)</h2>
      <DsfrTable captionHidden caption="ESSMS de la grappe, éligibilité et financement" testId="grappe-table">
        <thead>
          <tr>
            <th scope="col">Rang</th>
            <th scope="col">FINESS</th>
            <th scope="col">ESSMS</th>
            <th scope="col">Dépt</th>
            <th scope="col">Situation</th>
            <th scope="col">Solution</th>
            <th scope="col">Éligibilité</th>
            <th scope="col">Usages</th>
            <th scope="col">Logiciel</th>
            <th scope="col">Matériel</th>
          </tr>
        </thead>
        <tbody>
          {file.members.map((m) => {
            const line = lines.get(m.finess);
            const issues = items.get(m.finess);
            return (
              <tr key={m.finess}>
                <td>{m.rank ?? '—'}</td>
                <td>{m.finess}</td>
                <td>
                  {m.establishment.name}
                  <span className="fr-hint-text">{m.establishment.categoryLabel ?? m.establishment.category}</span>
                </td>
                <td>{m.establishment.departement ?? '—'}</td>
                <td>{SITUATION_LABELS[m.situation]}</td>
                <td>{m.chosenSolution ? `${m.chosenSolution.product} (${m.chosenSolution.editor})` : '—'}</td>
                <td>{issues ? issues.join(', ') : <Badge as="span" small severity="success" noIcon>Éligible</Badge>}</td>
                <td style={{ textAlign: 'right' }}>{line ? formatEuros(line.usages) : '—'}</td>
                <td style={{ textAlign: 'right' }}>{line ? formatEuros(line.software) : '—'}</td>
                <td style={{ textAlign: 'right' }}>{line ? formatEuros(line.hardware) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
        {file.funding && (
          <tfoot>
            <tr>
              <th scope="row" colSpan={7}>
                Total {file.funding.amoa ? `(dont AMOA ${formatEuros(file.funding.amoa)})` : ''}
              </th>
              <td colSpan={3} style={{ textAlign: 'right', fontWeight: 700 }}>
                {formatEuros(file.funding.total)}
              </td>
            </tr>
          </tfoot>
        )}
      </DsfrTable>
      {file.funding?.notices.map((n) => (
        <p key={n} className="fr-text--sm">
          {n}
        </p>
      ))}
    </>
  );
}

function WarningDecisionForm({ id, warning, disabled, onSaved }: { id: string; warning: EligibilityWarningView; disabled: boolean; onSaved(): void }) {
  const [decision, setDecision] = useState<'ACCEPTED' | 'REFUSED'>(warning.decision?.decision ?? 'ACCEPTED');
  const [justification, setJustification] = useState('');
  const [record, { loading, error }] = useMutation(RECORD_ELIGIBILITY_DECISION_MUTATION);
  const key = `${warning.code}-${warning.finess ?? 'projet'}`;
  return (
    <div>
      {warning.decision && (
        <p className="fr-text--sm fr-mb-1w" data-testid={`decision-${key}`}>
          <Badge as="span" small severity={warning.decision.decision === 'ACCEPTED' ? 'success' : 'error'} noIcon>
            {warning.decision.decision === 'ACCEPTED' ? 'Accepté' : 'Refusé'}
          </Badge>{' '}
          {warning.decision.justification} — {formatDateTime(warning.decision.decidedAt)}
        </p>
      )}
      {!disabled && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void record({ variables: { id, code: warning.code, finess: warning.finess, decision, justification } })
              .then(() => {
                setJustification('');
                onSaved();
              })
              .catch(() => undefined);
          }}
        >
          <fieldset className="fr-fieldset fr-mb-0" aria-label={`Décision sur ${warning.code}`}>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <div className="fr-radio-group fr-radio-group--sm">
                <input type="radio" id={`${key}-ok`} name={`${key}-decision`} checked={decision === 'ACCEPTED'} onChange={() => setDecision('ACCEPTED')} />
                <label className="fr-label" htmlFor={`${key}-ok`}>
                  Accepter
                </label>
              </div>
            </div>
            <div className="fr-fieldset__element fr-fieldset__element--inline">
              <div className="fr-radio-group fr-radio-group--sm">
                <input type="radio" id={`${key}-ko`} name={`${key}-decision`} checked={decision === 'REFUSED'} onChange={() => setDecision('REFUSED')} />
                <label className="fr-label" htmlFor={`${key}-ko`}>
                  Refuser
                </label>
              </div>
            </div>
          </fieldset>
          <div className="fr-input-group fr-mb-1w">
            <label className="fr-label" htmlFor={`${key}-justification`}>
              Justification ({warning.code}){' '}
              <span className="fr-hint-text">10 caractères au moins ; elle est tracée dans l’historique.</span>
            </label>
            <textarea className="fr-input" id={`${key}-justification`} rows={2} required minLength={10} value={justification} onChange={(e) => setJustification(e.target.value)} />
          </div>
          <Button type="submit" size="small" priority="secondary" disabled={loading}>
            Enregistrer la décision
          </Button>
          {error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(error).message ?? 'Décision non enregistrée.'} />}
        </form>
      )}
    </div>
  );
}

function Eligibility({ file }: { file: InstructionCandidature }) {
  const followUp = useQuery(INSTRUCTION_FOLLOW_UP_QUERY, { variables: { id: file.id } });
  const warnings = followUp.data?.candidature.eligibility.warnings ?? [];
  const warningFor = (code: string, finess: string | null) => warnings.find((w) => w.code === code && (w.finess ?? null) === (finess ?? null));
  // Conformant items are summarised; what needs a look (KO, to check, conditions, warnings) is listed.
  const rows = file.eligibility.items.filter((i) => i.status !== 'OK' && i.status !== 'NOT_APPLICABLE');
  const conformant = file.eligibility.items.filter((i) => i.status === 'OK' || i.status === 'NOT_APPLICABLE');
  return (
    <>
      <h2 className="fr-h4 fr-mt-4w">Rapport d’éligibilité</h2>
      {file.eligibility.blocking ? (
        <Alert severity="error" small className="fr-mb-2w" description="Au moins un critère bloquant n’est pas rempli : le dossier ne peut pas être financé en l’état." />
      ) : (
        <p className="fr-text--sm">Aucun critère bloquant non rempli. Les points de vigilance (avertissements) demandent une décision motivée.</p>
      )}
      <DsfrTable captionHidden caption="Critères d’éligibilité recalculés par les règles du programme" testId="eligibility-table">
        <thead>
          <tr>
            <th scope="col">Critère</th>
            <th scope="col">Gravité</th>
            <th scope="col">Statut</th>
            <th scope="col">Constat</th>
            <th scope="col">Décision de l’ARS</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item, index) => {
            const warning = item.severity === 'WARNING' ? warningFor(item.code, item.finess) : undefined;
            return (
              <tr key={`${item.code}-${item.finess ?? ''}-${index}`}>
                <td>
                  {item.code}
                  {item.finess && <span className="fr-hint-text">{item.finess}</span>}
                </td>
                <td>{SEVERITY_LABELS[item.severity] ?? item.severity}</td>
                <td>{ITEM_STATUS_LABELS[item.status] ?? item.status}</td>
                <td style={{ maxWidth: '28rem' }}>{item.message}</td>
                <td style={{ minWidth: '18rem' }}>
                  {item.severity === 'WARNING' ? (
                    warning ? (
                      <WarningDecisionForm id={file.id} warning={warning} disabled={file.readOnly} onSaved={() => void followUp.refetch()} />
                    ) : followUp.error ? (
                      'Indisponible'
                    ) : (
                      '…'
                    )
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </DsfrTable>
      {conformant.length > 0 && (
        <details className="fr-mb-2w">
          <summary>{conformant.length} critère{conformant.length > 1 ? 's' : ''} conforme{conformant.length > 1 ? 's' : ''} ou sans objet</summary>
          <ul className="fr-text--sm">
            {conformant.map((item, index) => (
              <li key={`${item.code}-${item.finess ?? ''}-${index}`}>
                {item.code} — {item.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {file.eligibility.notices.map((n) => (
        <p key={n} className="fr-text--sm">
          {n}
        </p>
      ))}
    </>
  );
}

function History({ file }: { file: InstructionCandidature }) {
  return (
    <>
      <h2 className="fr-h4 fr-mt-4w">Historique</h2>
      <DsfrTable captionHidden caption="Historique du dossier : qui, quand, quoi" testId="history-table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Auteur</th>
            <th scope="col">Action</th>
            <th scope="col">Avant → après</th>
            <th scope="col">Commentaire</th>
          </tr>
        </thead>
        <tbody>
          {[...file.history].reverse().map((event, index) => (
            <tr key={`${event.at}-${index}`}>
              <td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(event.at)}</td>
              <td>
                {event.actorName ?? event.actor ?? '—'}
                <span className="fr-hint-text">{event.role}</span>
              </td>
              <td>{event.actionLabel}</td>
              <td>
                {event.fromState && event.fromState === event.toState
                  ? `${STATE_LABELS[event.fromState]} (inchangé)`
                  : event.fromState || event.toState
                    ? `${event.fromState ? STATE_LABELS[event.fromState] : '—'} → ${event.toState ? STATE_LABELS[event.toState] : '—'}`
                    : '—'}
              </td>
              <td>{event.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </DsfrTable>
    </>
  );
}

export function OverviewTab({ file }: { file: InstructionCandidature }) {
  return (
    <>
      <AssignmentPanel file={file} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <h2 className="fr-h4">Porteur</h2>
          <ul>
            {file.organismes.map((o) => (
              <li key={o.finessEj}>
                {o.name} — FINESS EJ {o.finessEj}
                {o.legalStatus ? `, ${o.legalStatus}` : ''} ({o.essmsCount} ESSMS{o.isSmall ? ', petit organisme' : ''})
              </li>
            ))}
          </ul>
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <h2 className="fr-h4">Financement demandé</h2>
          {file.funding ? (
            <p>
              <strong>{formatEuros(file.funding.total)}</strong> — usages {formatEuros(file.funding.usages)}, logiciel {formatEuros(file.funding.software)}, matériel{' '}
              {formatEuros(file.funding.hardware)}, AMOA {formatEuros(file.funding.amoa)}. Avance de 50 % : {formatEuros(file.funding.advance)}.
            </p>
          ) : (
            <p>Non calculé.</p>
          )}
          <p className="fr-text--sm">
            Déposé le {formatDate(file.submittedAt)} · campagne {file.campaign.label} · fenêtre {file.windowCode ?? '—'}
          </p>
        </div>
      </div>
      <Grappe file={file} />
      <Eligibility file={file} />
      <Answers id={file.id} />
      <History file={file} />
    </>
  );
}
