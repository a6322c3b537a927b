import {
  DEFAULT_QUEUE_STATE,
  activeFilterCount,
  exportHref,
  pageCount,
  parseQueueState,
  queueStateToParams,
  toQueueFilter,
  toQueueSort,
  withFilters,
  withSort,
  type QueueState,
} from './queue-state';

const parse = (query: string) => parseQueueState(new URLSearchParams(query));

describe('queue state ↔ URL', () => {
  it('reads an empty URL as the default view, and writes the default view as an empty URL', () => {
    expect(parse('')).toEqual(DEFAULT_QUEUE_STATE);
    expect(queueStateToParams(DEFAULT_QUEUE_STATE).toString()).toBe('');
  });

  it('round-trips every filter, the sort and the page', () => {
    const state: QueueState = {
      states: ['SUBMITTED', 'UNDER_INSTRUCTION'],
      campaignId: 'normandie-2024',
      window: 'W1',
      desk: 'REGIONAL',
      projectType: 'ACQUISITION',
      fields: ['PA', 'PH'],
      sizeMin: 15,
      sizeMax: 60,
      amountMin: 100000,
      amountMax: 900000,
      blocking: 'no',
      condition: 'yes',
      warning: 'yes',
      assignee: 'moi',
      search: 'EHPAD les Tilleuls',
      sort: 'amount',
      direction: 'asc',
      page: 3,
      pageSize: 50,
    };
    const url = queueStateToParams(state).toString();
    expect(parse(url)).toEqual(state);
    expect(url).toContain('statut=SUBMITTED%2CUNDER_INSTRUCTION');
    expect(url).toContain('bloquant=non');
  });

  it('writes equivalent views as the same URL (canonical order of lists)', () => {
    const a = queueStateToParams(parse('statut=UNDER_INSTRUCTION,SUBMITTED&champ=PH,PA')).toString();
    const b = queueStateToParams(parse('statut=SUBMITTED&statut=UNDER_INSTRUCTION&champ=PA&champ=PH')).toString();
    expect(a).toBe(b);
  });

  it('ignores what it does not understand instead of failing', () => {
    const state = parse('statut=PERDU,SUBMITTED&guichet=LUNAIRE&essmsMin=-3&montantMax=abc&tri=couleur&ordre=up&page=0&par=7&bloquant=peut-etre&champ=<script>');
    expect(state).toEqual({ ...DEFAULT_QUEUE_STATE, states: ['SUBMITTED'] });
  });

  it('goes back to page 1 when a filter or the sort changes', () => {
    const onPage4 = { ...DEFAULT_QUEUE_STATE, page: 4 };
    expect(withFilters(onPage4, { search: 'Rouen' }).page).toBe(1);
    expect(withSort(onPage4, 'amount')).toMatchObject({ sort: 'amount', direction: 'desc', page: 1 });
    expect(withSort(onPage4, 'reference')).toMatchObject({ sort: 'reference', direction: 'asc' });
    expect(withSort(withSort(onPage4, 'reference'), 'reference')).toMatchObject({ direction: 'desc' });
  });

  it('counts the active filters and the pages', () => {
    expect(activeFilterCount(DEFAULT_QUEUE_STATE)).toBe(0);
    expect(activeFilterCount(parse('statut=SUBMITTED,CLOSED&q=x&bloquant=non&page=2&tri=amount'))).toBe(3);
    expect(pageCount(0, 20)).toBe(1);
    expect(pageCount(41, 20)).toBe(3);
  });
});

describe('queue state → API', () => {
  it('builds the QueueFilter and QueueSort of the instruction API', () => {
    const state = parse('statut=SUBMITTED&fenetre=W2&type=UPGRADE&champ=PH&essmsMax=10&avertissement=oui&bloquant=non&instructeur=moi&q=140&tri=essmsCount&ordre=asc');
    expect(toQueueFilter(state, 'me-1')).toEqual({
      states: ['SUBMITTED'],
      windowCode: 'W2',
      projectType: 'UPGRADE',
      fields: ['PH'],
      essmsMax: 10,
      hasWarning: true,
      hasBlocking: false,
      assignedTo: 'me-1',
      search: '140',
    });
    expect(toQueueSort(state)).toEqual({ field: 'ESSMS_COUNT', direction: 'ASC' });
    expect(toQueueFilter(parse('instructeur=aucun'))).toEqual({ unassigned: true });
  });

  it('links the exports with the same filters and sort, lists comma-separated', () => {
    const href = exportHref('xlsx', parse('statut=SUBMITTED,UNDER_INSTRUCTION&champ=PA,PH&montantMin=1000'));
    const url = new URL(href, 'http://x');
    expect(url.pathname).toBe('/files/exports/candidatures.xlsx');
    expect(url.searchParams.get('states')).toBe('SUBMITTED,UNDER_INSTRUCTION');
    expect(url.searchParams.get('fields')).toBe('PA,PH');
    expect(url.searchParams.get('amountMin')).toBe('1000');
    expect(url.searchParams.get('sort')).toBe('SUBMITTED_AT');
    expect(url.searchParams.get('direction')).toBe('DESC');
    expect(exportHref('csv', DEFAULT_QUEUE_STATE)).toBe('/files/exports/candidatures.csv?sort=SUBMITTED_AT&direction=DESC');
  });
});
