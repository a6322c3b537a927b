import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useMutation } from '@apollo/client/react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { UPDATE_GRAPPE_MEMBER_MUTATION, type DuiSolution, type EssmsSituation, type GrappeMember, type GrappeMemberUpdateInput } from '@esms/graphql-client';
import { useEditor } from './editor-context';
import { SolutionSelect, hasHomeHelp } from './grappe-step';

function toNumber(value: string): number | null {
  const normalized = value.replace(/\s/g, '').replace(',', '.');
  if (!normalized) return null;
  const n = Number(normalized);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** The details of one ESSMS: situation, current DUI, chosen solution, SAAD hours (annex 1), hardware quote, national entity. */
export function MemberEditor({ member, solutions, onClose }: { member: GrappeMember; solutions: DuiSolution[]; onClose: () => void }) {
  const { candidature, save } = useEditor();
  const [update, { loading }] = useMutation(UPDATE_GRAPPE_MEMBER_MUTATION);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const [situation, setSituation] = useState<EssmsSituation>(member.situation);
  const [currentDui, setCurrentDui] = useState(member.currentDui ?? '');
  const [solution, setSolution] = useState(member.solutionInReferencing ? 'IN_REFERENCING' : (member.chosenSolutionId ?? ''));
  const homeHelp = hasHomeHelp(member);
  const [isSaad, setIsSaad] = useState(Boolean(member.saad) || homeHelp);
  const [hours, setHours] = useState({
    totalHours: member.saad ? String(member.saad.totalHours) : '',
    apaHours: member.saad ? String(member.saad.apaHours) : '',
    pchHours: member.saad ? String(member.saad.pchHours) : '',
    otherHours: member.saad ? String(member.saad.otherHours) : '',
    otherFunder: member.saad?.otherFunder ?? '',
    confortHours: member.saad ? String(member.saad.confortHours) : '',
  });
  const small = Boolean(member.establishment.organisme?.isSmall);
  const [hardwareQuote, setHardwareQuote] = useState(member.hardwareQuote != null ? String(member.hardwareQuote) : '');
  const [attached, setAttached] = useState(Boolean(member.nationalEntity));
  const [entity, setEntity] = useState(member.nationalEntity ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Record<string, string> = {};
    const input: GrappeMemberUpdateInput = {
      situation,
      currentDui: currentDui.trim() || null,
      chosenSolutionId: solution && solution !== 'IN_REFERENCING' ? solution : null,
      solutionInReferencing: solution === 'IN_REFERENCING',
    };
    if (isSaad) {
      const values = {
        totalHours: toNumber(hours.totalHours),
        apaHours: toNumber(hours.apaHours) ?? 0,
        pchHours: toNumber(hours.pchHours) ?? 0,
        otherHours: toNumber(hours.otherHours) ?? 0,
        confortHours: toNumber(hours.confortHours) ?? 0,
      };
      for (const [key, value] of Object.entries(values)) {
        if (value !== null && (Number.isNaN(value) || value < 0)) next[key] = 'Saisissez un nombre d’heures positif, par exemple 1200.';
      }
      if (values.totalHours === null) next['totalHours'] = 'Saisissez le total des heures réalisées en N-1.';
      if (values.otherHours && values.otherHours > 0 && !hours.otherFunder.trim()) next['otherFunder'] = 'Nommez l’autre financeur de ces heures.';
      input.saad = { ...values, totalHours: values.totalHours ?? 0, otherFunder: hours.otherFunder.trim() || null };
    } else {
      input.saad = null;
    }
    if (small) {
      const quote = toNumber(hardwareQuote);
      if (quote !== null && (Number.isNaN(quote) || quote < 0 || !Number.isInteger(quote))) next['hardwareQuote'] = 'Saisissez un montant en euros entiers, par exemple 12000.';
      else input.hardwareQuote = quote;
    }
    if (attached && !entity.trim()) next['entity'] = 'Nommez l’entité nationale de rattachement.';
    input.nationalEntity = attached && entity.trim() ? { name: entity.trim() } : null;
    setErrors(next);
    setSaved(false);
    if (Object.keys(next).length > 0) return;
    const message = await save((expectedVersion) => update({ variables: { id: candidature.id, finess: member.finess, expectedVersion, input } }));
    setFailure(message);
    setSaved(!message);
  }

  const hourInput = (key: keyof typeof hours, label: string, hint?: string) => (
    <Input
      label={label}
      hintText={hint}
      state={errors[key] ? 'error' : 'default'}
      stateRelatedMessage={errors[key]}
      nativeInputProps={{ name: key, inputMode: key === 'otherFunder' ? 'text' : 'decimal', value: hours[key], onChange: (e) => setHours({ ...hours, [key]: e.target.value }) }}
    />
  );

  return (
    <div id="fiche-essms" className="fr-p-3w fr-mt-3w" style={{ border: '2px solid var(--border-action-high-blue-france)' }}>
      <h3 ref={headingRef} tabIndex={-1} className="fr-h5">
        Fiche de {member.establishment.name} ({member.finess})
      </h3>
      <form onSubmit={onSubmit} noValidate>
        <RadioButtons
          legend="Situation de l’ESSMS"
          name={`situation-${member.finess}`}
          orientation="horizontal"
          options={[
            { label: 'Acquisition', hintText: 'Pas de DUI, ou changement de logiciel', nativeInputProps: { value: 'ACQUISITION', checked: situation === 'ACQUISITION', onChange: () => setSituation('ACQUISITION') } },
            { label: 'Mise à niveau', hintText: 'Montée vers la version référencée Ségur', nativeInputProps: { value: 'UPGRADE', checked: situation === 'UPGRADE', onChange: () => setSituation('UPGRADE') } },
          ]}
        />
        <Input
          label="DUI actuel (facultatif)"
          hintText="Éditeur et logiciel utilisés aujourd’hui ; laissez vide s’il n’y en a pas."
          nativeInputProps={{ name: 'currentDui', value: currentDui, onChange: (e) => setCurrentDui(e.target.value) }}
        />
        <SolutionSelect solutions={solutions} value={solution} onChange={setSolution} label="Solution DUI choisie" />

        <fieldset className="fr-fieldset fr-mt-3w">
          <legend className="fr-fieldset__legend">Aide à domicile (SAAD)</legend>
          <div className="fr-fieldset__element">
            <Checkbox
              options={[
                {
                  label: 'Cet ESSMS a une activité d’aide à domicile (SAAD)',
                  hintText: homeHelp ? 'Sa catégorie FiNESS indique une activité d’aide à domicile.' : undefined,
                  nativeInputProps: { name: 'isSaad', checked: isSaad, onChange: (e) => setIsSaad(e.target.checked) },
                },
              ]}
            />
          </div>
          {isSaad && (
            <div className="fr-fieldset__element">
              <p className="fr-text--sm">
                Déclaration des heures de l’année N-1 (modèle de l’annexe 1) : le financement de ce SAAD est calculé au prorata des heures
                médico-sociales (APA, PCH, autre financeur) sur le total. Joignez la déclaration signée en pièce P11.
              </p>
              <div className="fr-grid-row fr-grid-row--gutters">
                <div className="fr-col-12 fr-col-md-6">{hourInput('totalHours', 'Total des heures réalisées')}</div>
                <div className="fr-col-12 fr-col-md-6">{hourInput('apaHours', 'Heures APA (personnes âgées)')}</div>
                <div className="fr-col-12 fr-col-md-6">{hourInput('pchHours', 'Heures PCH (personnes handicapées)')}</div>
                <div className="fr-col-12 fr-col-md-6">{hourInput('confortHours', 'Heures de confort', 'Non financées par le CD ni les caisses')}</div>
                <div className="fr-col-12 fr-col-md-6">{hourInput('otherHours', 'Heures d’un autre financeur médico-social')}</div>
                <div className="fr-col-12 fr-col-md-6">{hourInput('otherFunder', 'Nom de cet autre financeur', 'Par exemple : caisse de retraite')}</div>
              </div>
              {member.saad && (
                <p className="fr-text--sm">
                  Heures médico-sociales enregistrées : <strong>{member.saad.medicoSocialHours.toLocaleString('fr-FR')}</strong> sur{' '}
                  {member.saad.totalHours.toLocaleString('fr-FR')}.
                </p>
              )}
            </div>
          )}
        </fieldset>

        {small && (
          <Input
            label="Devis matériel et infrastructure (en euros)"
            hintText="Petit organisme gestionnaire : jusqu’à 20 000 € par ESSMS, dans la limite du devis. Joignez le plan d’implantation (P15)."
            state={errors['hardwareQuote'] ? 'error' : 'default'}
            stateRelatedMessage={errors['hardwareQuote']}
            nativeInputProps={{ name: 'hardwareQuote', inputMode: 'numeric', value: hardwareQuote, onChange: (e) => setHardwareQuote(e.target.value) }}
          />
        )}

        <Checkbox
          options={[
            {
              label: 'Cet ESSMS est rattaché à une entité nationale',
              hintText: 'Par exemple une fédération ou une association nationale : son accord écrit est demandé (pièce P13).',
              nativeInputProps: { name: 'attached', checked: attached, onChange: (e) => setAttached(e.target.checked) },
            },
          ]}
        />
        {attached && (
          <Input
            label="Nom de l’entité nationale"
            state={errors['entity'] ? 'error' : 'default'}
            stateRelatedMessage={errors['entity']}
            nativeInputProps={{ name: 'nationalEntity', value: entity, onChange: (e) => setEntity(e.target.value) }}
          />
        )}
        <div aria-live="polite">
          {failure && <p className="fr-error-text">{failure}</p>}
          {saved && <p className="fr-valid-text">Fiche enregistrée.</p>}
        </div>
        <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
          <li>
            <Button type="submit" disabled={loading}>
              Enregistrer la fiche
            </Button>
          </li>
          <li>
            <Button type="button" priority="secondary" onClick={onClose}>
              Fermer
            </Button>
          </li>
        </ul>
      </form>
    </div>
  );
}
