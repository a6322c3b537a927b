import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  CREATE_GRID_VERSION_MUTATION,
  GRIDS_QUERY,
  PUBLISH_GRID_MUTATION,
  UPDATE_GRID_CRITERION_MUTATION,
  gatewayErrorInfo,
  type GridCriterionView,
  type GridView,
} from '@esms/graphql-client';
import { RequireRole, formatDateTime, usePageTitle, useSession } from '@esms/ui';

const STATUS = { DRAFT: 'Brouillon', PUBLISHED: 'Publiée', ARCHIVED: 'Archivée' } as const;

function CriterionEditor({ grid, criterion, onSaved }: { grid: GridView; criterion: GridCriterionView; onSaved(): void }) {
  const [label, setLabel] = useState(criterion.label);
  const [guidance, setGuidance] = useState(criterion.guidance);
  const [maxPoints, setMaxPoints] = useState(String(criterion.maxPoints));
  const [update, { loading, error }] = useMutation(UPDATE_GRID_CRITERION_MUTATION);
  const key = `${grid.id}-${criterion.code}`;
  return (
    <form
      className="fr-p-2w fr-mb-2w"
      style={{ border: '1px solid var(--border-default-grey)' }}
      aria-label={`Critère ${criterion.code}`}
      onSubmit={(e) => {
        e.preventDefault();
        void update({ variables: { input: { gridId: grid.id, code: criterion.code, label, guidance, maxPoints: Number(maxPoints) } } }).then(onSaved).catch(() => undefined);
      }}
    >
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-8 fr-input-group">
          <label className="fr-label" htmlFor={`${key}-label`}>
            {criterion.code} — libellé
          </label>
          <input className="fr-input" id={`${key}-label`} value={label} onChange={(e) => setLabel(e.target.value)} />
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-input-group">
          <label className="fr-label" htmlFor={`${key}-max`}>
            Barème (points)
          </label>
          <input className="fr-input" id={`${key}-max`} type="number" min={0} value={maxPoints} onChange={(e) => setMaxPoints(e.target.value)} />
        </div>
      </div>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor={`${key}-guidance`}>
          Aide à la notation
        </label>
        <textarea className="fr-input" id={`${key}-guidance`} rows={2} value={guidance} onChange={(e) => setGuidance(e.target.value)} />
      </div>
      <Button type="submit" size="small" priority="secondary" disabled={loading}>
        Enregistrer le critère
      </Button>
      {error && <Alert className="fr-mt-1w" severity="error" small description={gatewayErrorInfo(error).message ?? 'Critère non enregistré.'} />}
    </form>
  );
}

function GridCard({ grid, onChanged }: { grid: GridView; onChanged(): void }) {
  const [createVersion, creating] = useMutation(CREATE_GRID_VERSION_MUTATION);
  const [publish, publishing] = useMutation(PUBLISH_GRID_MUTATION);
  const error = creating.error ?? publishing.error;
  const criteria = [...grid.criteria].sort((a, b) => a.position - b.position);
  return (
    <section className="fr-mb-6w" aria-labelledby={`grille-${grid.id}`}>
      <h2 className="fr-h4 fr-mb-1w" id={`grille-${grid.id}`}>
        {grid.label} — version {grid.version}{' '}
        <Badge as="span" noIcon severity={grid.status === 'PUBLISHED' ? 'success' : grid.status === 'DRAFT' ? 'new' : undefined}>
          {STATUS[grid.status]}
        </Badge>
      </h2>
      <p className="fr-text--sm">
        Campagne {grid.campaignId} · note maximale {grid.maxTotal}
        {grid.maturityThreshold !== null && <> · projet mature à partir de {grid.maturityThreshold}</>}
        {grid.publishedAt && <> · publiée le {formatDateTime(grid.publishedAt)}</>} · source : {grid.source}
      </p>
      {grid.status === 'DRAFT' ? (
        criteria.map((c) => <CriterionEditor key={c.code} grid={grid} criterion={c} onSaved={onChanged} />)
      ) : (
        <div className="fr-table fr-table--bordered fr-table--sm fr-table--no-caption">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Critères de la grille {grid.label}, version {grid.version}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Critère</th>
                      <th scope="col">Aide à la notation</th>
                      <th scope="col">Barème</th>
                    </tr>
                  </thead>
                  <tbody>
                    {criteria.map((c) => (
                      <tr key={c.code}>
                        <td>
                          {c.code} — {c.label}
                        </td>
                        <td className="fr-text--sm">{c.guidance}</td>
                        <td style={{ textAlign: 'right' }}>{c.maxPoints}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
      {grid.priorityRules.length > 0 && (
        <details className="fr-mb-2w">
          <summary>Priorités régionales ({grid.priorityRules.length})</summary>
          <ol>
            {grid.priorityRules.map((r) => (
              <li key={r.code}>
                <strong>{r.label}</strong> — {r.description}
              </li>
            ))}
          </ol>
        </details>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        {grid.status === 'PUBLISHED' && (
          <li>
            <Button priority="secondary" disabled={creating.loading} onClick={() => void createVersion({ variables: { gridId: grid.id } }).then(onChanged).catch(() => undefined)}>
              Créer une nouvelle version
            </Button>
          </li>
        )}
        {grid.status === 'DRAFT' && (
          <li>
            <Button disabled={publishing.loading} onClick={() => void publish({ variables: { gridId: grid.id } }).then(onChanged).catch(() => undefined)}>
              Publier cette version
            </Button>
          </li>
        )}
      </ul>
      {error && <Alert severity="error" small description={gatewayErrorInfo(error).message ?? 'L’opération n’a pas abouti.'} />}
    </section>
  );
}

function Grids() {
  const { me } = useSession();
  const { data, error, refetch } = useQuery(GRIDS_QUERY, { variables: { regionCode: me?.regionCode ?? '' }, skip: !me?.regionCode, fetchPolicy: 'cache-and-network' });
  if (error) return <Alert severity="error" small description={gatewayErrorInfo(error).message ?? 'Grilles indisponibles.'} />;
  if (!data) return <p role="status">Chargement des grilles…</p>;
  const grids = [...data.grids].sort((a, b) => a.campaignId.localeCompare(b.campaignId) || b.version - a.version);
  if (!grids.length) return <p>Aucune grille pour votre ARS.</p>;
  return (
    <>
      {grids.map((g) => (
        <GridCard key={g.id} grid={g} onChanged={() => void refetch()} />
      ))}
    </>
  );
}

export function GridsPage() {
  usePageTitle('Grilles d’évaluation');
  return (
    <div className="fr-container fr-container--fluid fr-px-4w fr-my-2w">
      <Breadcrumb currentPageLabel="Grilles d’évaluation" homeLinkProps={{ to: '/' }} segments={[]} />
      <h1>Grilles d’évaluation</h1>
      <p>Les grilles d’aide à l’instruction de votre ARS, par campagne et par version. Une grille publiée est immuable : créez une nouvelle version pour la modifier.</p>
      <RequireRole roles={['INSTRUCTEUR']}>
        <Grids />
      </RequireRole>
    </div>
  );
}
