import { useParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { formatEuros, usePageTitle } from '@esms/ui';
import { DataTable } from './data-table';
import { FILE_DETAIL } from './operations';

/** One file, read-only for CNSA: summary, grappe and history. */
export function FilePage() {
  const { id = '' } = useParams();
  const { data, error, loading } = useQuery(FILE_DETAIL, { variables: { id } });
  const c = data?.candidature;
  usePageTitle(c ? `Dossier ${c.reference}` : 'Dossier');
  if (error && !c) return <Alert severity="error" title="Dossier introuvable" description={error.message} className="fr-my-4w" />;
  if (!c) return <p role="status">{loading ? 'Chargement du dossier…' : ''}</p>;
  return (
    <>
      <Breadcrumb
        currentPageLabel={c.reference}
        segments={[
          { label: 'Pilotage national', linkProps: { to: '/' } },
          ...(c.pivotRegion ? [{ label: c.pivotRegion.name ?? c.pivotRegion.code, linkProps: { to: `/regions/${c.pivotRegion.code}` } }] : []),
        ]}
      />
      <h1 className="fr-h2">
        {c.reference} — {c.title}
      </h1>
      <ul className="fr-mb-4w">
        <li>État : {c.stateLabel}</li>
        <li>Région pivot : {c.pivotRegion?.name ?? '—'}</li>
        <li>Fenêtre : {c.windowCode ?? '—'}</li>
        <li>Déposée le : {c.submittedAt ? new Date(c.submittedAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }) : '—'}</li>
        <li>
          Financement calculé : {formatEuros(c.funding.total)} pour {c.funding.essmsCount} ESSMS
        </li>
      </ul>
      <DataTable
        table={{
          title: `Grappe — ${c.reference}`,
          columns: [
            { key: 'finess', label: 'FINESS', kind: 'text' },
            { key: 'name', label: 'Établissement', kind: 'text' },
            { key: 'situation', label: 'Situation', kind: 'text' },
            { key: 'region', label: 'Région', kind: 'text' },
          ],
          rows: c.members.map((m) => ({
            finess: m.finess,
            name: m.establishment?.name ?? '—',
            situation: m.situation === 'ACQUISITION' ? 'Acquisition' : 'Mise à niveau',
            region: m.regionCode,
          })),
        }}
      />
      <DataTable
        table={{
          title: `Historique — ${c.reference}`,
          columns: [
            { key: 'at', label: 'Date', kind: 'text' },
            { key: 'action', label: 'Action', kind: 'text' },
            { key: 'role', label: 'Profil', kind: 'text' },
          ],
          rows: c.history.map((h) => ({ at: new Date(h.at).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' }), action: h.actionLabel, role: h.role })),
        }}
      />
    </>
  );
}
