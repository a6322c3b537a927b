import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Notice } from '@codegouvfr/react-dsfr/Notice';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Table } from '@codegouvfr/react-dsfr/Table';
import {
  FUNDING_SIMULATION_QUERY,
  gatewayErrorInfo,
  type EssmsSituation,
  type FundingSimulation,
} from '@esms/graphql-client';
import { formatEuros, formatPercent } from '@esms/ui';

/** FINESS: 9 characters, the first two the département (2A/2B in Corse). */
const FINESS_PATTERN = /^(?:\d{2}|2[AB])\d{7}$/;

export interface ParsedFinessList {
  finess: string[];
  invalid: string[];
}

/** One FINESS per line (commas, semicolons and spaces accepted too); duplicates counted once. */
export function parseFinessList(text: string): ParsedFinessList {
  const entries = text
    .split(/[\s,;]+/)
    .map((entry) => entry.trim().toUpperCase())
    .filter(Boolean);
  const unique = [...new Set(entries)];
  return {
    finess: unique.filter((entry) => FINESS_PATTERN.test(entry)),
    invalid: unique.filter((entry) => !FINESS_PATTERN.test(entry)),
  };
}

function deskText(result: FundingSimulation): string {
  if (result.desk === 'NATIONAL') return 'Guichet national (CNSA)';
  return result.multiregional
    ? 'Guichet régional, auprès de l’ARS pivot, sur le calendrier multirégional'
    : 'Guichet régional (l’ARS de vos établissements)';
}

function errorText(error: unknown): string {
  const { code, message } = gatewayErrorInfo(error);
  if (code === 'BAD_USER_INPUT' && message) return message;
  if (code === 'BAD_USER_INPUT') return 'Les informations saisies ne permettent pas de calculer le financement. Vérifiez les numéros FINESS.';
  return 'Le simulateur est momentanément indisponible. Réessayez dans quelques instants.';
}

export function FundingResult({ result }: { result: FundingSimulation }) {
  const lines = [...result.lines].sort((a, b) => a.rank - b.rank);
  return (
    <>
      <p className="fr-mb-2w">
        <strong>
          {result.essmsCount} établissement{result.essmsCount > 1 ? 's' : ''}
        </strong>{' '}
        dans <strong>{result.regionCount} région{result.regionCount > 1 ? 's' : ''}</strong> — dépôt au{' '}
        <strong>{deskText(result)}</strong>
        {result.multiregional && (
          <Badge as="span" severity="info" small className="fr-ml-1w">
            Multirégional
          </Badge>
        )}
      </p>
      <Table
        caption="Montants du projet"
        bordered
        headers={['Poste', 'Montant']}
        data={[
          ['Usages', formatEuros(result.usages)],
          ['Équipement logiciel', formatEuros(result.software)],
          ['Matériel et infrastructure', formatEuros(result.hardware)],
          ['Assistance à maîtrise d’ouvrage (AMOA)', formatEuros(result.amoa)],
          [<strong key="total">Total du forfait</strong>, <strong key="total-amount">{formatEuros(result.total)}</strong>],
          ['Avance (50 % à la signature de la convention)', formatEuros(result.advance)],
          ['Solde (à la fin du projet, selon l’atteinte des cibles d’usage)', formatEuros(result.balance)],
        ]}
      />
      <Table
        caption="Détail par établissement"
        bordered
        headers={['Rang', 'FINESS', 'Usages', 'Équipement logiciel', 'Matériel', 'Prorata']}
        data={lines.map((line) => [
          line.rank,
          line.finess,
          formatEuros(line.usages),
          formatEuros(line.software),
          formatEuros(line.hardware),
          formatPercent(line.prorata),
        ])}
      />
      {result.notices.length > 0 && (
        <div className="fr-mb-3w">
          <h3 className="fr-h6">À savoir</h3>
          <ul>
            {result.notices.map((notice) => (
              <li key={notice}>{notice}</li>
            ))}
          </ul>
        </div>
      )}
      <Notice title="Simulation indicative et non opposable : le montant définitif est arrêté par l’ARS lors de l’instruction." />
    </>
  );
}

export interface FundingSimulatorProps {
  /** h1 on its own page, h2 inside the home page. */
  titleAs?: 'h1' | 'h2';
}

/** Public funding simulator (no login): FINESS list + situation → the forfait the project would get. */
export function FundingSimulator({ titleAs: Title = 'h2' }: FundingSimulatorProps) {
  const client = useApolloClient();
  const [finessText, setFinessText] = useState('');
  const [situation, setSituation] = useState<EssmsSituation>('ACQUISITION');
  const [amoa, setAmoa] = useState(false);
  const [inputError, setInputError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [result, setResult] = useState<FundingSimulation | null>(null);
  const [loading, setLoading] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  const failureRef = useRef<HTMLDivElement>(null);
  const headingId = useId();

  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);
  useEffect(() => {
    if (failure) failureRef.current?.focus();
  }, [failure]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const { finess, invalid } = parseFinessList(finessText);
    if (invalid.length > 0) {
      setInputError(
        `${invalid.length > 1 ? 'Ces numéros ne sont pas des FINESS valides' : 'Ce numéro n’est pas un FINESS valide'} : ${invalid.join(', ')}. Un numéro FINESS compte 9 caractères, par exemple 750000001.`,
      );
      return;
    }
    if (finess.length === 0) {
      setInputError('Saisissez au moins un numéro FINESS géographique.');
      return;
    }
    setInputError(null);
    setFailure(null);
    setLoading(true);
    try {
      const response = await client.query({
        query: FUNDING_SIMULATION_QUERY,
        variables: { input: { essms: finess.map((entry) => ({ finess: entry, situation })), amoa } },
        fetchPolicy: 'no-cache',
      });
      if (response.error || !response.data) throw response.error ?? new Error('Réponse vide');
      setResult(response.data.fundingSimulation);
    } catch (error) {
      setResult(null);
      setFailure(errorText(error));
    } finally {
      setLoading(false);
    }
  }

  return (
    <section aria-labelledby={headingId}>
      <Title id={headingId} className={Title === 'h2' ? 'fr-h3' : undefined}>
        Simuler le financement de votre projet
      </Title>
      <p>
        Sans créer de compte, estimez le forfait que votre grappe d’établissements peut recevoir, selon les règles de
        l’appel à projets en vigueur.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <Input
          textArea
          label="Numéros FINESS géographiques de vos établissements"
          hintText="Un numéro par ligne, 9 caractères chacun, par exemple : 750000001"
          state={inputError ? 'error' : 'default'}
          stateRelatedMessage={inputError ?? undefined}
          nativeTextAreaProps={{
            name: 'finess',
            rows: 5,
            value: finessText,
            spellCheck: false,
            onChange: (event) => setFinessText(event.target.value),
          }}
        />
        <RadioButtons
          legend="Situation de vos établissements"
          name="situation"
          options={[
            {
              label: 'Acquisition',
              hintText: 'Pas encore de dossier usager informatisé, ou changement de logiciel',
              nativeInputProps: {
                value: 'ACQUISITION',
                checked: situation === 'ACQUISITION',
                onChange: () => setSituation('ACQUISITION'),
              },
            },
            {
              label: 'Mise à niveau',
              hintText: 'Passage du logiciel actuel à sa version référencée Ségur',
              nativeInputProps: {
                value: 'UPGRADE',
                checked: situation === 'UPGRADE',
                onChange: () => setSituation('UPGRADE'),
              },
            },
          ]}
        />
        <Checkbox
          options={[
            {
              label: 'Demander le forfait d’assistance à maîtrise d’ouvrage (AMOA)',
              hintText: 'Réservé aux regroupements de petits organismes gestionnaires',
              nativeInputProps: { name: 'amoa', checked: amoa, onChange: (event) => setAmoa(event.target.checked) },
            },
          ]}
        />
        <Button type="submit" disabled={loading} iconId="fr-icon-calculator-line">
          {loading ? 'Calcul en cours…' : 'Calculer le financement'}
        </Button>
      </form>
      <div aria-live="polite" className="fr-mt-4w">
        {failure && (
          <div ref={failureRef} tabIndex={-1}>
            <Alert severity="error" title="Simulation impossible" description={failure} />
          </div>
        )}
        {result && !failure && (
          <>
            <h3 ref={resultRef} tabIndex={-1} className="fr-h4">
              Résultat de la simulation
            </h3>
            <FundingResult result={result} />
          </>
        )}
      </div>
    </section>
  );
}
