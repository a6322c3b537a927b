import { useRef, useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { DELETE_PIECE_MUTATION, type PieceRequirement } from '@esms/graphql-client';
import { useEditor } from './editor-context';
import { ACCEPTED_HINT, ACCEPT_ATTRIBUTE, formatBytes, pieceFileProblem, pieceUrl, uploadFailureMessage, uploadPiece } from './piece-upload';
import { hasPendingScan, isDownloadable, SCAN_BADGES, ScanBadge, useScanPolling } from './piece-status';
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
      // An infected file is kept in quarantine by the server: reloading shows it on the piece.
      if (outcome.body['code'] === 'INFECTED') await reload();
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
              {isDownloadable(file.scanStatus) ? (
                <a href={file.downloadPath} download={file.fileName} className="fr-link fr-text--sm">
                  {file.fileName}
                </a>
              ) : (
                <span>{file.fileName}</span>
              )}{' '}
              ({formatBytes(file.size)}, déposé le {formatDateTime(file.uploadedAt)})
              {piece.replacedCount > 0 ? ` — ${piece.replacedCount} version${piece.replacedCount > 1 ? 's' : ''} précédente${piece.replacedCount > 1 ? 's' : ''} conservée${piece.replacedCount > 1 ? 's' : ''}` : ''}{' '}
              <ScanBadge status={file.scanStatus} testId={`piece-scan-${piece.code}`} />
              {file.scanStatus === 'PENDING' && (
                <span className="fr-hint-text">Le fichier sera téléchargeable et compté pour le dépôt dès la fin de l’analyse (quelques instants en général).</span>
              )}
            </p>
          ) : (
            <p className="fr-text--sm fr-mb-0">Aucun fichier déposé.</p>
          )}
          {piece.quarantined && (
            <p className="fr-text--sm fr-mt-1w fr-mb-0" data-testid={`piece-quarantined-${piece.code}`}>
              Dernier envoi, « {piece.quarantined.fileName} » ({formatDateTime(piece.quarantined.detectedAt)}) :{' '}
              <ScanBadge status="INFECTED" testId={`piece-scan-${piece.code}-quarantined`} />
              <span className="fr-hint-text">
                Un virus a été détecté ({piece.quarantined.signature}) : ce fichier n’a pas été ajouté à votre dossier
                {file ? ' ; le fichier précédent reste celui de la pièce' : ''}. Analysez votre poste avec votre antivirus, puis déposez une autre version.
              </span>
            </p>
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

const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

/** What still blocks the submission on the pieces side, counted by reason (the server's `blockingPieces`). */
function PiecesSummary() {
  const { candidature } = useEditor();
  const blocks = candidature.submissionCheck.blockingPieces;
  const count = (reason: string) => blocks.filter((b) => b.reason === reason).length;
  const [missing, scanning, infected] = [count('MISSING'), count('SCAN_PENDING'), count('INFECTED')];
  return (
    <p aria-live="polite" data-testid="missing-pieces-count">
      {blocks.length === 0 && <Badge as="span" severity="success">Toutes les pièces obligatoires sont jointes</Badge>}
      {missing > 0 && (
        <Badge as="span" severity="warning" className="fr-mr-1w">
          {plural(missing, 'pièce')} {missing > 1 ? 'obligatoires manquantes' : 'obligatoire manquante'}
        </Badge>
      )}
      {scanning > 0 && (
        <Badge as="span" severity="info" className="fr-mr-1w">
          {plural(scanning, 'fichier')} en cours d’analyse antivirus
        </Badge>
      )}
      {infected > 0 && <Badge as="span" severity="error">{plural(infected, 'pièce')} à déposer à nouveau (virus détecté)</Badge>}
    </p>
  );
}

/** Asks the server again while a file waits for the antivirus (bounded), and says so. */
function ScanPolling() {
  const { candidature } = useEditor();
  const pending = hasPendingScan(candidature.pieces);
  const { gaveUp, restart } = useScanPolling(candidature.id, pending);
  if (!pending) return null;
  return gaveUp ? (
    <Alert
      severity="info"
      small
      className="fr-mb-3w"
      description={
        <>
          L’analyse antivirus prend plus de temps que d’habitude : vous pouvez continuer votre dossier et revenir sur cette page plus tard, l’analyse se
          poursuit.{' '}
          <Button type="button" size="small" priority="secondary" onClick={restart}>
            Vérifier à nouveau
          </Button>
        </>
      }
    />
  ) : (
    <p className="fr-text--sm" role="status">
      {SCAN_BADGES.PENDING.label} : cette page se met à jour d’elle-même.
    </p>
  );
}

export function PiecesStep() {
  const { candidature } = useEditor();
  const order = { REQUIRED: 0, RECOMMENDED: 1, OPTIONAL: 2 } as const;
  const pieces = [...candidature.pieces].sort((a, b) => order[a.requirement] - order[b.requirement] || a.code.localeCompare(b.code));
  return (
    <>
      <p>
        Les pièces de l’annexe 2 de l’appel à projets. Celles qui sont obligatoires dépendent de votre projet (SAAD, entité nationale,
        matériel…) ; la raison est indiquée pour chacune. {ACCEPTED_HINT} Vous pouvez remplacer ou supprimer un fichier jusqu’au dépôt.
        Chaque fichier est analysé par un antivirus : il n’est téléchargeable et compté pour le dépôt qu’une fois reconnu sain.
      </p>
      <PiecesSummary />
      <ScanPolling />
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
