import { Select } from '@codegouvfr/react-dsfr/Select';
import { useSearchParams } from 'react-router-dom';
import { FIELD_OPTIONS, FILTER_PARAMS, PROJECT_TYPE_OPTIONS } from './indicators';

/** Campaign year, window, field and project type — kept in the URL (shareable, survives reload and drill-down). */
export function FiltersBar({ years, windows }: { years: number[]; windows: string[] }) {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  const select = (key: string, label: string, options: readonly (readonly [string, string])[]) => (
    <Select label={label} nativeSelectProps={{ value: params.get(key) ?? '', onChange: (e) => set(key, e.target.value), name: key }}>
      <option value="">Tous</option>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </Select>
  );
  return (
    <form className="cnsa-filters no-print" aria-label="Filtres du tableau de bord" onSubmit={(e) => e.preventDefault()}>
      {select(FILTER_PARAMS.campaignYear, 'Année de campagne', years.map((y) => [String(y), String(y)] as const))}
      {select(FILTER_PARAMS.windowCode, 'Fenêtre de dépôt', windows.map((w) => [w, `Fenêtre ${w}`] as const))}
      {select(FILTER_PARAMS.field, "Champ d'activité", FIELD_OPTIONS)}
      {select(FILTER_PARAMS.projectType, 'Type de projet', PROJECT_TYPE_OPTIONS)}
    </form>
  );
}
