import ExcelJS from 'exceljs';
import { regionName, STATE_LABELS } from '@esms/domain';
import { badInput, HttpError, requireRole, sendJson, type Claims, type HttpRoute, type InternalRoute, type SubgraphContext } from '@esms/server-kit';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { actingRole, candidatureScopeSql } from '../authorization/candidature-scope';
import { isUuid, loadMembers, mapCandidature } from '../candidatures/candidature.repository';
import { paymentsOf } from '../convention/convention.service';
import { importTemplate, parseMeasurementFile } from '../measurements/measurement-import';
import { recordMeasurements } from '../measurements/measurement.service';
import { MAX_STATEMENT_BYTES, paymentRecordLoader, readExpenseStatement, storeExpenseStatement } from '../payments/payment.service';
import { followUpReadable } from './access';
import { portfolio } from './follow-up.service';

/* eslint-disable @typescript-eslint/no-explicit-any */

async function readLimited(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.resume();
      throw new HttpError(413, 'PAYLOAD_TOO_LARGE', 'Le fichier dépasse 10 Mo : réduisez-le.');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendFile(res: ServerResponse, data: Buffer | string, mediaType: string, fileName: string) {
  const body = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.writeHead(200, {
    'content-type': mediaType,
    'content-length': String(body.length),
    'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
    'content-security-policy': "default-src 'none'; sandbox",
  });
  res.end(body);
}

const query = (req: IncomingMessage) => new URL(req.url ?? '/', 'http://x').searchParams;
const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};

const PAYMENT_LABELS: Record<string, string> = { DUE: 'Exigible', PAID: 'Versé' };

/** The portfolio as a workbook (same facts as the web page). */
export async function portfolioXlsx(ctx: SubgraphContext, regionCode: string | null): Promise<Buffer> {
  const lines = await portfolio(ctx, regionCode);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ESMS numérique';
  const ws = wb.addWorksheet('Suivi des projets', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: 'Référence', key: 'reference', width: 16 },
    { header: 'Titre', key: 'title', width: 48 },
    { header: 'État', key: 'state', width: 20 },
    { header: 'Région pivot', key: 'region', width: 22 },
    { header: 'ESSMS', key: 'essms', width: 8 },
    { header: 'Convention signée le', key: 'signedOn', width: 14 },
    { header: 'Fin attendue', key: 'expectedEnd', width: 14 },
    { header: 'Jalons en retard', key: 'late', width: 40 },
    { header: 'Avance (€)', key: 'advance', width: 12 },
    { header: 'Avance : statut', key: 'advanceStatus', width: 20 },
    { header: 'Solde (€)', key: 'balance', width: 12 },
    { header: 'Solde : statut', key: 'balanceStatus', width: 20 },
    { header: 'ESSMS aux cibles', key: 'reached', width: 12 },
    { header: 'Cibles manquées', key: 'missing', width: 60 },
    { header: 'À risque', key: 'atRisk', width: 10 },
  ];
  ws.getRow(1).font = { bold: true };
  const safe = (v: string) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
  for (const { row, followUp } of lines) {
    const payments = await paymentsOf(ctx, row.id);
    const describe = async (kind: string) => {
      const p = payments.find((x) => x.kind === kind);
      if (!p) return { amount: null, status: kind === 'BALANCE' ? 'Non demandé' : '—' };
      const rec = await paymentRecordLoader(ctx).load(p.id);
      return { amount: p.amount, status: p.status === 'PAID' ? `Versé le ${rec?.paidOn ?? ''}` : PAYMENT_LABELS[p.status] ?? p.status };
    };
    const [advance, balance] = await Promise.all([describe('ADVANCE'), describe('BALANCE')]);
    ws.addRow({
      reference: row.reference,
      title: safe(row.title),
      state: STATE_LABELS[row.state],
      region: regionName(row.pivotRegion ?? '') ?? row.pivotRegion ?? '',
      essms: followUp?.essms.length ?? 0,
      signedOn: followUp?.signedOn ?? '',
      expectedEnd: followUp?.expectedEnd ?? '',
      late: followUp ? followUp.milestones.filter((m) => m.status === 'LATE').map((m) => m.label).join(' ; ') : '',
      advance: advance.amount,
      advanceStatus: advance.status,
      balance: balance.amount,
      balanceStatus: row.state === 'BALANCE_REQUESTED' && !balance.amount ? 'Demandé, à valider' : balance.status,
      reached: followUp ? `${followUp.essms.filter((e) => e.targetsReached).length}/${followUp.essms.length}` : '',
      missing: followUp
        ? safe(
            followUp.essms
              .filter((e) => !e.targetsReached)
              .map((e) => `${e.finess} : ${e.latest ? e.missingIndicators.join(', ') : 'aucune mesure'}`)
              .join(' ; '),
          )
        : '',
      atRisk: followUp?.projection.atRisk ? 'Oui' : 'Non',
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** REST routes of the follow-up (reached through the gateway's /files/* proxy). */
export const followUpRoutes: HttpRoute[] = [
  {
    method: 'POST',
    pattern: '/files/candidatures/:id/measurements/import',
    async handler(req, res, ctx, params) {
      const month = query(req).get('month') ?? '';
      const data = await readLimited(req, 2 * 1024 * 1024);
      const items = await parseMeasurementFile(data);
      const result = await recordMeasurements(ctx, params['id'], month, items, { source: 'IMPORT' });
      sendJson(res, 200, { result, lines: items.length });
    },
  },
  {
    method: 'GET',
    pattern: '/files/candidatures/:id/measurements/template.csv',
    async handler(_req, res, ctx, params) {
      const row = await followUpReadable(ctx, params['id']);
      const members = await loadMembers(ctx.db, row.id);
      sendFile(res, '\uFEFF' + importTemplate(members.map((m) => m.finess)), 'text/csv; charset=utf-8', `mesures-${row.reference}.csv`);
    },
  },
  {
    method: 'POST',
    pattern: '/files/candidatures/:id/expense-statement',
    async handler(req, res, ctx, params) {
      const q = query(req);
      const data = await readLimited(req, MAX_STATEMENT_BYTES);
      const fileName = decodeURIComponent(header(req, 'x-file-name') ?? 'etat-des-depenses.pdf');
      const statement = await storeExpenseStatement(ctx, params['id'], data, {
        fileName,
        certifiedBy: q.get('certifiedBy') ?? '',
        hardwareExpense: q.get('hardwareExpense'),
      });
      sendJson(res, 201, { expenseStatement: { ...statement, uploadedAt: statement.uploadedAt.toISOString() } });
    },
  },
  {
    method: 'GET',
    pattern: '/files/expense-statements/:statementId',
    async handler(_req, res, ctx, params) {
      const { data, fileName } = await readExpenseStatement(ctx, params['statementId']);
      sendFile(res, data, 'application/pdf', fileName);
    },
  },
  {
    method: 'GET',
    pattern: '/files/follow-up/portfolio.xlsx',
    async handler(req, res, ctx) {
      requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
      const region = query(req).get('regionCode');
      if (region !== null && !/^\d{2}$/.test(region)) throw badInput('Paramètre « regionCode » : code INSEE de région attendu.', { field: 'regionCode' });
      sendFile(res, await portfolioXlsx(ctx, region), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `suivi-projets-${new Date().toISOString().slice(0, 10)}.xlsx`);
    },
  },
];

/**
 * `follow-up/editor-token-grant` { claims, candidatureId } → { allowed, reference }: may this person issue a DUI
 * editor token scoped to this project? (the annuaire asks before creating `measurements:write:<id>`). The porteur
 * of the file or the pivot ARS instructeur (CNSA at the national desk), once the project is selected.
 */
export const followUpInternalRoutes: Record<string, InternalRoute> = {
  'follow-up/editor-token-grant': async (body, ctx) => {
    const b = (body && typeof body === 'object' ? body : {}) as { claims?: Claims; candidatureId?: string };
    const claims = b.claims;
    const id = String(b.candidatureId ?? '');
    if (!claims || typeof claims.role !== 'string' || !isUuid(id)) return { allowed: false, reference: null };
    const person: Claims = { sub: claims.sub ?? null, role: claims.role, organismes: claims.organismes ?? [], regionCode: claims.regionCode ?? null, departements: claims.departements ?? [], scopes: [] };
    const scope = candidatureScopeSql(person, 1);
    const rows: any[] = await ctx.db.query(`SELECT c.* FROM candidature c WHERE c.id = $1 AND (${scope.sql})`, [id.toLowerCase(), ...scope.params]);
    const row = rows[0] ? mapCandidature(rows[0]) : null;
    if (!row) return { allowed: false, reference: null };
    const role = actingRole(person, row);
    const selected = ['CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED'].includes(row.state);
    return { allowed: !!role && selected, reference: row.reference, candidatureId: row.id };
  },
};
