import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { ToggleSwitch } from '@codegouvfr/react-dsfr/ToggleSwitch';
import { FUNDING_RULES_2024 } from '@esms/domain';
import {
  UPDATE_CANDIDATURE_DOSSIER_MUTATION,
  type CandidatureDossierInput,
  type EuFund,
  type PlanStep,
  type ProjectField,
} from '@esms/graphql-client';
import { formatEuros } from '@esms/ui';
import { useEditor, useSaveError } from './editor-context';
import { DataTable } from '../shared/data-table';

const FIELD_LABELS: Record<ProjectField, string> = {
  PA: 'Personnes âgées (PA)',
  PH: 'Personnes en situation de handicap (PH)',
  DOMICILE: 'Domicile',
  AHI: 'Accueil, hébergement, insertion (AHI)',
  PJM: 'Protection juridique des majeurs (PJM)',
  PROTECTION_ENFANCE: 'Protection de l’enfance',
  ADDICTOLOGIE: 'Addictologie',
  AUTRE: 'Autre',
};

const EU_LABELS: Record<EuFund, string> = { FEDER: 'FEDER', FSE: 'FSE', AUTRE: 'Autre fonds européen' };

function useDossierSave() {
  const { candidature, save } = useEditor();
  const [mutate] = useMutation(UPDATE_CANDIDATURE_DOSSIER_MUTATION);
  return (input: CandidatureDossierInput) => save((expectedVersion) => mutate({ variables: { id: candidature.id, expectedVersion, input } }));
}

function FieldError({ message }: { message: string | null }) {
  return message ? <p className="fr-error-text">{message}</p> : null;
}

function ProjectSection() {
  const { candidature, frozen } = useEditor();
  const dossier = candidature.dossier;
  const saveDossier = useDossierSave();
  const [governance, setGovernance] = useState(dossier.governance ?? '');
  const [error, setError] = useSaveError();
  const disabled = frozen || !dossier.editable;

  return (
    <section aria-labelledby="q-projet" className="fr-mb-5w">
      <h2 id="q-projet" className="fr-h4">
        Le projet
      </h2>
      <p>
        Type de projet : <strong data-testid="project-type">{dossier.projectTypeLabel ?? 'déterminé par la situation des ESSMS de la grappe'}</strong>
      </p>
      <Checkbox
        legend="Champs couverts par le projet"
        hintText="Cochez chaque public accompagné par les ESSMS de la grappe."
        orientation="horizontal"
        disabled={disabled}
        options={(Object.keys(FIELD_LABELS) as ProjectField[]).map((field) => ({
          label: FIELD_LABELS[field],
          nativeInputProps: {
            name: 'fields',
            value: field,
            checked: dossier.fields.includes(field),
            onChange: async (e) => {
              const fields = e.target.checked ? [...dossier.fields, field] : dossier.fields.filter((f) => f !== field);
              setError(await saveDossier({ fields }));
            },
          },
        }))}
      />
      <Input
        label="Gouvernance du projet"
        hintText="Qui décide, qui pilote : comité de pilotage, chef de projet, référents métier, rythme des réunions. Enregistré quand vous quittez le champ."
        textArea
        disabled={disabled}
        nativeTextAreaProps={{
          name: 'governance',
          rows: 4,
          value: governance,
          onChange: (e) => setGovernance(e.target.value),
          onBlur: async () => {
            if ((dossier.governance ?? '') !== governance) setError(await saveDossier({ governance: governance.trim() || null }));
          },
        }}
      />
      <RadioButtons
        legend="Régime de TVA"
        hintText="Les montants sont présentés hors taxes si vous récupérez la TVA, toutes taxes comprises sinon."
        name="vatRegime"
        orientation="horizontal"
        disabled={disabled}
        options={[
          { label: 'Hors taxes (HT)', nativeInputProps: { value: 'HT', checked: dossier.vatRegime === 'HT', onChange: async () => setError(await saveDossier({ vatRegime: 'HT' })) } },
          { label: 'Toutes taxes comprises (TTC)', nativeInputProps: { value: 'TTC', checked: dossier.vatRegime === 'TTC', onChange: async () => setError(await saveDossier({ vatRegime: 'TTC' })) } },
        ]}
      />
      <RadioButtons
        legend="L’opération bénéficie-t-elle d’autres fonds européens (FEDER, FSE…) ? (règle E02)"
        name="euFunds"
        orientation="horizontal"
        disabled={disabled}
        options={[
          { label: 'Non', nativeInputProps: { value: 'none', checked: dossier.otherEuFunds !== null && dossier.otherEuFunds.length === 0, onChange: async () => setError(await saveDossier({ otherEuFunds: [] })) } },
          { label: 'Oui', nativeInputProps: { value: 'some', checked: Boolean(dossier.otherEuFunds?.length), onChange: async () => setError(await saveDossier({ otherEuFunds: ['FEDER'] })) } },
        ]}
      />
      {Boolean(dossier.otherEuFunds?.length) && (
        <Checkbox
          legend="Lesquels ?"
          orientation="horizontal"
          disabled={disabled}
          options={(Object.keys(EU_LABELS) as EuFund[]).map((fund) => ({
            label: EU_LABELS[fund],
            nativeInputProps: {
              checked: dossier.otherEuFunds?.includes(fund) ?? false,
              onChange: async (e) => {
                const current = dossier.otherEuFunds ?? [];
                const next = e.target.checked ? [...current, fund] : current.filter((f) => f !== fund);
                setError(await saveDossier({ otherEuFunds: next.length ? next : ['AUTRE'] }));
              },
            },
          }))}
        />
      )}
      <Checkbox
        disabled={disabled}
        options={[
          {
            label: 'Le porteur est un groupement hospitalier de territoire (GHT)',
            nativeInputProps: { checked: dossier.porteurIsGht, onChange: async (e) => setError(await saveDossier({ porteurIsGht: e.target.checked })) },
          },
          {
            label: 'Le DUI de l’organisme gestionnaire est réutilisé pour des structures PDE/PDS',
            hintText: 'L’étude de couverture des besoins (P14) devient obligatoire.',
            nativeInputProps: { checked: dossier.ogDuiReusedForPdePds, onChange: async (e) => setError(await saveDossier({ ogDuiReusedForPdePds: e.target.checked })) },
          },
        ]}
      />
      {dossier.porteurIsGht && (
        <Checkbox
          legend="Conditions du porteur GHT (solution du couloir hospitalier, règle E08)"
          disabled={disabled}
          options={(
            [
              ['publicProcurementContract', 'Un contrat de la commande publique ouvert aux ESSMS couvre le DPI'],
              ['dpiCoverageStudy', 'L’étude de couverture des besoins du DUI par le DPI est jointe (P14)'],
              ['noEuOrHopenFunding', 'Aucun financement européen ni HOP’EN pour ces ESSMS'],
            ] as const
          ).map(([key, label]) => ({
            label,
            nativeInputProps: {
              checked: dossier.ght?.[key] ?? false,
              onChange: async (e) => {
                const ght = { publicProcurementContract: false, dpiCoverageStudy: false, noEuOrHopenFunding: false, ...(dossier.ght ?? {}), [key]: e.target.checked };
                delete (ght as { __typename?: string }).__typename;
                setError(await saveDossier({ ght }));
              },
            },
          }))}
        />
      )}
      <NationalEntity disabled={disabled} onError={setError} />
      <FieldError message={error} />
    </section>
  );
}

function NationalEntity({ disabled, onError }: { disabled: boolean; onError: (m: string | null) => void }) {
  const { candidature } = useEditor();
  const saveDossier = useDossierSave();
  const [value, setValue] = useState(candidature.dossier.porteurNationalEntity ?? '');
  return (
    <Input
      label="Entité nationale de rattachement du porteur (facultatif)"
      hintText="Si votre organisme est rattaché à une entité nationale, son accord écrit est demandé (pièce P13)."
      disabled={disabled}
      nativeInputProps={{
        name: 'porteurNationalEntity',
        value,
        onChange: (e) => setValue(e.target.value),
        onBlur: async () => {
          if ((candidature.dossier.porteurNationalEntity ?? '') !== value) onError(await saveDossier({ porteurNationalEntity: value.trim() || null }));
        },
      }}
    />
  );
}

const MONTHS = Array.from({ length: 24 }, (_, i) => i);

function PlanSection() {
  const { candidature, frozen } = useEditor();
  const saveDossier = useDossierSave();
  const disabled = frozen || !candidature.dossier.editable;
  const [steps, setSteps] = useState<Omit<PlanStep, '__typename'>[]>(
    candidature.dossier.projectPlan.map(({ monthOffset, durationMonths, label }) => ({ monthOffset, durationMonths, label })),
  );
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSave() {
    const cleaned = steps.filter((s) => s.label.trim());
    const text = await saveDossier({ projectPlan: cleaned.map((s) => ({ ...s, label: s.label.trim() })) });
    setMessage(text ? { ok: false, text } : { ok: true, text: 'Planning enregistré.' });
  }

  return (
    <section aria-labelledby="q-planning" className="fr-mb-5w">
      <h2 id="q-planning" className="fr-h4">
        Planning du projet sur 2 ans
      </h2>
      <p className="fr-text--sm">Les grandes étapes, du cadrage à la généralisation des usages (mois 1 = démarrage du projet).</p>
      {steps.map((step, index) => (
        <fieldset key={index} className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-text--regular">Étape {index + 1}</legend>
          <div className="fr-fieldset__element fr-fieldset__element--inline">
            <Select
              label="Début"
              disabled={disabled}
              nativeSelectProps={{ value: step.monthOffset, onChange: (e) => setSteps(steps.map((s, i) => (i === index ? { ...s, monthOffset: Number(e.target.value) } : s))) }}
            >
              {MONTHS.map((m) => (
                <option key={m} value={m}>
                  Mois {m + 1}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-fieldset__element fr-fieldset__element--inline">
            <Input
              label="Durée (mois)"
              disabled={disabled}
              nativeInputProps={{ type: 'number', min: 1, max: 24, value: step.durationMonths, onChange: (e) => setSteps(steps.map((s, i) => (i === index ? { ...s, durationMonths: Math.max(1, Number(e.target.value) || 1) } : s))) }}
            />
          </div>
          <div className="fr-fieldset__element">
            <Input
              label="Intitulé de l’étape"
              disabled={disabled}
              nativeInputProps={{ value: step.label, onChange: (e) => setSteps(steps.map((s, i) => (i === index ? { ...s, label: e.target.value } : s))) }}
            />
          </div>
          {!disabled && (
            <div className="fr-fieldset__element">
              <Button type="button" size="small" priority="tertiary" iconId="fr-icon-delete-line" onClick={() => setSteps(steps.filter((_, i) => i !== index))}>
                Supprimer l’étape {index + 1}
              </Button>
            </div>
          )}
        </fieldset>
      ))}
      {!disabled && (
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Button type="button" priority="secondary" iconId="fr-icon-add-line" onClick={() => setSteps([...steps, { monthOffset: steps.length ? Math.min(23, steps[steps.length - 1].monthOffset + steps[steps.length - 1].durationMonths) : 0, durationMonths: 3, label: '' }])}>
              Ajouter une étape
            </Button>
          </li>
          <li>
            <Button type="button" onClick={() => void onSave()}>
              Enregistrer le planning
            </Button>
          </li>
        </ul>
      )}
      <div aria-live="polite">{message && <p className={message.ok ? 'fr-valid-text' : 'fr-error-text'}>{message.text}</p>}</div>
    </section>
  );
}

function DiagnosticsSection() {
  const { candidature, frozen } = useEditor();
  const saveDossier = useDossierSave();
  const [error, setError] = useSaveError();
  const disabled = frozen || !candidature.dossier.editable;
  const names = new Map(candidature.members.map((m) => [m.finess, m.establishment.name]));
  const diagnostics = candidature.dossier.selfDiagnostics;
  const columns = [
    ['anapMaturitySecurity', 'Maturité et sécurité du SI (ANAP)'],
    ['siManagementLevel', 'Niveau de gestion du SI (ANAP)'],
    ['cyberMeasures', '13 mesures de cybersécurité'],
  ] as const;

  return (
    <section aria-labelledby="q-diag" className="fr-mb-5w">
      <h2 id="q-diag" className="fr-h4">
        Autodiagnostics par ESSMS
      </h2>
      <p className="fr-text--sm">Fortement recommandés, jamais bloquants (règle E10) : cochez ceux que chaque ESSMS a réalisés, et joignez leurs résultats en pièce P12.</p>
      {diagnostics.length === 0 ? (
        <p>Ajoutez d’abord les ESSMS de la grappe.</p>
      ) : (
        <DataTable label="Autodiagnostics par ESSMS">
            <table>
              <caption>Autodiagnostics réalisés par ESSMS</caption>
              <thead>
                <tr>
                  <th scope="col">ESSMS</th>
                  {columns.map(([key, label]) => (
                    <th key={key} scope="col">
                      {label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {diagnostics.map((d) => (
                  <tr key={d.finess}>
                    <th scope="row" className="fr-text--sm">
                      {names.get(d.finess) ?? d.finess}
                    </th>
                    {columns.map(([key, label]) => (
                      <td key={key}>
                        <div className="fr-checkbox-group fr-checkbox-group--sm">
                          <input
                            type="checkbox"
                            id={`diag-${d.finess}-${key}`}
                            checked={d[key]}
                            disabled={disabled}
                            onChange={async (e) =>
                              setError(
                                await saveDossier({
                                  selfDiagnostics: [{ finess: d.finess, anapMaturitySecurity: d.anapMaturitySecurity, siManagementLevel: d.siManagementLevel, cyberMeasures: d.cyberMeasures, [key]: e.target.checked }],
                                }),
                              )
                            }
                          />
                          <label className="fr-label" htmlFor={`diag-${d.finess}-${key}`}>
                            <span className="fr-sr-only">
                              {label} — {names.get(d.finess) ?? d.finess}
                            </span>
                            <span aria-hidden="true">Réalisé</span>
                          </label>
                        </div>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
        </DataTable>
      )}
      <FieldError message={error} />
    </section>
  );
}

function ChecklistSection() {
  const { candidature, frozen } = useEditor();
  const saveDossier = useDossierSave();
  const [error, setError] = useSaveError();
  const disabled = frozen || !candidature.dossier.editable;
  const sections = [...new Set(candidature.dossier.checklist.map((i) => i.section))];
  const done = candidature.dossier.checklist.filter((i) => i.done).length;
  return (
    <section aria-labelledby="q-guide" className="fr-mb-5w">
      <h2 id="q-guide" className="fr-h4">
        Guide pas à pas du porteur
      </h2>
      <p className="fr-text--sm">
        Les étapes conseillées par le guide « Comment s’y prendre ? » : cochez-les au fur et à mesure ({done} sur {candidature.dossier.checklist.length}). Ce guide
        n’est pas exigé pour déposer.
      </p>
      {sections.map((section) => (
        <Checkbox
          key={section}
          legend={section}
          disabled={disabled}
          options={candidature.dossier.checklist
            .filter((i) => i.section === section)
            .map((item) => ({
              label: `${item.code} — ${item.label}`,
              hintText: item.documents ? `Ressource : ${item.documents}` : undefined,
              nativeInputProps: { name: `guide-${item.code}`, checked: item.done, onChange: async (e) => setError(await saveDossier({ checklist: [{ code: item.code, done: e.target.checked }] })) },
            }))}
        />
      ))}
      <FieldError message={error} />
    </section>
  );
}

/**
 * The AMOA forfait (003 §4.4.2 3): asked here, granted by the server's `computeFunding` only to regroupements made of
 * small organismes (amounts and thresholds shown from the domain's rules, never restated).
 */
export function AmoaSection() {
  const { candidature, frozen } = useEditor();
  const saveDossier = useDossierSave();
  const [error, setError] = useSaveError();
  const disabled = frozen || !candidature.dossier.editable;
  const rules = FUNDING_RULES_2024;
  const granted = candidature.funding?.amoa ?? 0;
  const organismes = new Map(candidature.members.flatMap((m) => (m.establishment.organisme ? [[m.establishment.organisme.finessEj, m.establishment.organisme] as const] : [])));
  const notSmall = [...organismes.values()].filter((o) => !o.isSmall);
  return (
    <section aria-labelledby="q-amoa" className="fr-mb-5w">
      <h2 id="q-amoa" className="fr-h4">
        Assistance à maîtrise d’ouvrage (AMOA)
      </h2>
      <p className="fr-text--sm">
        Un forfait de {formatEuros(rules.amoaPerProject)} par projet peut financer une assistance à maîtrise d’ouvrage (un prestataire qui vous aide à
        conduire le projet) ou un chef de projet interne. Il est réservé aux regroupements composés uniquement de petits organismes gestionnaires : moins
        de {rules.smallOrganismeBelow} ESSMS chacun (moins de {rules.smallOrganismeBelowOverseasOrCorse} en outre-mer et en Corse).
      </p>
      {notSmall.length > 0 && (
        <p className="fr-text--sm" data-testid="amoa-not-small">
          Dans votre grappe, {notSmall.length > 1 ? 'ces organismes ne sont pas de petits organismes' : 'cet organisme n’est pas un petit organisme'} :{' '}
          {notSmall.map((o) => `${o.name} (${o.finessEj})`).join(', ')}. Le forfait ne peut donc pas être accordé à ce projet.
        </p>
      )}
      <ToggleSwitch
        label="Demander le forfait AMOA"
        helperText="La demande est vérifiée à l’enregistrement ; le montant apparaît dans le financement estimé."
        checked={candidature.amoaRequested}
        disabled={disabled}
        onChange={async (checked) => setError(await saveDossier({ amoaRequested: checked }))}
        name="amoaRequested"
      />
      <p className="fr-text--sm fr-mt-1w" aria-live="polite" data-testid="amoa-status">
        {candidature.amoaRequested
          ? granted > 0
            ? `Forfait demandé : ${formatEuros(granted)} inclus dans le financement estimé.`
            : 'Forfait demandé, mais non accordé à cette grappe : voir les remarques du financement estimé.'
          : 'Forfait non demandé.'}
      </p>
      {error && (
        <p className="fr-error-text" role="alert" data-testid="amoa-error">
          {error}
        </p>
      )}
    </section>
  );
}

export function QuestionsStep() {
  const { candidature } = useEditor();
  return (
    <>
      <p>Chaque réponse est enregistrée dès que vous la donnez (les textes, quand vous quittez le champ).</p>
      <ProjectSection />
      <AmoaSection />
      <PlanSection />
      <DiagnosticsSection />
      <ChecklistSection />
      <p>
        <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={`/candidatures/${candidature.id}/pieces`}>
          Étape suivante : pièces justificatives
        </Link>
      </p>
    </>
  );
}
