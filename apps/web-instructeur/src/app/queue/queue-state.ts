/**
 * The queue's filters, sort and page, kept in the URL so a view can be bookmarked, shared with a
 * colleague, reloaded, and exported with exactly the same filters.
 */

export const CANDIDATURE_STATES = [
  'SUBMITTED',
  'COMPLEMENT_REQUESTED',
  'UNDER_INSTRUCTION',
  'IN_COMMITTEE',
  'RETAINED',
  'NOT_RETAINED',
  'POSTPONED',
  'NON_RECEVABLE',
  'CONVENTION_SIGNED',
  'ADVANCE_PAID',
  'IN_DEPLOYMENT',
  'BALANCE_REQUESTED',
  'CLOSED',
  'DRAFT',
] as const;
export type QueueCandidatureState = (typeof CANDIDATURE_STATES)[number];

export const SORT_KEYS = ['submittedAt', 'reference', 'essmsCount', 'amount'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

export const PAGE_SIZES = [20, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 20;

export type DeskFilter = 'REGIONAL' | 'NATIONAL';
export type ProjectTypeFilter = 'ACQUISITION' | 'UPGRADE' | 'MIXED';
/** Tri-state filter on an eligibility flag: only files with it, only files without it, or either. */
export type FlagFilter = 'yes' | 'no';

export interface QueueState {
  states: QueueCandidatureState[];
  campaignId?: string;
  window?: string;
  desk?: DeskFilter;
  projectType?: ProjectTypeFilter;
  /** Public fields of the grappe's ESSMS: PA, PH… (any of them). */
  fields: string[];
  sizeMin?: number;
  sizeMax?: number;
  amountMin?: number;
  amountMax?: number;
  blocking?: FlagFilter;
  condition?: FlagFilter;
  warning?: FlagFilter;
  /** An account id, `moi` (the person logged in) or `aucun` (not assigned). */
  assignee?: string;
  /** FINESS (ET or EJ), reference or name. */
  search?: string;
  sort: SortKey;
  direction: SortDirection;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export const DEFAULT_QUEUE_STATE: QueueState = {
  states: [],
  fields: [],
  sort: 'submittedAt',
  direction: 'desc',
  page: 1,
  pageSize: DEFAULT_PAGE_SIZE,
};

const DESKS: readonly DeskFilter[] = ['REGIONAL', 'NATIONAL'];
const PROJECT_TYPES: readonly ProjectTypeFilter[] = ['ACQUISITION', 'UPGRADE', 'MIXED'];
const FLAG_PARAM: Record<FlagFilter, string> = { yes: 'oui', no: 'non' };
const flagFrom = (v: string | null): FlagFilter | undefined => (v === 'oui' ? 'yes' : v === 'non' ? 'no' : undefined);

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | undefined {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;
}

function listOf<T extends string>(values: string[], allowed: readonly T[]): T[] {
  const seen = new Set<T>();
  for (const raw of values.flatMap((v) => v.split(','))) {
    const value = oneOf(raw.trim(), allowed);
    if (value) seen.add(value);
  }
  // Keep the canonical order so two equivalent URLs are identical.
  return allowed.filter((v) => seen.has(v));
}

function nonNegativeInt(value: string | null): number | undefined {
  if (value === null || value.trim() === '' || !/^\d+$/.test(value.trim())) return undefined;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : undefined;
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed.slice(0, 200) : undefined;
}

/** Reads a queue view from the URL; anything unknown or malformed falls back to the default. */
export function parseQueueState(params: URLSearchParams): QueueState {
  const pageSize = nonNegativeInt(params.get('par'));
  const page = nonNegativeInt(params.get('page'));
  return {
    states: listOf(params.getAll('statut'), CANDIDATURE_STATES),
    campaignId: text(params.get('campagne')),
    window: text(params.get('fenetre')),
    desk: oneOf(params.get('guichet'), DESKS),
    projectType: oneOf(params.get('type'), PROJECT_TYPES),
    fields: [...new Set(params.getAll('champ').flatMap((v) => v.split(',')).map((v) => v.trim().toUpperCase()).filter((v) => /^[A-Z_]{1,30}$/.test(v)))].sort(),
    sizeMin: nonNegativeInt(params.get('essmsMin')),
    sizeMax: nonNegativeInt(params.get('essmsMax')),
    amountMin: nonNegativeInt(params.get('montantMin')),
    amountMax: nonNegativeInt(params.get('montantMax')),
    blocking: flagFrom(params.get('bloquant')),
    condition: flagFrom(params.get('condition')),
    warning: flagFrom(params.get('avertissement')),
    assignee: text(params.get('instructeur')),
    search: text(params.get('q')),
    sort: oneOf(params.get('tri'), SORT_KEYS) ?? DEFAULT_QUEUE_STATE.sort,
    direction: oneOf(params.get('ordre'), ['asc', 'desc'] as const) ?? DEFAULT_QUEUE_STATE.direction,
    page: page && page >= 1 ? page : 1,
    pageSize: pageSize && (PAGE_SIZES as readonly number[]).includes(pageSize) ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** Writes a queue view to the URL, leaving out the defaults (short, stable links). */
export function queueStateToParams(state: QueueState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.states.length) params.set('statut', listOf(state.states, CANDIDATURE_STATES).join(','));
  if (state.campaignId) params.set('campagne', state.campaignId);
  if (state.window) params.set('fenetre', state.window);
  if (state.desk) params.set('guichet', state.desk);
  if (state.projectType) params.set('type', state.projectType);
  if (state.fields.length) params.set('champ', [...state.fields].sort().join(','));
  if (state.sizeMin !== undefined) params.set('essmsMin', String(state.sizeMin));
  if (state.sizeMax !== undefined) params.set('essmsMax', String(state.sizeMax));
  if (state.amountMin !== undefined) params.set('montantMin', String(state.amountMin));
  if (state.amountMax !== undefined) params.set('montantMax', String(state.amountMax));
  if (state.blocking) params.set('bloquant', FLAG_PARAM[state.blocking]);
  if (state.condition) params.set('condition', FLAG_PARAM[state.condition]);
  if (state.warning) params.set('avertissement', FLAG_PARAM[state.warning]);
  if (state.assignee) params.set('instructeur', state.assignee);
  if (state.search) params.set('q', state.search);
  if (state.sort !== DEFAULT_QUEUE_STATE.sort) params.set('tri', state.sort);
  if (state.direction !== DEFAULT_QUEUE_STATE.direction) params.set('ordre', state.direction);
  if (state.page !== 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_PAGE_SIZE) params.set('par', String(state.pageSize));
  return params;
}

/** A change of filter sends the person back to page 1 (page 7 of another result set is meaningless). */
export function withFilters(state: QueueState, change: Partial<Omit<QueueState, 'sort' | 'direction' | 'page'>>): QueueState {
  return { ...state, ...change, page: 1 };
}

/** Clicking a column header: same column flips the order, a new column starts with its natural order. */
export function withSort(state: QueueState, key: SortKey): QueueState {
  if (state.sort === key) return { ...state, direction: state.direction === 'asc' ? 'desc' : 'asc', page: 1 };
  const naturalDesc: SortKey[] = ['submittedAt', 'amount', 'essmsCount'];
  return { ...state, sort: key, direction: naturalDesc.includes(key) ? 'desc' : 'asc', page: 1 };
}

export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

/** How many filters (not sort/page) are active, for the "Filtres (3)" summary. */
export function activeFilterCount(state: QueueState): number {
  const scalars: (keyof QueueState)[] = ['campaignId', 'window', 'desk', 'projectType', 'sizeMin', 'sizeMax', 'amountMin', 'amountMax', 'blocking', 'condition', 'warning', 'assignee', 'search'];
  return (state.states.length ? 1 : 0) + (state.fields.length ? 1 : 0) + scalars.filter((k) => state[k] !== undefined).length;
}

// ------------------------------------------------------------------ the API's view of the same state

export interface QueueFilterInput {
  states?: QueueCandidatureState[];
  campaignId?: string;
  windowCode?: string;
  desk?: DeskFilter;
  projectType?: 'ACQUISITION' | 'UPGRADE';
  fields?: string[];
  essmsMin?: number;
  essmsMax?: number;
  amountMin?: number;
  amountMax?: number;
  hasBlocking?: boolean;
  hasCondition?: boolean;
  hasWarning?: boolean;
  assignedTo?: string;
  unassigned?: boolean;
  search?: string;
}

export type QueueSortField = 'SUBMITTED_AT' | 'AMOUNT' | 'ESSMS_COUNT' | 'REFERENCE';
export interface QueueSortInput {
  field: QueueSortField;
  direction: 'ASC' | 'DESC';
}

const SORT_FIELD: Record<SortKey, QueueSortField> = {
  submittedAt: 'SUBMITTED_AT',
  amount: 'AMOUNT',
  essmsCount: 'ESSMS_COUNT',
  reference: 'REFERENCE',
};

/** The `QueueFilter` of `instructionQueue` (subgraph-candidature queue/API.md). `meId` resolves `moi`. */
export function toQueueFilter(state: QueueState, meId?: string): QueueFilterInput {
  const filter: QueueFilterInput = {};
  if (state.states.length) filter.states = state.states;
  if (state.campaignId) filter.campaignId = state.campaignId;
  if (state.window) filter.windowCode = state.window;
  if (state.desk) filter.desk = state.desk;
  // MIXED has no filter of its own in the API: shown as both types (see the queue page).
  if (state.projectType === 'ACQUISITION' || state.projectType === 'UPGRADE') filter.projectType = state.projectType;
  if (state.fields.length) filter.fields = state.fields;
  if (state.sizeMin !== undefined) filter.essmsMin = state.sizeMin;
  if (state.sizeMax !== undefined) filter.essmsMax = state.sizeMax;
  if (state.amountMin !== undefined) filter.amountMin = state.amountMin;
  if (state.amountMax !== undefined) filter.amountMax = state.amountMax;
  if (state.blocking) filter.hasBlocking = state.blocking === 'yes';
  if (state.condition) filter.hasCondition = state.condition === 'yes';
  if (state.warning) filter.hasWarning = state.warning === 'yes';
  if (state.assignee === 'aucun') filter.unassigned = true;
  else if (state.assignee === 'moi') {
    if (meId) filter.assignedTo = meId;
  } else if (state.assignee) filter.assignedTo = state.assignee;
  if (state.search) filter.search = state.search;
  return filter;
}

export function toQueueSort(state: QueueState): QueueSortInput {
  return { field: SORT_FIELD[state.sort], direction: state.direction === 'asc' ? 'ASC' : 'DESC' };
}

/** `/files/exports/candidatures.<format>?…`: the same rows as the table, without pagination. */
export function exportHref(format: 'xlsx' | 'csv', state: QueueState, meId?: string): string {
  const filter = toQueueFilter(state, meId);
  const sort = toQueueSort(state);
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  params.set('sort', sort.field);
  params.set('direction', sort.direction);
  return `/files/exports/candidatures.${format}?${params.toString()}`;
}
