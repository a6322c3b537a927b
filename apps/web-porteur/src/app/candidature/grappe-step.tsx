import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Link } from 'react-router-dom';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { checkFiness } from '@esms/domain';
import {
  ADD_GRAPPE_MEMBERS_MUTATION,
  DUI_SOLUTIONS_QUERY,
  ESTABLISHMENT_LOOKUP_QUERY,
  IMPORT_GRAPPE_MEMBERS_MUTATION,
  REMOVE_GRAPPE_MEMBERS_MUTATION,
  UPDATE_GRAPPE_MEMBER_MUTATION,
  type DuiSolution,
  type EstablishmentSummary,
  type GrappeImportLine,
  type GrappeMember,
} from '@esms/graphql-client';
import { useEditor, useSaveError } from './editor-context';
import { IMPORT_STATUS_LABELS, parseFinessImport, type ImportReport } from './finess-import';
import { MemberEditor } from './member-editor';
import { DataTable } from '../shared/data-table';

/** FiNESS categories with home-help activity (SAAD, SPASAD): the annex 1 hours declaration applies. */
export const HOME_HELP_CATEGORIES = ['460', '209'];

export function hasHomeHelp(member: Pick<GrappeMember, 'saad' | 'establishment'>): boolean {
  return Boolean(member.saad) || HOME_HELP_CATEGORIES.includes(member.establishment.category);
}

function situationLabel(situation: string) {
  return situation === 'UPGRADE' ? 'Mise à niveau' : 'Acquisition';
}

export function solutionLabel(solution: Pick<DuiSolution, 'editor' | 'product' | 'version'>) {
  return `${solution.editor} — ${solution.product} ${solution.version}`;
}

type Lookup =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'found'; establishment: EstablishmentSummary }
  | { status: 'unknown' }
  | { status: 'failed' };

function AddEssmsForm() {
  const { candidature, save, frozen } = useEditor();
  const client = useApolloClient();
  const [add, { loading: adding }] = useMutation(ADD_GRAPPE_MEMBERS_MUTATION);
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<Lookup>({ status: 'idle' });
  const [added, setAdded] = useState<string | null>(null);
  const present = new Set(candidature.members.map((m) => m.finess));

  async function lookUp(raw: string) {
    const check = checkFiness(raw);
    if (!check.ok) {
      setFieldError(check.reason);
      setLookup({ status: 'idle' });
      return;
    }
    setFieldError(check.warning ?? null);
    setLookup({ status: 'loading' });
    try {
      const result = await client.query({ query: ESTABLISHMENT_LOOKUP_QUERY, variables: { finess: check.finess } });
      const establishment = result.data?.establishment;
      setLookup(establishment ? { status: 'found', establishment } : { status: 'unknown' });
    } catch {
      setLookup({ status: 'failed' });
    }
  }

  function onChange(event: ChangeEvent<HTMLInputElement>) {
    const next = event.target.value;
    setValue(next);
    setAdded(null);
    const trimmed = next.trim();
    if (trimmed.length >= 9) void lookUp(trimmed);
    else {
      setLookup({ status: 'idle' });
      // Refuse at once what can never become a FINESS (letters other than 2A/2B…).
      setFieldError(trimmed && !/^(\d{0,9}|2[ABab]\d{0,7})$/.test(trimmed) ? `« ${trimmed} » : un numéro FINESS ne contient que des chiffres (sauf 2A/2B en Corse).` : null);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const check = checkFiness(value);
    if (!check.ok) {
      setFieldError(check.reason);
      return;
    }
    if (present.has(check.finess)) {
      setFieldError(`L’ESSMS ${check.finess} est déjà dans la grappe.`);
      return;
    }
    if (lookup.status !== 'found') {
      await lookUp(value);
      return;
    }
    // The organisme gestionnaire found in the annuaire goes with the ESSMS (as the list import does): the rules reserved to
    // small organismes (hardware, AMOA) need it.
    const member = { finess: check.finess, situation: 'ACQUISITION' as const, finessEj: lookup.establishment.finessEj || null };
    const message = await save((expectedVersion) => add({ variables: { id: candidature.id, expectedVersion, members: [member] } }));
    if (message) {
      setFieldError(message);
      return;
    }
    setAdded(`${lookup.establishment.name} (${check.finess}) a été ajouté à la grappe.`);
    setValue('');
    setLookup({ status: 'idle' });
  }

  if (frozen) return null;
  return (
    <section aria-labelledby="ajout-essms" className="fr-mb-5w">
      <h2 id="ajout-essms" className="fr-h4">
        Ajouter un ESSMS
      </h2>
      <form onSubmit={onSubmit} noValidate>
        <Input
          label="FINESS géographique de l’ESSMS"
          hintText="9 caractères, par exemple 140000019 (2A/2B en Corse). Le nom, la catégorie et l’adresse s’affichent dès que le numéro est complet."
          state={fieldError ? 'error' : 'default'}
          stateRelatedMessage={fieldError ?? undefined}
          nativeInputProps={{
            name: 'finess',
            value,
            onChange,
            onBlur: () => {
              const check = value.trim() ? checkFiness(value) : null;
              if (check && !check.ok) setFieldError(check.reason);
            },
            autoComplete: 'off',
            spellCheck: false,
            maxLength: 12,
          }}
        />
        <div aria-live="polite" data-testid="establishment-lookup">
          {lookup.status === 'loading' && <p role="status">Recherche dans le répertoire FiNESS…</p>}
          {lookup.status === 'unknown' && (
            <Alert severity="warning" small className="fr-mb-2w" description="Ce numéro est bien formé mais inconnu du répertoire FiNESS : vérifiez-le sur finess.esante.gouv.fr." />
          )}
          {lookup.status === 'failed' && <Alert severity="error" small className="fr-mb-2w" description="La recherche est momentanément indisponible. Réessayez." />}
          {lookup.status === 'found' && (
            <div className="fr-p-2w fr-mb-2w" style={{ border: '1px solid var(--border-default-grey)' }}>
              <p className="fr-mb-1w">
                <strong>{lookup.establishment.name}</strong>{' '}
                {lookup.establishment.closed && (
                  <Badge as="span" small severity="error">
                    Fermé
                  </Badge>
                )}
              </p>
              <p className="fr-text--sm fr-mb-0">
                {lookup.establishment.categoryLabel ?? `Catégorie ${lookup.establishment.category}`} — {lookup.establishment.address.line},{' '}
                {lookup.establishment.address.postalCode} {lookup.establishment.address.city} — département {lookup.establishment.departement}
                {lookup.establishment.organisme && (
                  <>
                    <br />
                    Organisme gestionnaire : {lookup.establishment.organisme.name} ({lookup.establishment.organisme.finessEj})
                  </>
                )}
              </p>
            </div>
          )}
          {added && <p className="fr-valid-text">{added}</p>}
        </div>
        <Button type="submit" iconId="fr-icon-add-line" disabled={adding || lookup.status === 'loading'}>
          Ajouter à la grappe
        </Button>
      </form>
    </section>
  );
}

function ImportForm() {
  const { candidature, save, frozen } = useEditor();
  const [importMembers, { loading }] = useMutation(IMPORT_GRAPPE_MEMBERS_MUTATION);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ImportReport | null>(null);
  const [serverLines, setServerLines] = useState<GrappeImportLine[] | null>(null);
  const [summary, setSummary] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const reportRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (serverLines) reportRef.current?.focus();
  }, [serverLines]);

  function update(next: string) {
    setText(next);
    setServerLines(null);
    setSummary(null);
    setPreview(next.trim() ? parseFinessImport(next, candidature.members.map((m) => m.finess)) : null);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (!/\.(csv|txt)$/i.test(file.name)) {
      setFileError('Choisissez un fichier .csv ou .txt (une ligne par FINESS, ou une colonne « finess »).');
      return;
    }
    if (file.size > 1024 * 1024) {
      setFileError('Le fichier dépasse 1 Mo : une liste de FINESS est bien plus petite ; vérifiez le fichier choisi.');
      return;
    }
    update(await file.text());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!text.trim()) {
      setFailure('Collez une liste de numéros FINESS ou choisissez un fichier CSV.');
      return;
    }
    setFailure(null);
    let result: Awaited<ReturnType<typeof importMembers>> | undefined;
    const message = await save(async (expectedVersion) => {
      result = await importMembers({ variables: { id: candidature.id, expectedVersion, text } });
      return result;
    });
    if (message) {
      setFailure(message);
      return;
    }
    const data = result?.data?.importGrappeMembers;
    if (data) {
      setServerLines(data.lines);
      setSummary(`${data.added} ESSMS ajouté${data.added > 1 ? 's' : ''} sur ${data.lines.length} ligne${data.lines.length > 1 ? 's' : ''} lue${data.lines.length > 1 ? 's' : ''}.`);
      setText('');
      setPreview(null);
    }
  }

  if (frozen) return null;
  const lines = serverLines
    ? serverLines.map((l) => ({ line: l.line, raw: l.input, finess: l.finess, label: l.status, message: l.establishmentName ? `${l.establishmentName} — ${l.message}` : l.message, ok: l.status === 'ADDED' }))
    : (preview?.lines ?? []).map((l) => ({ line: l.line, raw: l.raw, finess: l.finess ?? null, label: IMPORT_STATUS_LABELS[l.status], message: l.message, ok: l.status === 'VALID' }));

  return (
    <section aria-labelledby="import-essms" className="fr-mb-5w">
      <h2 id="import-essms" className="fr-h4">
        Importer une liste de FINESS
      </h2>
      <p className="fr-text--sm">
        Pour une grande grappe : collez les numéros (un par ligne) ou choisissez un fichier CSV avec une colonne « finess ». Chaque
        ligne est vérifiée et vous voyez ce qui est ajouté ou refusé, et pourquoi.
      </p>
      <form onSubmit={onSubmit} noValidate>
        <Input
          label="Liste de FINESS géographiques"
          hintText="Un numéro par ligne"
          textArea
          state={failure ? 'error' : 'default'}
          stateRelatedMessage={failure ?? undefined}
          nativeTextAreaProps={{ name: 'finessList', rows: 6, value: text, onChange: (e) => update(e.target.value), spellCheck: false }}
        />
        <div className={`fr-upload-group fr-mb-3w ${fileError ? 'fr-upload-group--error' : ''}`}>
          <label className="fr-label" htmlFor="finess-csv">
            Ou un fichier CSV
            <span className="fr-hint-text">Fichier .csv ou .txt, 1 Mo au plus.</span>
          </label>
          <input className="fr-upload" type="file" id="finess-csv" name="finessCsv" accept=".csv,.txt,text/csv,text/plain" onChange={onFile} aria-describedby={fileError ? 'finess-csv-error' : undefined} />
          {fileError && (
            <p id="finess-csv-error" className="fr-error-text">
              {fileError}
            </p>
          )}
        </div>
        <Button type="submit" priority="secondary" iconId="fr-icon-upload-line" disabled={loading}>
          {loading ? 'Import en cours…' : preview ? `Importer (${preview.toAdd.length} numéro${preview.toAdd.length > 1 ? 's' : ''} valide${preview.toAdd.length > 1 ? 's' : ''})` : 'Importer'}
        </Button>
      </form>
      <div aria-live="polite">
        {lines.length > 0 && (
          <>
            <h3 ref={reportRef} tabIndex={-1} className="fr-h6 fr-mt-3w">
              {serverLines ? 'Compte rendu de l’import' : 'Vérification avant import'}
            </h3>
            {summary && <p data-testid="import-summary">{summary}</p>}
            <DataTable noCaption label="Compte rendu ligne par ligne">
              <table data-testid="import-report">
                <caption>{serverLines ? 'Compte rendu de l’import, ligne par ligne' : 'Vérification ligne par ligne'}</caption>
                <thead>
                  <tr>
                    <th scope="col">Ligne</th>
                    <th scope="col">Valeur lue</th>
                    <th scope="col">Résultat</th>
                    <th scope="col">Explication</th>
                  </tr>
                </thead>
                <tbody>
                  {lines.map((line) => (
                    <tr key={`${line.line}-${line.raw}`}>
                      <td>{line.line}</td>
                      <td>{line.raw}</td>
                      <td>
                        <Badge small noIcon severity={line.ok ? 'success' : line.label === 'DUPLICATE' || line.label === 'ALREADY_PRESENT' || line.label === 'Doublon' || line.label === 'Déjà présent' ? 'info' : 'error'}>
                          {serverLines ? SERVER_LABELS[line.label] ?? line.label : line.label}
                        </Badge>
                      </td>
                      <td className="fr-text--sm">{line.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </DataTable>
          </>
        )}
      </div>
    </section>
  );
}

const SERVER_LABELS: Record<string, string> = {
  ADDED: 'Ajouté',
  ALREADY_PRESENT: 'Déjà présent',
  MALFORMED: 'Refusé',
  UNKNOWN: 'Inconnu',
  CLOSED: 'Fermé',
  DUPLICATE: 'Doublon',
};

function ProjectSolution({ solutions }: { solutions: DuiSolution[] }) {
  const { candidature, save, frozen } = useEditor();
  const [update] = useMutation(UPDATE_GRAPPE_MEMBER_MUTATION);
  const [choice, setChoice] = useState('');
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (frozen || candidature.members.length === 0) return null;

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice) {
      setError('Choisissez la solution DUI du projet.');
      return;
    }
    setError(null);
    const members = candidature.members;
    for (let i = 0; i < members.length; i++) {
      setProgress(`Application à l’ESSMS ${i + 1} sur ${members.length}…`);
      const input = choice === 'IN_REFERENCING' ? { chosenSolutionId: null, solutionInReferencing: true } : { chosenSolutionId: choice, solutionInReferencing: false };
      const message = await save((expectedVersion) => update({ variables: { id: candidature.id, finess: members[i].finess, expectedVersion, input } }));
      if (message) {
        setError(message);
        setProgress(null);
        return;
      }
    }
    setProgress(`Solution appliquée aux ${members.length} ESSMS.`);
  }

  return (
    <section aria-labelledby="solution-projet" className="fr-mb-5w">
      <h2 id="solution-projet" className="fr-h4">
        Solution DUI du projet
      </h2>
      <p className="fr-text--sm">Tous les ESSMS d’un projet s’équipent de la même solution (règle E07) : choisissez-la une fois pour toute la grappe.</p>
      <form onSubmit={apply} noValidate className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-8">
          <SolutionSelect solutions={solutions} value={choice} onChange={setChoice} error={error} label="Solution choisie pour toute la grappe" />
        </div>
        <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
          <Button type="submit" priority="secondary">
            Appliquer à tous les ESSMS
          </Button>
        </div>
      </form>
      <p role="status" className="fr-text--sm">
        {progress}
      </p>
    </section>
  );
}

export function SolutionSelect({
  solutions,
  value,
  onChange,
  error,
  label,
}: {
  solutions: DuiSolution[];
  value: string;
  onChange: (value: string) => void;
  error?: string | null;
  label: string;
}) {
  const referenced = solutions.filter((s) => s.referencingStatus === 'REFERENCED');
  const inProgress = solutions.filter((s) => s.referencingStatus === 'IN_PROGRESS');
  return (
    <Select
      label={label}
      hint="Catalogue des solutions référencées Ségur tenu par la CNSA"
      state={error ? 'error' : 'default'}
      stateRelatedMessage={error ?? undefined}
      nativeSelectProps={{ name: 'solution', value, onChange: (e) => onChange(e.target.value) }}
    >
      <option value="">Choisir une solution</option>
      <optgroup label="Référencées Ségur">
        {referenced.map((s) => (
          <option key={s.id} value={s.id}>
            {solutionLabel(s)} (vague {s.vague}, {s.couloir === 'MEDICO_SOCIAL' ? 'médico-social' : 'hospitalier'})
          </option>
        ))}
      </optgroup>
      {inProgress.length > 0 && (
        <optgroup label="En cours de référencement (catalogue)">
          {inProgress.map((s) => (
            <option key={s.id} value={s.id}>
              {solutionLabel(s)}
            </option>
          ))}
        </optgroup>
      )}
      <option value="IN_REFERENCING">Autre solution, en cours de référencement (pas encore au catalogue)</option>
    </Select>
  );
}

function MembersTable({ solutions }: { solutions: DuiSolution[] }) {
  const { candidature, save, frozen } = useEditor();
  const [remove] = useMutation(REMOVE_GRAPPE_MEMBERS_MUTATION);
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useSaveError();
  const members = [...candidature.members].sort((a, b) => (a.rank ?? 999) - (b.rank ?? 999) || a.finess.localeCompare(b.finess));
  const current = members.find((m) => m.finess === editing) ?? null;

  async function onRemove(finess: string) {
    setError(await save((expectedVersion) => remove({ variables: { id: candidature.id, finess: [finess], expectedVersion } })));
    if (editing === finess) setEditing(null);
  }

  return (
    <section aria-labelledby="membres" className="fr-mb-5w">
      <h2 id="membres" className="fr-h4">
        ESSMS de la grappe ({members.length})
      </h2>
      {error && <Alert severity="error" small className="fr-mb-2w" description={error} />}
      {members.length === 0 ? (
        <p>Aucun ESSMS pour l’instant : ajoutez-les par leur FINESS géographique ou importez une liste.</p>
      ) : (
        <DataTable noCaption label="ESSMS de la grappe">
            <table data-testid="members-table">
              <caption>ESSMS de la grappe, par rang de financement</caption>
              <thead>
                <tr>
                  <th scope="col">Rang</th>
                  <th scope="col">ESSMS</th>
                  <th scope="col">Région</th>
                  <th scope="col">Situation et DUI</th>
                  <th scope="col">À compléter</th>
                  {!frozen && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {members.map((member) => {
                  const todo: string[] = [];
                  if (!member.chosenSolution && !member.solutionInReferencing) todo.push('solution');
                  if (hasHomeHelp(member) && !member.saad) todo.push('heures SAAD');
                  return (
                    <tr key={member.finess} data-finess={member.finess}>
                      <td>{member.rank ?? '—'}</td>
                      <td>
                        <strong>{member.establishment.name}</strong>
                        <br />
                        <span className="fr-text--xs">
                          {member.finess} — {member.establishment.categoryLabel ?? member.establishment.category}
                          {member.establishment.organisme?.isSmall ? ' — petit organisme' : ''}
                          {member.nationalEntity ? ` — rattaché à ${member.nationalEntity}` : ''}
                        </span>
                      </td>
                      <td>
                        {member.region.name}
                        <br />
                        <span className="fr-text--xs">dép. {member.establishment.departement}</span>
                      </td>
                      <td className="fr-text--sm">
                        {situationLabel(member.situation)}
                        <br />
                        {member.chosenSolution
                          ? solutionLabel(member.chosenSolution)
                          : member.solutionInReferencing
                            ? 'Solution en cours de référencement'
                            : 'Solution à choisir'}
                      </td>
                      <td>
                        {todo.length === 0 ? (
                          <Badge small severity="success">
                            Complet
                          </Badge>
                        ) : (
                          <Badge small severity="warning">
                            {todo.join(', ')}
                          </Badge>
                        )}
                      </td>
                      {!frozen && (
                        <td>
                          <ul className="fr-btns-group fr-btns-group--sm fr-btns-group--inline">
                            <li>
                              <Button
                                size="small"
                                priority="secondary"
                                onClick={() => setEditing(member.finess)}
                                aria-expanded={editing === member.finess}
                                aria-controls="fiche-essms"
                                title={`Compléter la fiche de ${member.establishment.name}`}
                              >
                                Compléter
                              </Button>
                            </li>
                            <li>
                              <Button size="small" priority="tertiary" onClick={() => void onRemove(member.finess)} title={`Retirer ${member.establishment.name} de la grappe`}>
                                Retirer
                              </Button>
                            </li>
                          </ul>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
        </DataTable>
      )}
      {current && !frozen && <MemberEditor key={current.finess} member={current} solutions={solutions} onClose={() => setEditing(null)} />}
    </section>
  );
}

export function GrappeStep() {
  const { candidature } = useEditor();
  const { data } = useQuery(DUI_SOLUTIONS_QUERY);
  const solutions = (data?.duiSolutions ?? []).filter((s) => s.referencingStatus !== 'WITHDRAWN');
  return (
    <>
      <p>
        Composez la grappe : les ESSMS (établissements et services) qui s’équipent ensemble du même DUI. Plusieurs organismes
        gestionnaires peuvent partager une grappe. Le guichet, l’éligibilité et le financement se mettent à jour à chaque
        modification, dans le panneau « Votre projet en direct ».
      </p>
      <AddEssmsForm />
      <ImportForm />
      <ProjectSolution solutions={solutions} />
      <MembersTable solutions={solutions} />
      {candidature.members.length > 0 && (
        <p>
          <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={`/candidatures/${candidature.id}/questions`}>
            Étape suivante : questions du dossier
          </Link>
        </p>
      )}
    </>
  );
}
