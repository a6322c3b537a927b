import { useMemo, useState } from 'react';
import { useMutation } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { RECORD_MEASUREMENTS_MUTATION, gatewayErrorExtensions, gatewayErrorInfo, type FollowUpFile } from '@esms/graphql-client';

const FIELDS = [
  { key: 'personsAccompanied', label: 'Personnes accompagnées' },
  { key: 'activeDossiers', label: 'Dossiers actifs' },
  { key: 'activeDossiersWithProjetPersonnalise', label: 'dont avec projet personnalisé' },
  { key: 'activeDossiersWithAgendaEvent', label: 'dont avec événement d’agenda' },
  { key: 'mssanteMessagesSent', label: 'Messages MSSanté envoyés' },
  { key: 'dmpFed', label: 'DMP alimentés' },
  { key: 'ePrescriptionsImported', label: 'E-prescriptions (facultatif)', optional: true },
  { key: 'eParcoursExchanges', label: 'Échanges e-parcours (facultatif)', optional: true },
] as const;
type Key = (typeof FIELDS)[number]['key'];

const MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];
const monthLabel = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;

interface Problem {
  finess: string | null;
  field: string;
  message: string;
}

/** Form (one line per ESSMS) and CSV/XLSX import of one month's counts for the whole grappe. */
export function MeasurementsForm({ file, onDone }: { file: FollowUpFile; onDone: () => void }) {
  const f = file.followUp!;
  const open = f.openMonths;
  const editable = file.state === 'ADVANCE_PAID' || file.state === 'IN_DEPLOYMENT';
  const [month, setMonth] = useState(open.at(-1) ?? '');
  const existing = useMemo(() => {
    const out: Record<string, Record<Key, string>> = {};
    for (const e of f.essms) {
      const m = e.measurements.find((x) => x.month === month);
      out[e.finess] = Object.fromEntries(FIELDS.map((fl) => [fl.key, m ? String(m.counts[fl.key] ?? '') : ''])) as Record<Key, string>;
    }
    return out;
  }, [f.essms, month]);
  const [values, setValues] = useState<Record<string, Partial<Record<Key, string>>>>({});
  const [result, setResult] = useState<{ ok: boolean; text: string; problems?: Problem[] } | null>(null);
  const [importFile, setImportFile] = useState<File | null>(null);
  const [record, recording] = useMutation(RECORD_MEASUREMENTS_MUTATION);
  const value = (finess: string, key: Key) => values[month + finess]?.[key] ?? existing[finess]?.[key] ?? '';

  if (!editable) return <p>Les mesures se saisissent une fois l’avance versée, pendant le déploiement.</p>;
  if (!open.length) return <p>La première mesure couvre les trois premiers mois du projet : elle pourra être saisie à la fin du troisième mois.</p>;
  const first = f.firstMonth ? open[0] : null;

  return (
    <>
      <div className="fr-select-group">
        <label className="fr-label" htmlFor="measure-month">
          Mois mesuré
          <span className="fr-hint-text">
            {first && `La première mesure (${monthLabel(first)}) couvre les trois premiers mois du projet ; ensuite une mesure par mois, relevée à sa fin.`}
          </span>
        </label>
        <select className="fr-select" id="measure-month" value={month} onChange={(e) => setMonth(e.target.value)}>
          {open.map((m) => (
            <option key={m} value={m}>
              {monthLabel(m)}
              {f.essms.some((e) => e.measurements.some((x) => x.month === m)) ? ' (déjà saisi : correction)' : ''}
            </option>
          ))}
        </select>
      </div>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setResult(null);
          const items = f.essms
            .map((es) => {
              const item: Record<string, unknown> = { finess: es.finess };
              let any = false;
              for (const fl of FIELDS) {
                const raw = value(es.finess, fl.key).trim();
                if (raw !== '') any = true;
                item[fl.key] = raw === '' ? (('optional' in fl && fl.optional) ? null : Number.NaN) : Number(raw);
              }
              return any ? item : null;
            })
            .filter((x): x is Record<string, unknown> => !!x);
          const bad = items.find((it) => FIELDS.some((fl) => !('optional' in fl) && !Number.isInteger(it[fl.key] as number)));
          if (bad) {
            setResult({ ok: false, text: `ESSMS ${bad['finess']} : chaque comptage obligatoire est un nombre entier positif ou nul.` });
            return;
          }
          try {
            const res = await record({ variables: { candidatureId: file.id, month, items: items as never } });
            const r = res.data!.recordMeasurements;
            setResult({ ok: true, text: `Mesures de ${monthLabel(month)} enregistrées : ${r.created} nouvelle(s), ${r.corrected} corrigée(s), ${r.unchanged} inchangée(s).` });
            setValues({});
            onDone();
          } catch (err) {
            setResult({ ok: false, text: gatewayErrorInfo(err).message ?? 'Enregistrement impossible.', problems: gatewayErrorExtensions(err)['problems'] as Problem[] | undefined });
          }
        }}
      >
        <div className="fr-table fr-table--sm fr-table--no-caption">
          <table>
            <caption>Comptages de {monthLabel(month)} par ESSMS</caption>
            <thead>
              <tr>
                <th scope="col">ESSMS</th>
                {FIELDS.map((fl) => (
                  <th scope="col" key={fl.key}>
                    {fl.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {f.essms.map((es) => (
                <tr key={es.finess}>
                  <th scope="row">
                    {es.establishment?.name ?? es.finess}
                    <br />
                    <span className="fr-text--xs">{es.finess}</span>
                  </th>
                  {FIELDS.map((fl) => (
                    <td key={fl.key}>
                      <input
                        className="fr-input"
                        style={{ minWidth: '5rem' }}
                        inputMode="numeric"
                        aria-label={`${fl.label} — ${es.establishment?.name ?? es.finess}`}
                        value={value(es.finess, fl.key)}
                        onChange={(e) => setValues((v) => ({ ...v, [month + es.finess]: { ...v[month + es.finess], [fl.key]: e.target.value } }))}
                      />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button className="fr-btn" type="submit" disabled={recording.loading}>
          Enregistrer les mesures de {monthLabel(month)}
        </button>
      </form>
      <form
        className="fr-mt-3w"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!importFile) return;
          setResult(null);
          const res = await fetch(`/files/candidatures/${file.id}/measurements/import?month=${encodeURIComponent(month)}`, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { accept: 'application/json', 'content-type': importFile.type || 'application/octet-stream' },
            body: importFile,
          });
          const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
          if (res.ok) {
            const r = body['result'] as { created: number; corrected: number; unchanged: number };
            setResult({ ok: true, text: `Import de ${monthLabel(month)} : ${r.created} nouvelle(s), ${r.corrected} corrigée(s), ${r.unchanged} inchangée(s).` });
            onDone();
          } else setResult({ ok: false, text: String(body['message'] ?? 'Import impossible.'), problems: body['problems'] as Problem[] | undefined });
        }}
      >
        <div className="fr-upload-group">
          <label className="fr-label" htmlFor="measure-import">
            Ou importer le mois pour toute la grappe (CSV ou XLSX)
            <span className="fr-hint-text">
              Une ligne par ESSMS ;{' '}
              <a className="fr-link fr-link--sm" href={`/files/candidatures/${file.id}/measurements/template.csv`} download>
                télécharger le modèle CSV
              </a>
              .
            </span>
          </label>
          <input className="fr-upload" id="measure-import" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setImportFile(e.target.files?.[0] ?? null)} />
        </div>
        <button className="fr-btn fr-btn--secondary fr-mt-1w" type="submit" disabled={!importFile}>
          Importer pour {monthLabel(month)}
        </button>
      </form>
      {result && (
        <div className="fr-mt-2w" role="status">
          <Alert
            severity={result.ok ? 'success' : 'error'}
            small
            description={
              <>
                {result.text}
                {result.problems && result.problems.length > 1 && (
                  <ul>
                    {result.problems.map((p, i) => (
                      <li key={i}>{p.message}</li>
                    ))}
                  </ul>
                )}
              </>
            }
          />
        </div>
      )}
    </>
  );
}
