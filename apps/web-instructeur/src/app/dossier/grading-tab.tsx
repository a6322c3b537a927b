import { useEffect, useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  CANDIDATURE_GRADING_QUERY,
  GRADE_CANDIDATURE_MUTATION,
  REGION_INSTRUCTEURS_QUERY,
  SIGN_EVALUATION_MUTATION,
  gatewayErrorInfo,
  type EvaluationView,
  type GradingSummaryView,
  type GridView,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { formatDateTime, useSession } from '@esms/ui';

/** The published grid of the file's campaign (else the region's published one). */
export function gridFor(grids: GridView[], campaignId: string): GridView | undefined {
  const published = grids.filter((g) => g.status === 'PUBLISHED');
  return published.find((g) => g.campaignId === campaignId) ?? published[0];
}

const points = (n: number) => n.toLocaleString('fr-FR');

/** Each grade of the file, by whom, signed or not: the grades the consensus is made of. */
function Evaluations({ evaluations, grid, nameOf, myId }: { evaluations: EvaluationView[]; grid: GridView; nameOf(id: string): string; myId?: string }) {
  if (evaluations.length === 0) return <p className="fr-text--sm">Aucune évaluation pour l’instant : notez le dossier avec la grille ci-dessous.</p>;
  return (
    <div className="fr-table fr-table--bordered fr-table--sm fr-table--no-caption">
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table data-testid="evaluations-table">
              <caption>Évaluations du dossier</caption>
              <thead>
                <tr>
                  <th scope="col">Instructeur</th>
                  <th scope="col">Note</th>
                  <th scope="col">État</th>
                  <th scope="col">Commentaire</th>
                </tr>
              </thead>
              <tbody>
                {evaluations.map((e) => (
                  <tr key={e.id} data-testid="evaluation-row" data-total={e.total} data-status={e.status}>
                    <th scope="row" style={{ fontWeight: 400 }}>
                      {nameOf(e.evaluatorId)}
                      {e.evaluatorId === myId ? ' (vous)' : ''}
                    </th>
                    <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                      <strong>{points(e.total)}</strong> / {grid.maxTotal}
                    </td>
                    <td>
                      <Badge as="span" small severity={e.status === 'SIGNED' ? 'success' : 'new'} noIcon>
                        {e.status === 'SIGNED' ? 'Signée' : 'Brouillon'}
                      </Badge>
                      {e.status === 'SIGNED' && <span className="fr-hint-text">le {formatDateTime(e.signedAt)}</span>}
                    </td>
                    <td className="fr-text--sm" style={{ maxWidth: '28rem' }}>
                      {e.comment ?? ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * The consensus as the grading-grid computes it (median of the signed grades, drafts left out) with the signed grades
 * it comes from, and the maturity against the grid's threshold. Nothing is recomputed here.
 */
function Consensus({ summary, evaluations, grid }: { summary: GradingSummaryView; evaluations: EvaluationView[]; grid: GridView }) {
  const signed = evaluations.filter((e) => e.status === 'SIGNED').map((e) => points(e.total));
  const listed = signed.length > 1 ? `${signed.slice(0, -1).join(', ')} et ${signed.at(-1)}` : signed[0];
  return (
    <div data-testid="grading-summary" className="fr-mb-2w">
      <p className="fr-mb-1w">
        {summary.signedCount} évaluation{summary.signedCount > 1 ? 's' : ''} signée{summary.signedCount > 1 ? 's' : ''} sur {summary.count}.
      </p>
      {summary.consensus !== null ? (
        <p className="fr-mb-1w">
          Note de consensus : <strong data-testid="consensus">{points(summary.consensus)}</strong> / {grid.maxTotal}
          <span className="fr-hint-text">
            Médiane des notes signées{signed.length > 0 ? ` (${listed})` : ''} ; avec deux évaluations, leur moyenne. Les brouillons ne comptent pas.
          </span>
          {summary.mature !== null && (
            <Badge small severity={summary.mature ? 'success' : 'warning'} noIcon as="span" className="fr-mt-1v">
              {summary.mature ? `Projet mature (≥ ${summary.threshold})` : `Non mature (< ${summary.threshold})`}
            </Badge>
          )}
        </p>
      ) : (
        <p className="fr-mb-1w">Pas encore de note de consensus (aucune évaluation signée).</p>
      )}
    </div>
  );
}

export function GradingTab({ file }: { file: InstructionCandidature }) {
  const { me } = useSession();
  const regionCode = me?.regionCode ?? file.pivotRegion?.code ?? '';
  const { data, error, refetch } = useQuery(CANDIDATURE_GRADING_QUERY, { variables: { id: file.id, regionCode }, skip: !regionCode, fetchPolicy: 'cache-and-network' });
  const [grade, grading] = useMutation(GRADE_CANDIDATURE_MUTATION);
  const [sign, signing] = useMutation(SIGN_EVALUATION_MUTATION);
  const instructeurs = useQuery(REGION_INSTRUCTEURS_QUERY, { skip: me?.role !== 'INSTRUCTEUR' });
  const [marks, setMarks] = useState<Record<string, string>>({});
  const [comment, setComment] = useState('');

  const grid = data ? gridFor(data.grids, data.candidature.campaign.id) : undefined;
  const evaluations = data?.candidature.evaluations ?? [];
  const mine = evaluations.find((e) => e.evaluatorId === me?.id);
  const others = evaluations.filter((e) => e !== mine);
  const summary = data?.candidature.gradingSummary;
  const names = new Map((instructeurs.data?.regionInstructeurs ?? []).map((i) => [i.id, i.displayName]));
  const nameOf = (id: string) => names.get(id) ?? 'Instructeur de l’ARS';

  useEffect(() => {
    if (mine) {
      setMarks(Object.fromEntries(mine.scores.map((s) => [s.criterionCode, String(s.points)])));
      setComment(mine.comment ?? '');
    }
  }, [mine?.id, mine?.version]);

  if (error) return <Alert severity="warning" small description={`Évaluation indisponible : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  if (!data) return <p role="status">Chargement de la grille…</p>;
  if (!grid) return <Alert severity="info" small description="Aucune grille publiée pour votre ARS : publiez-en une depuis « Grilles d’évaluation »." />;

  const signed = mine?.status === 'SIGNED';
  const canGrade = me?.role === 'INSTRUCTEUR' && !file.readOnly && !signed;
  const total = grid.criteria.reduce((sum, c) => sum + (Number(marks[c.code]) || 0), 0);
  const mutationError = grading.error ?? signing.error;

  return (
    <>
      <h2 className="fr-h4">
        {grid.label} <span className="fr-text--sm fr-text--regular">(version {grid.version})</span>
      </h2>
      {summary && <Consensus summary={summary} evaluations={evaluations} grid={grid} />}
      <Evaluations evaluations={evaluations} grid={grid} nameOf={nameOf} myId={me?.id} />
      <h3 className="fr-h5 fr-mt-3w">Ma notation</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void grade({
            variables: {
              input: {
                candidatureId: file.id,
                gridId: grid.id,
                scores: grid.criteria.map((c) => ({ criterionCode: c.code, points: Number(marks[c.code]) || 0 })),
                comment: comment || null,
                expectedVersion: mine?.version ?? null,
              },
            },
          })
            .then(() => refetch())
            .catch(() => undefined);
        }}
      >
        <div className="fr-table fr-table--bordered fr-table--sm fr-table--no-caption">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table data-testid="grading-table">
                  <caption>Ma notation, critère par critère</caption>
                  <thead>
                    <tr>
                      <th scope="col">Critère</th>
                      <th scope="col">Ce qu’on regarde</th>
                      <th scope="col">Barème</th>
                      <th scope="col">Ma note</th>
                      {others.map((o) => (
                        <th scope="col" key={o.id}>
                          {nameOf(o.evaluatorId)}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {[...grid.criteria]
                      .sort((a, b) => a.position - b.position)
                      .map((c) => (
                        <tr key={c.code}>
                          <th scope="row" style={{ fontWeight: 400 }}>
                            <label htmlFor={`note-${c.code}`}>
                              {c.code} — {c.label}
                            </label>
                          </th>
                          <td className="fr-text--sm" style={{ maxWidth: '28rem' }}>
                            {c.guidance}
                          </td>
                          <td style={{ textAlign: 'right' }}>{c.maxPoints}</td>
                          <td>
                            <input
                              className="fr-input"
                              style={{ width: '5rem' }}
                              id={`note-${c.code}`}
                              type="number"
                              min={0}
                              max={c.maxPoints}
                              step={1}
                              required
                              disabled={!canGrade}
                              value={marks[c.code] ?? ''}
                              onChange={(e) => setMarks({ ...marks, [c.code]: e.target.value })}
                            />
                          </td>
                          {others.map((o) => (
                            <td key={o.id} style={{ textAlign: 'right' }}>
                              {o.scores.find((s) => s.criterionCode === c.code)?.points ?? '—'}
                            </td>
                          ))}
                        </tr>
                      ))}
                  </tbody>
                  <tfoot>
                    <tr>
                      <th scope="row" colSpan={2}>
                        Total
                      </th>
                      <td style={{ textAlign: 'right' }}>{grid.maxTotal}</td>
                      <td data-testid="my-total">
                        <strong>{total}</strong>
                        {mine && (
                          <Badge as="span" small severity={signed ? 'success' : 'new'} noIcon className="fr-ml-1w">
                            {signed ? 'Signée' : 'Brouillon'}
                          </Badge>
                        )}
                      </td>
                      {others.map((o) => (
                        <td key={o.id} style={{ textAlign: 'right' }}>
                          <strong>{o.total}</strong> {o.status === 'SIGNED' ? '(signée)' : '(brouillon)'}
                        </td>
                      ))}
                    </tr>
                  </tfoot>
                </table>
              </div>
            </div>
          </div>
        </div>
        <div className="fr-input-group">
          <label className="fr-label" htmlFor="commentaire-evaluation">
            Commentaire d’évaluation
          </label>
          <textarea className="fr-input" id="commentaire-evaluation" rows={3} disabled={!canGrade} value={comment} onChange={(e) => setComment(e.target.value)} />
        </div>
        {canGrade && (
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" priority="secondary" disabled={grading.loading}>
                Enregistrer ma note
              </Button>
            </li>
            {mine && (
              <li>
                <Button
                  type="button"
                  disabled={signing.loading}
                  onClick={() => void sign({ variables: { id: mine.id, expectedVersion: mine.version } }).then(() => refetch()).catch(() => undefined)}
                >
                  Signer mon évaluation
                </Button>
              </li>
            )}
          </ul>
        )}
        {signed && <p className="fr-text--sm">Évaluation signée le {formatDateTime(mine?.signedAt)} : elle est définitive.</p>}
        {mutationError && <Alert severity="error" small description={gatewayErrorInfo(mutationError).message ?? 'La note n’a pas été enregistrée.'} />}
      </form>
      {grid.priorityRules.length > 0 && (
        <>
          <h3 className="fr-h5 fr-mt-4w">Priorités régionales</h3>
          <ul>
            {grid.priorityRules.map((r) => (
              <li key={r.code}>
                <strong>{r.label}</strong> — {r.description}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
