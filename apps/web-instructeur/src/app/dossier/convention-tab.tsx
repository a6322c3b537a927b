import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { CANDIDATURE_DECISIONS_QUERY, gatewayErrorInfo, type InstructionCandidature } from '@esms/graphql-client';
import { formatDateTime, formatEuros } from '@esms/ui';

const LABELS = { RETAINED: 'Retenu', NOT_RETAINED: 'Non retenu', POSTPONED: 'Ajourné' } as const;

/** The committee decisions and, for a retained file, the convention's amounts (50 % advance at signature). */
export function ConventionTab({ file }: { file: InstructionCandidature }) {
  const { data, error } = useQuery(CANDIDATURE_DECISIONS_QUERY, { variables: { id: file.id } });
  if (error) return <Alert severity="warning" small description={`Décisions indisponibles : ${gatewayErrorInfo(error).message ?? 'réessayez plus tard'}.`} />;
  const decisions = data?.candidature.committeeDecisions ?? [];
  const retained = decisions.find((d) => d.decision === 'RETAINED');
  const granted = retained?.amountGranted ?? file.funding?.total ?? 0;
  return (
    <>
      <h2 className="fr-h4">Décisions du comité</h2>
      {decisions.length === 0 && <p>Aucune décision de comité enregistrée.</p>}
      <ul>
        {decisions.map((d) => (
          <li key={d.id}>
            {LABELS[d.decision]} le {formatDateTime(d.decidedAt)} — {d.motive}{' '}
            <a className="fr-link fr-link--sm" href={d.letterUrl} download>
              Courrier de décision (PDF)
            </a>
          </li>
        ))}
      </ul>
      <h2 className="fr-h4 fr-mt-4w">Convention</h2>
      <p>
        Subvention accordée : <strong>{formatEuros(granted)}</strong>. Avance de 50 % à la signature de la convention : {formatEuros(Math.round(granted / 2))} ; solde à la fin
        du projet, sous réserve de l’atteinte des cibles d’usage et du justificatif des dépenses.
      </p>
    </>
  );
}
