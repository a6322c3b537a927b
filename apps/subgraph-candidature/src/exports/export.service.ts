import { regionName, splitPayment, STATE_LABELS } from '@esms/domain';
import { badInput, HttpError, type Claims, type SubgraphContext } from '@esms/server-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueueRow } from '../queue/access';
import { accountContacts } from '../queue/annuaire-lookups';
import { listQueue } from '../queue/queue.repository';
import { QueueSortField, SortDirection, type QueueFilter, type QueueSort } from '../queue/queue.types';
import { CandidatureStateEnum, Desk, EssmsSituation } from '../shared/enums';
import { buildCsv, buildXlsx, type ExportRow } from './export-builders';

/* eslint-disable @typescript-eslint/no-explicit-any */

export const MAX_EXPORT_ROWS = 5000;

const oneOf = <T extends string>(name: string, value: string, allowed: Record<string, T>): T => {
  if (!Object.values(allowed).includes(value as T)) throw badInput(`Paramètre « ${name} » : valeur inconnue « ${value} ».`, { field: name });
  return value as T;
};
const int = (name: string, value: string): number => {
  if (!/^\d{1,10}$/.test(value)) throw badInput(`Paramètre « ${name} » : un entier positif est attendu.`, { field: name });
  return Number(value);
};
const bool = (name: string, value: string): boolean => {
  if (value !== 'true' && value !== 'false') throw badInput(`Paramètre « ${name} » : true ou false.`, { field: name });
  return value === 'true';
};
const list = (value: string) => value.split(',').map((x) => x.trim()).filter(Boolean);

/** The query string of an export → the same QueueFilter/QueueSort as the GraphQL `instructionQueue` (same names). */
export function parseExportQuery(q: URLSearchParams): { filter: QueueFilter; sort: QueueSort } {
  const filter: QueueFilter = {};
  const sort: QueueSort = { field: QueueSortField.SUBMITTED_AT, direction: SortDirection.DESC };
  for (const [key, value] of q) {
    switch (key) {
      case 'states': filter.states = list(value).map((s) => oneOf('states', s, CandidatureStateEnum)); break;
      case 'campaignId': filter.campaignId = value; break;
      case 'windowCode': filter.windowCode = value; break;
      case 'desk': filter.desk = oneOf('desk', value, Desk); break;
      case 'projectType': filter.projectType = oneOf('projectType', value, EssmsSituation); break;
      case 'fields': filter.fields = list(value); break;
      case 'essmsMin': case 'essmsMax': case 'amountMin': case 'amountMax': filter[key] = int(key, value); break;
      case 'hasBlocking': case 'hasCondition': case 'hasWarning': case 'unassigned': filter[key] = bool(key, value); break;
      case 'assignedTo': filter.assignedTo = value; break;
      case 'search': filter.search = value; break;
      case 'sort': sort.field = oneOf('sort', value, QueueSortField); break;
      case 'direction': sort.direction = oneOf('direction', value, SortDirection); break;
      default: throw badInput(`Paramètre inconnu « ${key} ».`, { field: key });
    }
  }
  return { filter, sort };
}

const DESK_LABELS: Record<string, string> = { REGIONAL: 'Régional', NATIONAL: 'National' };

function flagsLabel(r: QueueRow): string {
  return [r.hasBlocking ? 'Bloquant' : null, r.hasCondition ? 'Condition' : null, r.hasWarning ? 'Vigilance' : null].filter(Boolean).join(', ');
}

/** The rows of the table for this filter (scoped by the claims in SQL), at most MAX_EXPORT_ROWS. */
export async function exportRows(ctx: SubgraphContext, claims: Claims, filter: QueueFilter, sort: QueueSort): Promise<ExportRow[]> {
  const rows = (await listQueue(ctx.db, claims, filter, sort, MAX_EXPORT_ROWS + 1, 0)) as QueueRow[];
  if (rows.length > MAX_EXPORT_ROWS) throw badInput(`L'export est limité à ${MAX_EXPORT_ROWS} dossiers : affinez le filtre.`);
  const campaigns: any[] = rows.length ? await ctx.db.query(`SELECT id, label FROM campaign WHERE id = ANY($1::text[])`, [[...new Set(rows.map((r) => r.campaignId))]]) : [];
  const label = new Map(campaigns.map((c) => [String(c.id), String(c.label)]));
  const assigned = [...new Set(rows.map((r) => r.assignedInstructeur).filter((x): x is string => !!x))];
  const contacts = assigned.length ? await accountContacts(assigned) : {};
  return rows.map((r) => ({
    reference: r.reference,
    title: r.title,
    stateLabel: STATE_LABELS[r.state],
    campaign: label.get(r.campaignId) ?? r.campaignId,
    windowCode: r.windowCode,
    desk: DESK_LABELS[r.desk] ?? r.desk,
    pivotRegion: r.pivotRegion ? (regionName(r.pivotRegion) ?? r.pivotRegion) : null,
    essmsCount: r.essmsCount ?? 0,
    total: r.fundingTotal ?? 0,
    advance: splitPayment(r.fundingTotal ?? 0).advance,
    flags: flagsLabel(r),
    submittedAt: r.submittedAt,
    assigned: r.assignedInstructeur ? (contacts?.[r.assignedInstructeur]?.displayName ?? r.assignedInstructeur) : null,
  }));
}

/** Same shape as server-kit's HttpRoute (plain HTTP beside /graphql, after claims verification). */
export interface ExportHttpRoute {
  method: string;
  pattern: string;
  handler(req: IncomingMessage, res: ServerResponse, ctx: SubgraphContext, params: Record<string, string>): Promise<void>;
}

const stamp = () => new Date().toISOString().slice(0, 10);

async function serve(format: 'xlsx' | 'csv', req: IncomingMessage, res: ServerResponse, ctx: SubgraphContext) {
  if (!['INSTRUCTEUR', 'CNSA', 'CD'].includes(ctx.claims.role)) throw new HttpError(403, 'FORBIDDEN', "L'export de la file est réservé aux agents (ARS, CNSA, CD).");
  const { filter, sort } = parseExportQuery(new URL(req.url ?? '/', 'http://x').searchParams);
  const rows = await exportRows(ctx, ctx.claims, filter, sort);
  const body = format === 'xlsx' ? await buildXlsx(rows) : Buffer.from(buildCsv(rows), 'utf8');
  res.writeHead(200, {
    'content-type': format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="candidatures-${stamp()}.${format}"`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'content-length': String(body.length),
  });
  res.end(body);
}

/** `GET /files/exports/candidatures.xlsx|.csv?<filter>` (through the gateway's /files/* proxy). */
export const exportHttpRoutes: ExportHttpRoute[] = [
  { method: 'GET', pattern: '/files/exports/candidatures.xlsx', handler: (req, res, ctx) => serve('xlsx', req, res, ctx) },
  { method: 'GET', pattern: '/files/exports/candidatures.csv', handler: (req, res, ctx) => serve('csv', req, res, ctx) },
];
