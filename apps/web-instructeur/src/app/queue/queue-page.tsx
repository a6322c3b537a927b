import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useQuery } from '@apollo/client/react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Pagination } from '@codegouvfr/react-dsfr/Pagination';
import { INSTRUCTION_CAMPAIGNS_QUERY, QUEUE_QUERY, REGION_INSTRUCTEURS_QUERY, gatewayErrorInfo, type QueueItem, type QueueQueryData } from '@esms/graphql-client';
import { SortableHeader, formatDate, formatEuros, useSession } from '@esms/ui';
import { FIELD_LABELS, STATE_LABELS, stateSeverity } from '../shared/labels';
import {
  CANDIDATURE_STATES,
  PAGE_SIZES,
  activeFilterCount,
  exportHref,
  pageCount,
  parseQueueState,
  queueStateToParams,
  toQueueFilter,
  toQueueSort,
  withFilters,
  withSort,
  type FlagFilter,
  type QueueState,
  type SortKey,
} from './queue-state';

function href(state: QueueState): string {
  const query = queueStateToParams(state).toString();
  return query ? `/?${query}` : '/';
}

const toInt = (value: FormDataEntryValue | null): number | undefined => {
  const text = String(value ?? '').replace(/\s/g, '');
  return /^\d+$/.test(text) ? Number(text) : undefined;
};
const toText = (value: FormDataEntryValue | null): string | undefined => String(value ?? '').trim() || undefined;
const toFlag = (value: FormDataEntryValue | null): FlagFilter | undefined => (value === 'yes' || value === 'no' ? value : undefined);

function FlagSelect({ name, label, value }: { name: string; label: string; value?: FlagFilter }) {
  return (
    <div className="fr-select-group">
      <label className="fr-label" htmlFor={`filtre-${name}`}>
        {label}
      </label>
      <select className="fr-select" id={`filtre-${name}`} name={name} defaultValue={value ?? ''}>
        <option value="">Indifférent</option>
        <option value="yes">Oui</option>
        <option value="no">Non</option>
      </select>
    </div>
  );
}

function Filters({ state, regionCode, onApply }: { state: QueueState; regionCode?: string | null; onApply(next: QueueState): void }) {
  const { data } = useQuery(INSTRUCTION_CAMPAIGNS_QUERY, { variables: { regionCode: regionCode ?? null }, skip: !regionCode });
  const campaigns = data?.campaigns ?? [];
  // The region's instructeurs for the "assigned instructeur" filter (an instructeur's own ARS only; none for a CD).
  const colleagues = useQuery(REGION_INSTRUCTEURS_QUERY, { skip: !regionCode }).data?.regionInstructeurs ?? [];
  const windows = useMemo(() => {
    const codes = new Set<string>();
    campaigns.filter((c) => !state.campaignId || c.id === state.campaignId).forEach((c) => c.tracks.forEach((t) => t.windows.forEach((w) => codes.add(w.code))));
    return [...codes].sort();
  }, [campaigns, state.campaignId]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const projectType = form.get('projectType');
    const desk = form.get('desk');
    onApply(
      withFilters(state, {
        states: CANDIDATURE_STATES.filter((s) => form.getAll('states').includes(s)),
        campaignId: toText(form.get('campaignId')),
        window: toText(form.get('window')),
        desk: desk === 'REGIONAL' || desk === 'NATIONAL' ? desk : undefined,
        projectType: projectType === 'ACQUISITION' || projectType === 'UPGRADE' ? projectType : undefined,
        fields: form.getAll('fields').map(String),
        sizeMin: toInt(form.get('sizeMin')),
        sizeMax: toInt(form.get('sizeMax')),
        amountMin: toInt(form.get('amountMin')),
        amountMax: toInt(form.get('amountMax')),
        blocking: toFlag(form.get('blocking')),
        condition: toFlag(form.get('condition')),
        warning: toFlag(form.get('warning')),
        assignee: toText(form.get('assignee')),
        search: toText(form.get('search')),
      }),
    );
  };

  const count = activeFilterCount(state);
  return (
    <form onSubmit={submit} aria-label="Filtres de la file" className="fr-mb-3w" key={`${href(state)}#${colleagues.length}`}>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
        <div className="fr-col-12 fr-col-md-6">
          <div className="fr-input-group fr-mb-0">
            <label className="fr-label" htmlFor="filtre-search">
              Rechercher un dossier
              <span className="fr-hint-text">FINESS (ET ou EJ), nom d’ESSMS, référence ou titre</span>
            </label>
            <input className="fr-input" id="filtre-search" name="search" type="search" defaultValue={state.search ?? ''} />
          </div>
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <div className="fr-select-group fr-mb-0">
            <label className="fr-label" htmlFor="filtre-campaign">
              Campagne
            </label>
            <select className="fr-select" id="filtre-campaign" name="campaignId" defaultValue={state.campaignId ?? ''}>
              <option value="">Toutes</option>
              {campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="fr-col-6 fr-col-md-3">
          <div className="fr-select-group fr-mb-0">
            <label className="fr-label" htmlFor="filtre-window">
              Fenêtre de dépôt
            </label>
            <select className="fr-select" id="filtre-window" name="window" defaultValue={state.window ?? ''}>
              <option value="">Toutes</option>
              {(windows.length ? windows : ['W1', 'W2']).map((w) => (
                <option key={w} value={w}>
                  {w}
                </option>
              ))}
            </select>
          </div>
        </div>
      </div>
      <details className="fr-mt-2w" open={count > (state.search ? 1 : 0) || undefined}>
        <summary className="fr-text--bold" style={{ cursor: 'pointer' }}>
          Plus de filtres{count ? ` (${count} actif${count > 1 ? 's' : ''})` : ''}
        </summary>
        <div className="fr-grid-row fr-grid-row--gutters fr-mt-1w">
          <fieldset className="fr-fieldset fr-col-12 fr-col-md-6" aria-labelledby="legende-statuts">
            <legend className="fr-fieldset__legend fr-text--regular" id="legende-statuts">
              Statut
            </legend>
            <div className="fr-grid-row">
              {CANDIDATURE_STATES.filter((s) => s !== 'DRAFT').map((s) => (
                <div className="fr-col-6 fr-checkbox-group fr-checkbox-group--sm" key={s}>
                  <input type="checkbox" id={`statut-${s}`} name="states" value={s} defaultChecked={state.states.includes(s)} />
                  <label className="fr-label" htmlFor={`statut-${s}`}>
                    {STATE_LABELS[s]}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <div className="fr-col-12 fr-col-md-6">
            <fieldset className="fr-fieldset" aria-labelledby="legende-champs">
              <legend className="fr-fieldset__legend fr-text--regular" id="legende-champs">
                Champ (public accompagné)
              </legend>
              <div className="fr-grid-row">
                {Object.entries(FIELD_LABELS).map(([code, label]) => (
                  <div className="fr-col-6 fr-checkbox-group fr-checkbox-group--sm" key={code}>
                    <input type="checkbox" id={`champ-${code}`} name="fields" value={code} defaultChecked={state.fields.includes(code)} />
                    <label className="fr-label" htmlFor={`champ-${code}`}>
                      {label}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
            <div className="fr-grid-row fr-grid-row--gutters">
              <div className="fr-col-6">
                <div className="fr-select-group">
                  <label className="fr-label" htmlFor="filtre-desk">
                    Guichet
                  </label>
                  <select className="fr-select" id="filtre-desk" name="desk" defaultValue={state.desk ?? ''}>
                    <option value="">Tous</option>
                    <option value="REGIONAL">Régional</option>
                    <option value="NATIONAL">National (multirégional)</option>
                  </select>
                </div>
              </div>
              <div className="fr-col-6">
                <div className="fr-select-group">
                  <label className="fr-label" htmlFor="filtre-type">
                    Type de projet
                  </label>
                  <select className="fr-select" id="filtre-type" name="projectType" defaultValue={state.projectType ?? ''}>
                    <option value="">Tous</option>
                    <option value="ACQUISITION">Acquisition d’un DUI</option>
                    <option value="UPGRADE">Mise en conformité Ségur</option>
                  </select>
                </div>
              </div>
            </div>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filtre-sizeMin">
                ESSMS, au moins
              </label>
              <input className="fr-input" id="filtre-sizeMin" name="sizeMin" inputMode="numeric" defaultValue={state.sizeMin ?? ''} />
            </div>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filtre-sizeMax">
                ESSMS, au plus
              </label>
              <input className="fr-input" id="filtre-sizeMax" name="sizeMax" inputMode="numeric" defaultValue={state.sizeMax ?? ''} />
            </div>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filtre-amountMin">
                Montant minimal (€)
              </label>
              <input className="fr-input" id="filtre-amountMin" name="amountMin" inputMode="numeric" defaultValue={state.amountMin ?? ''} />
            </div>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="filtre-amountMax">
                Montant maximal (€)
              </label>
              <input className="fr-input" id="filtre-amountMax" name="amountMax" inputMode="numeric" defaultValue={state.amountMax ?? ''} />
            </div>
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <FlagSelect name="blocking" label="Critère bloquant non rempli" value={state.blocking} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <FlagSelect name="condition" label="Condition à lever" value={state.condition} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <FlagSelect name="warning" label="Avertissement à apprécier" value={state.warning} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="filtre-assignee">
                Instructeur assigné
              </label>
              <select className="fr-select" id="filtre-assignee" name="assignee" defaultValue={state.assignee ?? ''}>
                <option value="">Tous</option>
                <option value="moi">Moi</option>
                <option value="aucun">Non assignés</option>
                {colleagues.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.displayName}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </div>
      </details>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
        <li>
          <Button type="submit">
            Appliquer les filtres
          </Button>
        </li>
        {count > 0 && (
          <li>
            <Button priority="tertiary" linkProps={{ to: '/' }}>
              Effacer les filtres
            </Button>
          </li>
        )}
      </ul>
    </form>
  );
}

function Flags({ item }: { item: QueueItem }) {
  const { blocking, condition, warning } = item.eligibilityFlags;
  if (!blocking && !condition && !warning) return <span className="fr-text--sm">Aucune</span>;
  return (
    <ul className="fr-badges-group">
      {blocking && (
        <li>
          <Badge as="span" small severity="error">
            Bloquant
          </Badge>
        </li>
      )}
      {condition && (
        <li>
          <Badge as="span" small severity="warning">
            Condition
          </Badge>
        </li>
      )}
      {warning && (
        <li>
          <Badge as="span" small severity="info" noIcon>
            Avertissement
          </Badge>
        </li>
      )}
    </ul>
  );
}

export function QueueTable({ items, state, onSort }: { items: QueueItem[]; state: QueueState; onSort(key: SortKey): void }) {
  const dir = (key: SortKey) => (state.sort === key ? state.direction : undefined);
  return (
    <div className="fr-table fr-table--no-caption fr-table--bordered" style={{ marginBottom: '1rem' }}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table data-testid="queue-table" style={{ width: '100%' }}>
              <caption>Dossiers de la file d’instruction</caption>
              <thead>
                <tr>
                  <SortableHeader direction={dir('reference')} onSort={() => onSort('reference')}>
                    Référence
                  </SortableHeader>
                  <th scope="col">Titre</th>
                  <th scope="col">État</th>
                  <th scope="col">Fenêtre</th>
                  <SortableHeader direction={dir('essmsCount')} onSort={() => onSort('essmsCount')}>
                    ESSMS
                  </SortableHeader>
                  <SortableHeader direction={dir('amount')} onSort={() => onSort('amount')}>
                    Montant
                  </SortableHeader>
                  <th scope="col">Alertes</th>
                  <th scope="col">Instructeur</th>
                  <SortableHeader direction={dir('submittedAt')} onSort={() => onSort('submittedAt')}>
                    Déposée le
                  </SortableHeader>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.id} data-testid="queue-row" data-reference={item.reference}>
                    <td>
                      <Link to={`/dossiers/${item.id}`}>{item.reference}</Link>
                    </td>
                    <td style={{ whiteSpace: 'normal', minWidth: '14rem' }}>
                      {item.title}
                      {(item.desk === 'NATIONAL' || item.readOnly) && (
                        <>
                          {' '}
                          <Badge small severity="info" noIcon as="span">
                            {item.readOnly ? 'Multirégional — lecture seule' : 'Multirégional'}
                          </Badge>
                        </>
                      )}
                      {item.fields.length > 0 && <span className="fr-hint-text">{item.fields.join(', ')}</span>}
                    </td>
                    <td>
                      <Badge as="span" small severity={stateSeverity(item.state)} noIcon>
                        {item.stateLabel}
                      </Badge>
                    </td>
                    <td>{item.windowCode ?? '—'}</td>
                    <td style={{ textAlign: 'right' }}>{item.essmsCount}</td>
                    <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>{formatEuros(item.fundingTotal)}</td>
                    <td>
                      <Flags item={item} />
                    </td>
                    <td>{item.assignedInstructeur?.displayName ?? '—'}</td>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatDate(item.submittedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}

export function QueuePage() {
  const { me } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const state = useMemo(() => parseQueueState(params), [params]);
  const [pageSize, setPageSize] = useState(state.pageSize);
  const { data, loading, error, previousData } = useQuery(QUEUE_QUERY, {
    variables: {
      filter: toQueueFilter(state, me?.id),
      sort: toQueueSort(state),
      limit: state.pageSize,
      offset: (state.page - 1) * state.pageSize,
    },
    fetchPolicy: 'cache-and-network',
  });
  const queue = (data ?? (previousData as QueueQueryData | undefined))?.instructionQueue;
  const go = (next: QueueState) => navigate(href(next));
  const pages = pageCount(queue?.total ?? 0, state.pageSize);
  const isCd = me?.role === 'CD';

  return (
    <>
      <p className="fr-text--lead fr-mb-3w">
        {isCd
          ? 'Les dossiers sur lesquels l’ARS a demandé l’avis de votre conseil départemental.'
          : 'Les dossiers dont votre ARS est pivot, et en lecture seule les dossiers multirégionaux qui comptent des ESSMS de votre région.'}
      </p>
      <Filters state={state} regionCode={me?.regionCode} onApply={go} />
      {error && (
        <Alert
          severity="error"
          small
          className="fr-mb-2w"
          description={gatewayErrorInfo(error).message ?? 'La file n’a pas pu être chargée. Réessayez dans un instant.'}
        />
      )}
      <div className="fr-grid-row fr-grid-row--middle fr-mb-1w" style={{ gap: '1rem', justifyContent: 'space-between' }}>
        <p role="status" className="fr-mb-0 fr-text--bold" data-testid="queue-count">
          {loading && !queue ? 'Chargement…' : `${queue?.total ?? 0} dossier${(queue?.total ?? 0) > 1 ? 's' : ''}`}
        </p>
        {!isCd && (
          <ul className="fr-btns-group fr-btns-group--inline fr-btns-group--sm fr-mb-0">
            <li>
              <a className="fr-btn fr-btn--secondary" href={exportHref('xlsx', state, me?.id)} download>
                Exporter (XLSX)
              </a>
            </li>
            <li>
              <a className="fr-btn fr-btn--secondary" href={exportHref('csv', state, me?.id)} download>
                Exporter (CSV)
              </a>
            </li>
          </ul>
        )}
      </div>
      {queue && queue.items.length === 0 && !loading && (
        <p className="fr-my-4w">Aucun dossier ne correspond à ces filtres.</p>
      )}
      {queue && queue.items.length > 0 && <QueueTable items={queue.items} state={state} onSort={(key) => go(withSort(state, key))} />}
      <div className="fr-grid-row fr-grid-row--middle" style={{ gap: '1.5rem' }}>
        {pages > 1 && (
          <Pagination count={pages} defaultPage={state.page} showFirstLast getPageLinkProps={(page) => ({ to: href({ ...state, page }) })} />
        )}
        <form
          className="fr-grid-row fr-grid-row--middle"
          style={{ gap: '.5rem' }}
          onSubmit={(e) => {
            e.preventDefault();
            go({ ...state, pageSize, page: 1 });
          }}
        >
          <label className="fr-label" htmlFor="taille-page">
            Dossiers par page
          </label>
          <select className="fr-select" id="taille-page" style={{ width: 'auto' }} value={pageSize} onChange={(e) => setPageSize(Number(e.target.value))}>
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <Button type="submit" size="small" priority="tertiary">
            Afficher
          </Button>
        </form>
      </div>
      <p className="fr-hint-text fr-mt-2w">Les exports reprennent exactement les filtres et le tri affichés, sans pagination.</p>
    </>
  );
}
