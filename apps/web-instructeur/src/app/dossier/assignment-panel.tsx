import { useState } from 'react';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';
import {
  ASSIGN_INSTRUCTEUR_MUTATION,
  CANDIDATURE_DETAIL_QUERY,
  INSTRUCTION_FOLLOW_UP_QUERY,
  REGION_INSTRUCTEURS_QUERY,
  gatewayErrorInfo,
  type InstructionCandidature,
} from '@esms/graphql-client';
import { useSession } from '@esms/ui';

/**
 * Who instructs the file: its assigned instructeur, and for the pivot ARS the control to assign it to one of the
 * region's instructeurs (annuaire) or to oneself. The server checks both ends (same ARS, assignee of that ARS) and
 * records the change in the history, which is refetched here.
 */
export function AssignmentPanel({ file }: { file: InstructionCandidature }) {
  const { me } = useSession();
  const canAssign = me?.role === 'INSTRUCTEUR' && !file.readOnly;
  const current = useQuery(INSTRUCTION_FOLLOW_UP_QUERY, { variables: { id: file.id } });
  const instructeurs = useQuery(REGION_INSTRUCTEURS_QUERY, { skip: !canAssign });
  const [assign, { loading, error, reset }] = useMutation(ASSIGN_INSTRUCTEUR_MUTATION, {
    refetchQueries: [{ query: CANDIDATURE_DETAIL_QUERY, variables: { id: file.id } }],
    awaitRefetchQueries: true,
  });
  const [chosen, setChosen] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const assigned = current.data?.candidature.assignedInstructeur ?? null;
  const people = instructeurs.data?.regionInstructeurs ?? [];
  const selected = chosen ?? assigned?.accountId ?? '';

  const run = (accountId: string | null) => {
    reset();
    setDone(null);
    // The choice is cleared when sent, not when the refetch ends: a choice made meanwhile must not be reset.
    setChosen(null);
    void assign({ variables: { id: file.id, accountId } })
      .then((result) => {
        const name = result.data?.assignInstructeur.assignedInstructeur?.displayName;
        setDone(name ? `Dossier attribué à ${name}.` : 'Le dossier n’est plus attribué.');
      })
      .catch(() => undefined);
  };

  return (
    <section aria-labelledby="titre-attribution" className="fr-mb-3w fr-p-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
      <h2 id="titre-attribution" className="fr-h6 fr-mb-1w">
        Instructeur attribué
      </h2>
      <p className="fr-mb-1w" data-testid="assigned-instructeur">
        {current.loading && !current.data ? 'Chargement…' : assigned ? (assigned.displayName ?? assigned.accountId) : 'Dossier non attribué'}
      </p>
      {canAssign && (
        <form
          className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom"
          onSubmit={(event) => {
            event.preventDefault();
            run(selected || null);
          }}
        >
          <div className="fr-col-12 fr-col-md-6">
            <div className="fr-select-group fr-mb-0">
              <label className="fr-label" htmlFor="attribuer-a">
                Attribuer à
                <span className="fr-hint-text">Les instructeurs de votre ARS ; le changement est tracé dans l’historique.</span>
              </label>
              <select className="fr-select" id="attribuer-a" value={selected} onChange={(e) => setChosen(e.target.value)} disabled={instructeurs.loading}>
                <option value="">Personne (retirer l’attribution)</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.displayName}
                    {p.id === me?.id ? ' (vous)' : ''}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-col-12 fr-col-md-6">
            <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm fr-mb-0">
              <li>
                <Button type="submit" priority="secondary" disabled={loading || selected === (assigned?.accountId ?? '')}>
                  Attribuer
                </Button>
              </li>
              <li>
                <Button type="button" priority="tertiary" disabled={loading || !me?.id || assigned?.accountId === me?.id} onClick={() => run(me?.id ?? null)}>
                  M’attribuer
                </Button>
              </li>
            </ul>
          </div>
        </form>
      )}
      {instructeurs.error && <Alert severity="warning" small className="fr-mt-1w" description={`Liste des instructeurs indisponible : ${gatewayErrorInfo(instructeurs.error).message ?? 'réessayez plus tard'}.`} />}
      {error && <Alert severity="error" small className="fr-mt-1w" description={gatewayErrorInfo(error).message ?? 'L’attribution n’a pas été enregistrée : réessayez.'} />}
      {done && (
        <p className="fr-text--sm fr-mt-1w fr-mb-0" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
