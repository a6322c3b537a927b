import { useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { DELETE_PIECE_MUTATION, type PieceRequirement } from '@esms/graphql-client';
import { useEditor } from './editor-context';
import { ACCEPTED_HINT, ACCEPT_ATTRIBUTE, formatBytes, pieceFileProblem, pieceUrl, uploadFailureMessage, uploadPiece } from './piece-upload';
import { formatDateTime } from '../shared/dates';

const REQUIREMENT: Record<PieceRequirement['requirement'], { label: string; severity: 'error' | 'warning' | 'info' }> = {
  REQUIRED: { label: 'Obligatoire', severity: 'error' },
  RECOMMENDED: { label: 'Recommandée', severity: 'warning' },
  OPTIONAL: { label: 'Facultative', severity: 'info' },
};

function PieceRow({ piece }: { piece: PieceRequirement }) {
  const { candidature, frozen, save, reload } = useEditor();
  const [remove] = useMutation(DELETE_PIECE_MUTATION);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const file = piece.files[0];
  const inputId = `piece-${piece.code}`;

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const chosen = event.target.files?.[0];
    setError(null);
    setDone(null);
    if (!chosen) return;
    const problem = pieceFileProblem(chosen);
    if (problem) {
      setError(problem);
      event.target.value = '';
      return;
    }
    setProgress(0);
    const outcome = await uploadPiece(pieceUrl(candidature.id, piece.code), chosen, setProgress);
    event.target.value = '';
    if (!outcome.ok) {
      setProgress(null);
      setError(uploadFailureMessage(outcome));
      return;
    }
    await reload();
    setProgress(null);
    setDone(`${chosen.name} déposé.`);
  }

  async function onDelete() {
    if (!file) return;
    setDone(null);
    const message = await save(() => remove({ variables: { id: file.id } }));
    setError(message);
    if (!message) setDone('Fichier supprimé.');
  }

  const describedBy = [`${inputId}-hint`, error ? `${inputId}-error` : null].filter(Boolean).join(' ');
  return (
    <li className="fr-p-2w fr-mb-2w" style={{ border: '1px solid var(--border-default-grey)', listStyle: 'none' }} data-piece={piece.code}>
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-7">
          <h3 className="fr-h6 fr-mb-1w">
            {piece.code} — {piece.label}{' '}
            <Badge as="span" small noIcon severity={REQUIREMENT[piece.requirement].severity}>
              {REQUIREMENT[piece.requirement].label}
            </Badge>
          </h3>
          <p className="fr-text--sm fr-mb-1w">{piece.reason}</p>
          {file ? (
            <p className="fr-text--sm fr-mb-0" data-testid={`piece-file-${piece.code}`}>
              <a href={file.downloadPath} download={file.fileName} className="fr-link fr-text--sm">
                {file.fileName}
              </a>{' '}
              ({formatBytes(file.size)}, déposé le {formatDateTime(file.uploadedAt)})
              {piece.replacedCount > 0 ? ` — ${piece.replacedCount} version${piece.replacedCount > 1 ? 's' : ''} précédente${piece.replacedCount > 1 ? 's' : ''} conservée${piece.replacedCount > 1 ? 's' : ''}` : ''}
            </p>
          ) : (
            <p className="fr-text--sm fr-mb-0">Aucun fichier déposé.</p>
          )}
        </div>
        {!frozen && (
          <div className="fr-col-12 fr-col-md-5">
            <div className={`fr-upload-group ${error ? 'fr-upload-group--error' : ''}`}>
              <label className="fr-label" htmlFor={inputId}>
                {file ? `Remplacer le fichier de ${piece.code}` : `Déposer le fichier de ${piece.code}`}
                <span className="fr-hint-text" id={`${inputId}-hint`}>
                  PDF, bureautique ou image ; 10 Mo au plus.
                </span>
              </label>
              <input
                ref={inputRef}
                className="fr-upload"
                type="file"
                id={inputId}
                name={inputId}
                accept={ACCEPT_ATTRIBUTE}
                aria-describedby={describedBy}
                disabled={progress !== null}
                onChange={onFile}
              />
              {error && (
                <p className="fr-error-text" id={`${inputId}-error`} role="alert">
                  {error}
                </p>
              )}
            </div>
            {progress !== null && (
              <div className="fr-mt-1w">
                <label htmlFor={`${inputId}-progress`} className="fr-text--sm">
                  Envoi en cours : {Math.round(progress * 100)} %
                </label>
                <progress id={`${inputId}-progress`} max={100} value={Math.round(progress * 100)} style={{ width: '100%' }} />
              </div>
            )}
            <p aria-live="polite" className="fr-valid-text fr-mb-0" style={{ display: done ? undefined : 'none' }}>
              {done}
            </p>
            {file && (
              <Button type="button" size="small" priority="tertiary" iconId="fr-icon-delete-line" className="fr-mt-1w" onClick={() => void onDelete()}>
                Supprimer le fichier de {piece.code}
              </Button>
            )}
          </div>
        )}
      </div>
    </li>
  );
}

export function PiecesStep() {
  const { candidature } = useEditor();
  const order = { REQUIRED: 0, RECOMMENDED: 1, OPTIONAL: 2 } as const;
  const pieces = [...candidature.pieces].sort((a, b) => order[a.requirement] - order[b.requirement] || a.code.localeCompare(b.code));
  const missing = candidature.pieces.filter((p) => p.requirement === 'REQUIRED' && p.files.length === 0);
  return (
    <>
      <p>
        Les pièces de l’annexe 2 de l’appel à projets. Celles qui sont obligatoires dépendent de votre projet (SAAD, entité nationale,
        matériel…) ; la raison est indiquée pour chacune. {ACCEPTED_HINT} Vous pouvez remplacer ou supprimer un fichier jusqu’au dépôt.
      </p>
      <p aria-live="polite" data-testid="missing-pieces-count">
        {missing.length === 0 ? (
          <Badge severity="success">Toutes les pièces obligatoires sont jointes</Badge>
        ) : (
          <Badge severity="warning">
            {missing.length} pièce{missing.length > 1 ? 's' : ''} obligatoire{missing.length > 1 ? 's' : ''} manquante{missing.length > 1 ? 's' : ''}
          </Badge>
        )}
      </p>
      <ul className="fr-p-0">
        {pieces.map((piece) => (
          <PieceRow key={piece.code} piece={piece} />
        ))}
      </ul>
      <p>
        <Link className="fr-link fr-icon-arrow-right-line fr-link--icon-right" to={`/candidatures/${candidature.id}/depot`}>
          Étape suivante : dépôt
        </Link>
      </p>
    </>
  );
}
