import { randomUUID } from 'node:crypto';
import { indicativeDurationMonths, LifecycleError, parisDate, regionName, splitPayment, transition, type CandidatureState } from '@esms/domain';
import { badInput, conflict, forbidden, loaderFor, notFound, requireRole, type SubgraphContext } from '@esms/server-kit';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, loadMembers } from '../candidatures/candidature.repository';
import { candidatureFunding, readableCandidature } from '../candidatures/candidature.service';
import { conventionPdf } from './convention.pdf';
import type { Convention, Payment } from './convention.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

const rowsOf = (result: any): any[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const conventionUrlOf = (candidatureId: string) => `/files/conventions/${candidatureId}/convention.pdf`;

const COLUMNS = `id, candidature_id AS "candidatureId", status, total, advance, balance, duration_months AS "durationMonths",
  to_char(project_start, 'YYYY-MM-DD') AS "projectStart", to_char(expected_end, 'YYYY-MM-DD') AS "expectedEnd", generated_by AS "generatedBy",
  generated_at AS "generatedAt", to_char(signed_on, 'YYYY-MM-DD') AS "signedOn", signed_by AS "signedBy"`;

const toConvention = (r: any): Convention => ({ ...r, documentUrl: conventionUrlOf(r.candidatureId) });

/** `date` + `months` calendar months (ISO dates, day clamped to the month's end). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/** The pivot ARS instructeur (CNSA at the national desk) of a file it may act on. */
async function conventionActor(ctx: SubgraphContext, id: string): Promise<{ row: CandidatureRow; role: 'INSTRUCTEUR' | 'CNSA' }> {
  requireRole(ctx, 'INSTRUCTEUR', 'CNSA');
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (role !== 'INSTRUCTEUR' && role !== 'CNSA') throw forbidden('Seule l’ARS pivot (ou la CNSA au guichet national) établit et signe la convention.');
  return { row, role };
}

function durationOf(row: CandidatureRow, anyAcquisition: boolean): number | null {
  return indicativeDurationMonths({ anyAcquisition, desk: row.desk === 'NATIONAL' ? 'NATIONAL' : 'REGIONAL' });
}

/** Generates (or regenerates while unsigned) the convention of a RETAINED file: amounts, milestones, PDF. */
export async function generateConvention(ctx: SubgraphContext, id: string): Promise<Convention> {
  const { row, role } = await conventionActor(ctx, id);
  if (row.state !== 'RETAINED') throw conflict(`Seule une candidature retenue par le comité reçoit une convention (état actuel : ${row.state}).`);
  const funding = await candidatureFunding(ctx, row);
  const { advance, balance } = splitPayment(funding.total);
  const now = new Date();
  const projectStart = parisDate(now);
  const durationMonths = durationOf(row, funding.lines.some((l) => l.situation === 'ACQUISITION'));
  const expectedEnd = durationMonths === null ? null : addMonths(projectStart, durationMonths);
  const pdf = await conventionPdf({
    regionLabel: `Agence régionale de santé ${regionName(row.pivotRegion ?? '') ?? row.pivotRegion ?? ''}`,
    reference: row.reference,
    title: row.title,
    total: funding.total,
    advance,
    balance,
    projectStart,
    expectedEnd,
    durationMonths,
    essms: funding.lines.map((l) => ({ finess: l.finess, amount: l.usages + l.software + l.hardware })),
    generatedAt: now,
  });
  await ctx.db.transaction(async (m) => {
    const existing = rowsOf(await m.query(`SELECT status FROM convention WHERE candidature_id = $1 FOR UPDATE`, [row.id]))[0];
    if (existing?.status === 'SIGNED') throw conflict('La convention est déjà signée : elle ne peut plus être régénérée.');
    await m.query(
      `INSERT INTO convention (id, candidature_id, status, total, advance, balance, duration_months, project_start, expected_end, pdf, generated_by, generated_at)
       VALUES ($1, $2, 'GENERATED', $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (candidature_id) DO UPDATE SET total = EXCLUDED.total, advance = EXCLUDED.advance, balance = EXCLUDED.balance, duration_months = EXCLUDED.duration_months,
         project_start = EXCLUDED.project_start, expected_end = EXCLUDED.expected_end, pdf = EXCLUDED.pdf, generated_by = EXCLUDED.generated_by, generated_at = EXCLUDED.generated_at`,
      [randomUUID(), row.id, funding.total, advance, balance, durationMonths, projectStart, expectedEnd, pdf, ctx.claims.sub ?? 'inconnu', now],
    );
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: 'generate_convention',
      fromState: row.state,
      toState: row.state,
      at: now,
      details: { before: existing ? { status: existing.status } : null, after: { total: funding.total, advance, balance, projectStart, expectedEnd, durationMonths } },
    });
  });
  ctx.loaders.clear();
  return (await conventionOf(ctx, row.id)) as Convention;
}

/**
 * Records the signature date: lifecycle RETAINED → CONVENTION_SIGNED (domain `transition`), the advance (50 %,
 * `splitPayment`) becomes DUE, milestones restart from the signature date, the funding joins the history per
 * FINESS (E03–E05) — all in one transaction with the candidature_event.
 */
export async function signConvention(ctx: SubgraphContext, id: string, signedOn: string): Promise<Convention> {
  const { row, role } = await conventionActor(ctx, id);
  if (!ISO_DATE.test(signedOn) || Number.isNaN(Date.parse(`${signedOn}T12:00:00Z`)) || new Date(`${signedOn}T12:00:00Z`).toISOString().slice(0, 10) !== signedOn) {
    throw badInput('Indiquez la date de signature au format AAAA-MM-JJ.', { field: 'signedOn' });
  }
  const today = parisDate(new Date());
  if (signedOn > today) throw badInput('La date de signature ne peut pas être dans le futur.', { field: 'signedOn' });
  const convention = rowsOf(await ctx.db.query(`SELECT ${COLUMNS}, to_char(generated_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') AS "generatedOn" FROM convention WHERE candidature_id = $1`, [row.id]))[0];
  if (!convention) throw conflict('Générez d’abord la convention (generateConvention) avant d’enregistrer sa signature.');
  if (convention.status === 'SIGNED') throw conflict('La convention est déjà signée.');
  if (signedOn < convention.generatedOn) throw badInput(`La date de signature ne peut pas précéder la génération de la convention (${convention.generatedOn}).`, { field: 'signedOn' });
  let to: CandidatureState;
  try {
    to = transition(row.state, 'sign_convention', role, {});
  } catch (error) {
    if (error instanceof LifecycleError) throw error.code === 'FORBIDDEN_ROLE' ? forbidden(error.message) : conflict(error.message);
    throw error;
  }
  const funding = await candidatureFunding(ctx, row);
  const members = await loadMembers(ctx.db, row.id);
  const expectedEnd = convention.durationMonths === null ? null : addMonths(signedOn, Number(convention.durationMonths));
  const now = new Date();
  await ctx.db.transaction(async (m) => {
    const updated = rowsOf(await m.query(`UPDATE candidature SET state = $3, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 AND state = 'RETAINED' RETURNING id`, [row.id, row.version, to]));
    if (!updated.length) throw conflict('La candidature a été modifiée entre-temps : rechargez-la puis recommencez.');
    await m.query(`UPDATE convention SET status = 'SIGNED', signed_on = $2, signed_by = $3, signed_at = $4, project_start = $2, expected_end = $5 WHERE candidature_id = $1 AND status = 'GENERATED'`, [
      row.id,
      signedOn,
      ctx.claims.sub ?? 'inconnu',
      now,
      expectedEnd,
    ]);
    await m.query(`INSERT INTO payment (id, candidature_id, kind, amount, status, due_on, created_by) VALUES ($1, $2, 'ADVANCE', $3, 'DUE', $4, $5)`, [
      randomUUID(),
      row.id,
      Number(convention.advance),
      signedOn,
      ctx.claims.sub ?? 'inconnu',
    ]);
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: 'sign_convention',
      fromState: row.state,
      toState: to,
      at: now,
      details: { signedOn, total: Number(convention.total), advance: Number(convention.advance), advanceStatus: 'DUE', expectedEnd },
    });
    // The funding committed by the convention joins the history per FINESS (E03–E05 of later campaigns), as fireAction does.
    const campaign = rowsOf(await m.query(`SELECT label FROM campaign WHERE id = $1`, [row.campaignId]))[0];
    for (const line of funding.lines) {
      const member = members.find((x) => x.finess === line.finess);
      await m.query(
        `INSERT INTO funding_history (finess, campaign, situation, software_solution, sons_ordered, amount, source, candidature_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [line.finess, campaign?.label ?? row.campaignId, line.situation, member?.chosenSolutionId ?? null, line.situation === 'UPGRADE', line.usages + line.software + line.hardware, `candidature ${row.reference}`, row.id, now],
      );
    }
  });
  ctx.loaders.clear();
  return (await conventionOf(ctx, row.id)) as Convention;
}

/** The convention of a file the caller can read (the candidature scope was checked by the parent resolver). */
export async function conventionOf(ctx: SubgraphContext, candidatureId: string): Promise<Convention | null> {
  const row = await loaderFor<string, any>(ctx, 'convention:byCandidature', async (ids) => {
    const rows = await ctx.db.query(`SELECT ${COLUMNS} FROM convention WHERE candidature_id = ANY($1::uuid[])`, [[...ids]]);
    return ids.map((id) => rows.find((r: any) => r.candidatureId === id) ?? null);
  }).load(candidatureId);
  return row ? toConvention(row) : null;
}

export async function paymentsOf(ctx: SubgraphContext, candidatureId: string): Promise<Payment[]> {
  return (
    (await loaderFor<string, Payment[]>(ctx, 'payments:byCandidature', async (ids) => {
      const rows = (await ctx.db.query(
        `SELECT id, candidature_id AS "candidatureId", kind, amount, status, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", created_at AS "createdAt" FROM payment WHERE candidature_id = ANY($1::uuid[]) ORDER BY created_at`,
        [[...ids]],
      )) as (Payment & { candidatureId: string })[];
      return ids.map((id) => rows.filter((r) => r.candidatureId === id));
    }).load(candidatureId)) ?? []
  );
}

/** The PDF of a convention, for a caller who can read the file (NOT_FOUND otherwise). */
export async function conventionDocument(ctx: SubgraphContext, candidatureId: string): Promise<{ pdf: Buffer; reference: string }> {
  const row = await readableCandidature(ctx, candidatureId);
  const doc = rowsOf(await ctx.db.query(`SELECT pdf FROM convention WHERE candidature_id = $1`, [row.id]))[0];
  if (!doc) throw notFound("Cette convention n'existe pas encore.");
  return { pdf: Buffer.from(doc.pdf), reference: row.reference };
}
