import { randomUUID } from 'node:crypto';
import { indicativeDurationMonths, LifecycleError, parisDate, regionName, splitPayment, STATE_LABELS, transition, type CandidatureState } from '@esms/domain';
import { badInput, conflict, forbidden, loaderFor, notFound, now, unauthenticated, type SubgraphContext } from '@esms/server-kit';
import { establishmentFacts } from '../annuaire/annuaire-client';
import { actingRole } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, loadMembers } from '../candidatures/candidature.repository';
import { candidatureFunding, readableCandidature } from '../candidatures/candidature.service';
import { conventionPdf } from './convention.pdf';
import type { Convention, ConventionLine, Payment } from './convention.types';

/* eslint-disable @typescript-eslint/no-explicit-any */

const rowsOf = (result: any): any[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const frDate = (iso: string) => iso.split('-').reverse().join('/');
const euros = (n: number) => `${new Intl.NumberFormat('fr-FR').format(n).replace(/\u202f|\u00a0/g, ' ')} €`;

export const conventionUrlOf = (candidatureId: string) => `/files/conventions/${candidatureId}/convention.pdf`;

const COLUMNS = `id, candidature_id AS "candidatureId", status, total, advance, balance, amoa, funding_lines AS "fundingLines", duration_months AS "durationMonths",
  to_char(project_start, 'YYYY-MM-DD') AS "projectStart", to_char(expected_end, 'YYYY-MM-DD') AS "expectedEnd", generated_by AS "generatedBy",
  generated_at AS "generatedAt", to_char(signed_on, 'YYYY-MM-DD') AS "signedOn", signed_by AS "signedBy", signed_at AS "signedAt"`;

/** A convention row as read; `fundingLines`/`amoa` are the snapshot taken at generation (null before it was kept). */
export type ConventionRow = Omit<Convention, 'lines' | 'amoa' | 'decidedOn'> & { fundingLines: StoredLine[] | null; amoa: number | null };

type StoredLine = Omit<ConventionLine, 'establishment'>;

const toConvention = (r: any): ConventionRow => ({
  ...r,
  total: Number(r.total),
  advance: Number(r.advance),
  balance: Number(r.balance),
  amoa: r.amoa === null || r.amoa === undefined ? null : Number(r.amoa),
  durationMonths: r.durationMonths === null ? null : Number(r.durationMonths),
  documentUrl: conventionUrlOf(r.candidatureId),
});

/** `date` + `months` calendar months (ISO dates, day clamped to the month's end). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}

/**
 * Why a signature date is refused (French, says what to do), or null. The signature cannot be in the future (Paris
 * calendar) nor precede the committee's decision that retained the file; a convention regenerated after the porteur
 * signed keeps the same amounts, so the generation date is no bound.
 */
export function signatureDateRefusal(signedOn: string, today: string, decidedOn: string | null): string | null {
  if (!ISO_DATE.test(signedOn ?? '') || Number.isNaN(Date.parse(`${signedOn}T12:00:00Z`)) || new Date(`${signedOn}T12:00:00Z`).toISOString().slice(0, 10) !== signedOn) {
    return 'Indiquez la date de signature au format JJ/MM/AAAA (une date du calendrier).';
  }
  if (signedOn > today) return `La date de signature ne peut pas être dans le futur : indiquez une date au plus tard le ${frDate(today)}.`;
  if (decidedOn && signedOn < decidedOn) {
    return `La date de signature ne peut pas précéder la décision du comité qui a retenu le dossier (${frDate(decidedOn)}) : indiquez une date à partir de celle-ci.`;
  }
  return null;
}

/**
 * The pivot ARS instructeur (the CNSA at the national desk) of a file it may act on. A caller who cannot read the file
 * gets the answer of a file that does not exist; one who reads it without instructing it (porteur, CD, another ARS of a
 * multiregional file, CNSA on a regional file, API client) is told who establishes the convention.
 */
async function conventionActor(ctx: SubgraphContext, id: string): Promise<{ row: CandidatureRow; role: 'INSTRUCTEUR' | 'CNSA' }> {
  if (ctx.claims.role === 'PUBLIC') throw unauthenticated();
  const row = await readableCandidature(ctx, id);
  const role = actingRole(ctx.claims, row);
  if (role !== 'INSTRUCTEUR' && role !== 'CNSA') throw forbidden('Seule l’ARS pivot du dossier (ou la CNSA au guichet national) établit et signe la convention.');
  return { row, role };
}

function durationOf(row: CandidatureRow, anyAcquisition: boolean): number | null {
  return indicativeDurationMonths({ anyAcquisition, desk: row.desk === 'NATIONAL' ? 'NATIONAL' : 'REGIONAL' });
}

/** The amounts of the file line by line (domain `computeFunding` on the sealed grappe), with the ESSMS names when the annuaire answers. */
async function fundingSnapshot(ctx: SubgraphContext, row: CandidatureRow): Promise<{ total: number; amoa: number; lines: StoredLine[] }> {
  const funding = await candidatureFunding(ctx, row);
  const facts = await establishmentFacts(funding.lines.map((l) => l.finess));
  const lines = funding.lines.map((l) => ({
    finess: l.finess,
    name: facts?.[l.finess]?.name ?? null,
    rank: l.rank,
    situation: l.situation,
    usages: l.usages,
    software: l.software,
    hardware: l.hardware,
    amount: l.usages + l.software + l.hardware,
  }));
  return { total: funding.total, amoa: funding.amoa, lines };
}

/**
 * The lines of a convention: its snapshot, or (conventions recorded before snapshots were kept) the sealed grappe's,
 * with the AMOA as what the stored total leaves beyond them — the lines and the total the convention states then agree.
 */
export async function conventionLines(ctx: SubgraphContext, c: ConventionRow): Promise<{ amoa: number; lines: StoredLine[] }> {
  if (c.fundingLines && c.amoa !== null) return { amoa: c.amoa, lines: c.fundingLines };
  const lines = c.fundingLines ?? (await fundingSnapshot(ctx, await readableCandidature(ctx, c.candidatureId))).lines;
  return { amoa: c.amoa ?? Math.max(0, c.total - lines.reduce((sum, l) => sum + l.amount, 0)), lines };
}

/** Paris date of the committee decision that retained the file (its latest move to RETAINED), null when none is recorded. */
export const decisionDateLoader = (ctx: SubgraphContext) =>
  loaderFor<string, string | null>(ctx, 'convention:decidedOn', async (ids) => {
    const rows = rowsOf(
      await ctx.db.query(`SELECT candidature_id AS id, max(at) AS at FROM candidature_event WHERE candidature_id = ANY($1::uuid[]) AND to_state = 'RETAINED' AND from_state IS DISTINCT FROM 'RETAINED' GROUP BY candidature_id`, [[...ids]]),
    );
    return ids.map((id) => {
      const r = rows.find((x: any) => x.id === id);
      return r?.at ? parisDate(new Date(r.at)) : null;
    });
  });

const regionLabelOf = (row: CandidatureRow) => `Agence régionale de santé ${regionName(row.pivotRegion ?? '') ?? row.pivotRegion ?? ''}`;

/** Generates (or regenerates while unsigned) the convention of a RETAINED file: amounts, milestones, PDF. */
export async function generateConvention(ctx: SubgraphContext, id: string): Promise<ConventionRow> {
  const { row, role } = await conventionActor(ctx, id);
  const current = await conventionOf(ctx, row.id);
  if (current?.status === 'SIGNED') throw conflict(`La convention est déjà signée (le ${frDate(current.signedOn ?? '')}) : elle ne peut plus être régénérée.`);
  if (row.state !== 'RETAINED') {
    throw conflict(`Seule une candidature retenue par le comité reçoit une convention : ce dossier est à l’état « ${STATE_LABELS[row.state]} ».`);
  }
  const snapshot = await fundingSnapshot(ctx, row);
  const { advance, balance } = splitPayment(snapshot.total);
  const at = now();
  const projectStart = parisDate(at);
  const durationMonths = durationOf(row, snapshot.lines.some((l) => l.situation === 'ACQUISITION'));
  const expectedEnd = durationMonths === null ? null : addMonths(projectStart, durationMonths);
  const pdf = await conventionPdf({
    regionLabel: regionLabelOf(row),
    reference: row.reference,
    title: row.title,
    total: snapshot.total,
    advance,
    balance,
    amoa: snapshot.amoa,
    projectStart,
    expectedEnd,
    durationMonths,
    essms: snapshot.lines,
    generatedAt: at,
  });
  const after = { total: snapshot.total, advance, balance, amoa: snapshot.amoa, projectStart, expectedEnd, durationMonths };
  await ctx.db.transaction(async (m) => {
    const existing = rowsOf(await m.query(`SELECT status, total, advance, balance FROM convention WHERE candidature_id = $1 FOR UPDATE`, [row.id]))[0];
    if (existing?.status === 'SIGNED') throw conflict('La convention a été signée entre-temps : elle ne peut plus être régénérée.');
    await m.query(
      `INSERT INTO convention (id, candidature_id, status, total, advance, balance, amoa, funding_lines, duration_months, project_start, expected_end, pdf, generated_by, generated_at)
       VALUES ($1, $2, 'GENERATED', $3, $4, $5, $6, $7::jsonb, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (candidature_id) DO UPDATE SET total = EXCLUDED.total, advance = EXCLUDED.advance, balance = EXCLUDED.balance, amoa = EXCLUDED.amoa,
         funding_lines = EXCLUDED.funding_lines, duration_months = EXCLUDED.duration_months, project_start = EXCLUDED.project_start,
         expected_end = EXCLUDED.expected_end, pdf = EXCLUDED.pdf, generated_by = EXCLUDED.generated_by, generated_at = EXCLUDED.generated_at
       WHERE convention.status = 'GENERATED'`,
      [randomUUID(), row.id, snapshot.total, advance, balance, snapshot.amoa, JSON.stringify(snapshot.lines), durationMonths, projectStart, expectedEnd, pdf, ctx.claims.sub ?? 'inconnu', at],
    );
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: 'generate_convention',
      fromState: row.state,
      toState: row.state,
      at,
      details: {
        comment: `${existing ? 'Convention régénérée' : 'Convention générée'} : ${euros(snapshot.total)}, dont avance de 50 % à la signature ${euros(advance)} et solde ${euros(balance)}.`,
        before: existing ? { status: existing.status, total: Number(existing.total), advance: Number(existing.advance), balance: Number(existing.balance) } : null,
        after,
      },
    });
  });
  ctx.loaders.clear();
  return (await conventionOf(ctx, row.id)) as ConventionRow;
}

/**
 * Records the signature date: lifecycle RETAINED → CONVENTION_SIGNED (domain `transition`), the advance (50 %,
 * `splitPayment` at generation) becomes DUE, milestones restart from the signature date, the PDF states the signature,
 * the funding joins the history per FINESS (E03–E05) — all in one transaction with the candidature_event.
 */
export async function signConvention(ctx: SubgraphContext, id: string, signedOn: string): Promise<ConventionRow> {
  const { row, role } = await conventionActor(ctx, id);
  const convention = await conventionOf(ctx, row.id);
  if (!convention) throw conflict('Générez d’abord la convention (bouton « Générer la convention »), puis enregistrez sa signature.');
  if (convention.status === 'SIGNED') throw conflict(`La convention est déjà signée (le ${frDate(convention.signedOn ?? '')}) : sa signature ne peut pas être enregistrée une seconde fois.`);
  const at = now();
  const refusal = signatureDateRefusal(signedOn, parisDate(at), await decisionDateLoader(ctx).load(row.id));
  if (refusal) throw badInput(refusal, { field: 'signedOn' });
  let to: CandidatureState;
  try {
    to = transition(row.state, 'sign_convention', role, {});
  } catch (error) {
    if (error instanceof LifecycleError) throw error.code === 'FORBIDDEN_ROLE' ? forbidden(error.message) : conflict(error.message);
    throw error;
  }
  const { amoa, lines } = await conventionLines(ctx, convention);
  const members = await loadMembers(ctx.db, row.id);
  const expectedEnd = convention.durationMonths === null ? null : addMonths(signedOn, convention.durationMonths);
  const pdf = await conventionPdf({
    regionLabel: regionLabelOf(row),
    reference: row.reference,
    title: row.title,
    total: convention.total,
    advance: convention.advance,
    balance: convention.balance,
    amoa,
    projectStart: signedOn,
    expectedEnd,
    durationMonths: convention.durationMonths,
    essms: lines,
    signedOn,
    generatedAt: new Date(convention.generatedAt),
  });
  await ctx.db.transaction(async (m) => {
    const updated = rowsOf(await m.query(`UPDATE candidature SET state = $3, version = version + 1, updated_at = now() WHERE id = $1 AND version = $2 AND state = 'RETAINED' RETURNING id`, [row.id, row.version, to]));
    if (!updated.length) throw conflict('La candidature a été modifiée entre-temps : rechargez-la puis recommencez.');
    const signed = rowsOf(
      await m.query(
        `UPDATE convention SET status = 'SIGNED', signed_on = $2, signed_by = $3, signed_at = $4, project_start = $2, expected_end = $5, pdf = $6,
           amoa = coalesce(amoa, $7), funding_lines = coalesce(funding_lines, $8::jsonb)
         WHERE candidature_id = $1 AND status = 'GENERATED' RETURNING id`,
        [row.id, signedOn, ctx.claims.sub ?? 'inconnu', at, expectedEnd, pdf, amoa, JSON.stringify(lines)],
      ),
    );
    if (!signed.length) throw conflict('La convention a été signée entre-temps : rechargez le dossier.');
    await m.query(`INSERT INTO payment (id, candidature_id, kind, amount, status, due_on, created_by) VALUES ($1, $2, 'ADVANCE', $3, 'DUE', $4, $5)`, [
      randomUUID(),
      row.id,
      convention.advance,
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
      at,
      details: {
        comment: `Convention signée le ${frDate(signedOn)} : avance de 50 % exigible, ${euros(convention.advance)}.`,
        signedOn,
        total: convention.total,
        advance: convention.advance,
        advanceStatus: 'DUE',
        expectedEnd,
      },
    });
    // The funding committed by the convention joins the history per FINESS (E03–E05 of later campaigns).
    const campaign = rowsOf(await m.query(`SELECT label FROM campaign WHERE id = $1`, [row.campaignId]))[0];
    for (const line of lines) {
      const member = members.find((x) => x.finess === line.finess);
      await m.query(
        `INSERT INTO funding_history (finess, campaign, situation, software_solution, sons_ordered, amount, source, candidature_id, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [line.finess, campaign?.label ?? row.campaignId, line.situation, member?.chosenSolutionId ?? null, line.situation === 'UPGRADE', line.amount, `candidature ${row.reference}`, row.id, at],
      );
    }
  });
  ctx.loaders.clear();
  return (await conventionOf(ctx, row.id)) as ConventionRow;
}

/** The convention of a file the caller can read (the candidature scope was checked by the parent resolver). */
export async function conventionOf(ctx: SubgraphContext, candidatureId: string): Promise<ConventionRow | null> {
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
