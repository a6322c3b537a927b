import { useEffect, useRef } from 'react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Button } from '@codegouvfr/react-dsfr/Button';

export const CONFLICT_TITLE = 'Le dossier a été modifié entre-temps';
export const CONFLICT_TEXT =
  'Une autre personne de votre organisme (ou vous-même, dans un autre onglet) a enregistré une modification de ce dossier après votre dernier chargement. Votre dernière saisie n’a pas été enregistrée, pour ne pas écraser la sienne. Rechargez le dossier pour voir la version à jour, puis refaites votre modification si elle est toujours utile.';
export const NOT_SAVED_TEXT = 'Votre dernière saisie n’a pas été enregistrée, pour ne pas écraser la sienne.';

/**
 * Shown when the server answers CONFLICT (optimistic locking): nothing was overwritten, the person reloads. `detail` is
 * the server's message, which says who changed the file and when.
 */
export function ConflictAlert({ onReload, reloading = false, detail = null }: { onReload: () => void; reloading?: boolean; detail?: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <div ref={ref} tabIndex={-1} className="fr-mb-3w">
      <Alert
        severity="warning"
        title={CONFLICT_TITLE}
        description={
          <>
            <span className="fr-mb-2w" style={{ display: 'block' }} data-testid="conflict-detail">
              {detail ? `${detail} ${NOT_SAVED_TEXT}` : CONFLICT_TEXT}
            </span>
            <Button type="button" iconId="fr-icon-refresh-line" onClick={onReload} disabled={reloading}>
              {reloading ? 'Rechargement…' : 'Recharger le dossier'}
            </Button>
          </>
        }
      />
    </div>
  );
}
