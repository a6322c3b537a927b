import type { HistoryAction } from '../candidatures/candidature.labels';
import { createHash, randomUUID } from 'node:crypto';
import { balanceConditions, editableParts, hardwarePayable, LifecycleError, parisDate, STATE_LABELS, transition, type CandidatureState } from '@esms/domain';
import { badInput, conflict, HttpError, loaderFor, notFound, type SubgraphContext } from '@esms/server-kit';
import type { EntityManager } from 'typeorm';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { insertEvent, isUuid, membersLoader } from '../candidatures/candidature.repository';
import { lifecycleFailure, readableCandidature } from '../candidatures/candidature.service';
import { bumpVersion } from '../candidatures/versioned-update';
import { conventionOf, paymentsOf } from '../convention/convention.service';
import { fundingFor } from '../funding-simulation/funding.service';
import { instructionActor, porteurActor } from '../follow-up/access';
import { projectTargets } from '../follow-up/targets';
import { measurementHistoryLoader, measurementsLoader } from '../measurements/measurement.service';
import { currentParisMonth, monthOfDate } from '../measurements/months';

/* eslint-disable @typescript-eslint/no-explicit-any */

const rowsOf = (result: any): any[] => (Array.isArray(result) && Array.isArray(result[0]) ? result[0] : result);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_STATEMENT_BYTES = 10 * 1024 * 1024;
export const CERTIFIERS = { PUBLIC_ACCOUNTANT: 'comptable public', STATUTORY_AUDITOR: 'commissaire aux comptes' } as const;

function validDate(value: string, field: string): string {
  if (!ISO_DATE.test(value ?? '') || new Date(`${value}T12:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badInput('Indiquez une date au format AAAA-MM-JJ.', { field });
  }
  return value;
}

// ------------------------------------------------------------------------------------------------
// Expense statement (état récapitulatif des dépenses visé) — a piece kind of its own, kept in the database.

export interface ExpenseStatementRow {
  id: string;
  candidatureId: string;
  fileName: string;
  mediaType: string;
  size: number;
  certifiedBy: string;
  hardwareExpense: number | null;
  uploadedAt: Date;
  downloadUrl: string;
}

const mapStatement = (r: any): ExpenseStatementRow => ({
  id: r.id,
  candidatureId: r.candidature_id,
  fileName: r.file_name,
  mediaType: r.media_type,
  size: Number(r.size),
  certifiedBy: r.certified_by,
  hardwareExpense: r.hardware_expense === null ? null : Number(r.hardware_expense),
  uploadedAt: new Date(r.uploaded_at),
  downloadUrl: `/files/expense-statements/${r.id}`,
});

export const expenseStatementLoader = (ctx: SubgraphContext) =>
  loaderFor<string, ExpenseStatementRow | null>(ctx, 'expense:current', async (ids) => {
    const rows: any[] = await ctx.db.query(
      `SELECT id, candidature_id, file_name, media_type, size, certified_by, hardware_expense, uploaded_at FROM expense_statement WHERE candidature_id = ANY($1::uuid[]) AND replaced_at IS NULL`,
      [[...ids]],
    );
    return ids.map((id) => {
      const r = rows.find((x) => x.candidature_id === id);
      return r ? mapStatement(r) : null;
    });
  });

/** Stores the certified expense statement (PDF) uploaded by the porteur; a new upload replaces the previous one. */
export async function storeExpenseStatement(
  ctx: SubgraphContext,
  candidatureId: string,
  data: Buffer,
  meta: { fileName: string; certifiedBy: string; hardwareExpense: string | null },
): Promise<ExpenseStatementRow> {
  const row = await porteurActor(ctx, candidatureId);
  if (!editableParts(row.state, 'PORTEUR').includes('expenses')) {
    throw conflict(`L’état des dépenses se dépose pendant le déploiement (état actuel : « ${STATE_LABELS[row.state]} »).`);
  }
  if (!(meta.certifiedBy in CERTIFIERS)) {
    throw badInput('Indiquez qui a visé l’état des dépenses : comptable public (PUBLIC_ACCOUNTANT) ou commissaire aux comptes (STATUTORY_AUDITOR).', { field: 'certifiedBy' });
  }
  let hardwareExpense: number | null = null;
  if (meta.hardwareExpense !== null && meta.hardwareExpense !== '') {
    if (!/^\d{1,9}$/.test(meta.hardwareExpense)) throw badInput('La dépense matérielle justifiée est un nombre entier d’euros, positif ou nul.', { field: 'hardwareExpense' });
    hardwareExpense = Number(meta.hardwareExpense);
  }
  if (!data.length) throw badInput('Le fichier est vide.', { field: 'file' });
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-') throw badInput('L’état récapitulatif des dépenses doit être un PDF (document visé et signé).', { field: 'file' });
  const id = randomUUID();
  const fileName = meta.fileName.replace(/[\\/\r\n"]/g, '_').slice(0, 200) || 'etat-des-depenses.pdf';
  await ctx.db.transaction(async (m) => {
    await m.query(`UPDATE expense_statement SET replaced_at = now() WHERE candidature_id = $1 AND replaced_at IS NULL`, [row.id]);
    await m.query(
      `INSERT INTO expense_statement (id, candidature_id, file_name, media_type, size, sha256, data, certified_by, hardware_expense, uploaded_by) VALUES ($1, $2, $3, 'application/pdf', $4, $5, $6, $7, $8, $9)`,
      [id, row.id, fileName, data.length, createHash('sha256').update(data).digest('hex'), data, meta.certifiedBy, hardwareExpense, ctx.claims.sub ?? 'inconnu'],
    );
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: 'PORTEUR',
      action: 'upload_expense_statement',
      fromState: row.state,
      toState: row.state,
      details: { statementId: id, fileName, certifiedBy: meta.certifiedBy, hardwareExpense },
    });
  });
  ctx.loaders.clear();
  return (await expenseStatementLoader(ctx).load(row.id)) as ExpenseStatementRow;
}

export async function readExpenseStatement(ctx: SubgraphContext, statementId: string): Promise<{ data: Buffer; fileName: string }> {
  if (!isUuid(statementId)) throw new HttpError(404, 'NOT_FOUND', "Ce document n'existe pas ou vous n'y avez pas accès.");
  const r = rowsOf(await ctx.db.query(`SELECT candidature_id, file_name, data FROM expense_statement WHERE id = $1`, [statementId]))[0];
  if (!r) throw notFound("Ce document n'existe pas ou vous n'y avez pas accès.");
  await readableCandidature(ctx, r.candidature_id);
  return { data: Buffer.from(r.data), fileName: r.file_name };
}

// ------------------------------------------------------------------------------------------------
// Balance readiness (domain balanceConditions, hardwarePayable)

export interface BalanceReadinessView {
  missingConditions: string[];
  canRequest: boolean;
  conventionBalance: number;
  hardwareGranted: number;
  hardwareProven: number | null;
  hardwarePayable: number;
  balanceAmount: number;
}

/** Targets of the file (all its ESSMS, domain rates) — shared by the balance and the follow-up view. */
export async function targetsOf(ctx: SubgraphContext, row: CandidatureRow) {
  const [convention, members, measurements, history] = await Promise.all([
    conventionOf(ctx, row.id),
    membersLoader(ctx).load(row.id),
    measurementsLoader(ctx).load(row.id),
    measurementHistoryLoader(ctx).load(row.id),
  ]);
  const firstMonth = convention?.signedOn ? monthOfDate(convention.signedOn) : null;
  return {
    convention,
    members,
    firstMonth,
    targets: projectTargets({
      members: (members ?? []).map((m) => m.finess),
      measurements: measurements ?? [],
      history: history ?? [],
      firstMonth,
      expectedEnd: convention?.expectedEnd ?? null,
      currentMonth: currentParisMonth(),
    }),
  };
}

export async function balanceReadiness(ctx: SubgraphContext, row: CandidatureRow): Promise<BalanceReadinessView> {
  const { convention, members, targets } = await targetsOf(ctx, row);
  const statement = await expenseStatementLoader(ctx).load(row.id);
  const missing = balanceConditions({ targetsReached: targets.targetsReached, certifiedExpenseStatement: !!statement });
  if (!targets.targetsReached) {
    const byEssms = targets.essms.filter((e) => !e.targetsReached).map((e) => `${e.finess} (${e.latest ? e.missingIndicators.join(', ') : 'aucune mesure'})`);
    missing.push(`ESSMS encore sous la cible : ${byEssms.join(' ; ')}.`);
  }
  const funding = await fundingFor(
    (members ?? []).map((m) => ({
      finess: m.finess,
      regionCode: m.regionCode,
      situation: m.situation,
      ...(m.finessEj ? { organismeFinessEj: m.finessEj } : {}),
      ...(m.hardwareQuote != null ? { hardwareQuote: m.hardwareQuote } : {}),
      ...(m.saadTotalHours != null ? { saadTotalHours: m.saadTotalHours } : {}),
      ...(m.saadMedicoSocialHours != null ? { saadMedicoSocialHours: m.saadMedicoSocialHours } : {}),
    })),
    row.amoaRequested,
  );
  const hardwareGranted = funding.lines.reduce((s, l) => s + l.hardware, 0);
  const hardwareProven = statement?.hardwareExpense ?? null;
  // 003 §4.4.1: the hardware line is never paid above the proven expense (unknown expense: nothing proven yet).
  const payable = hardwareGranted > 0 ? hardwarePayable(hardwareGranted, hardwareProven ?? 0) : 0;
  const conventionBalance = convention?.balance ?? 0;
  return {
    missingConditions: missing,
    canRequest: row.state === 'IN_DEPLOYMENT' && missing.length === 0,
    conventionBalance,
    hardwareGranted,
    hardwareProven,
    hardwarePayable: payable,
    balanceAmount: Math.max(0, conventionBalance - (hardwareGranted - payable)),
  };
}

// ------------------------------------------------------------------------------------------------
// Lifecycle after the convention: deployment start, balance request / validation / refusal, payments.

function next(row: CandidatureRow, action: Parameters<typeof transition>[1], role: Parameters<typeof transition>[2], ctx: Parameters<typeof transition>[3] = {}): CandidatureState {
  try {
    return transition(row.state, action, role, ctx);
  } catch (error) {
    if (error instanceof LifecycleError && error.code === 'GUARD_REFUSED' && action === 'request_balance') {
      throw badInput(`Le solde ne peut pas encore être demandé. ${error.message}`, { missingConditions: ctx.missingBalanceConditions ?? [] });
    }
    lifecycleFailure(error);
  }
}

function checkVersion(row: CandidatureRow, expected: number) {
  if (expected !== row.version) throw conflict('La candidature a été modifiée entre-temps : rechargez-la puis recommencez.');
}

async function writeTransition(m: EntityManager, ctx: SubgraphContext, row: CandidatureRow, to: CandidatureState, action: HistoryAction, role: string, details: Record<string, unknown>) {
  const updated = await bumpVersion(m, row.id, row.version, ctx.claims.sub, { state: to });
  await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action, fromState: row.state, toState: to, details });
  return updated;
}

/** The porteur declares the deployment started (ADVANCE_PAID → IN_DEPLOYMENT). */
export async function startDeployment(ctx: SubgraphContext, id: string, expectedVersion: number): Promise<CandidatureRow> {
  const row = await porteurActor(ctx, id);
  checkVersion(row, expectedVersion);
  const to = next(row, 'start_deployment', 'PORTEUR');
  const updated = await ctx.db.transaction((m) => writeTransition(m, ctx, row, to, 'start_deployment', 'PORTEUR', {}));
  ctx.loaders.clear();
  return updated;
}

/** The porteur asks for the balance: the domain guard refuses with the missing conditions (French). */
export async function requestBalance(ctx: SubgraphContext, id: string, expectedVersion: number): Promise<CandidatureRow> {
  const row = await porteurActor(ctx, id);
  checkVersion(row, expectedVersion);
  const readiness = await balanceReadiness(ctx, row);
  const to = next(row, 'request_balance', 'PORTEUR', { missingBalanceConditions: readiness.missingConditions });
  const statement = await expenseStatementLoader(ctx).load(row.id);
  const updated = await ctx.db.transaction((m) =>
    writeTransition(m, ctx, row, to, 'request_balance', 'PORTEUR', { balanceAmount: readiness.balanceAmount, expenseStatementId: statement?.id ?? null, targetsReached: true }),
  );
  ctx.loaders.clear();
  return updated;
}

/** The instructeur validates the balance request: the balance payment becomes DUE (paid later by recordPayment). */
export async function validateBalance(ctx: SubgraphContext, id: string): Promise<CandidatureRow> {
  const { row, role } = await instructionActor(ctx, id);
  if (row.state !== 'BALANCE_REQUESTED') throw conflict(`Aucune demande de solde à valider : le dossier est à l’état « ${STATE_LABELS[row.state]} ».`);
  const readiness = await balanceReadiness(ctx, row);
  if (readiness.missingConditions.length) throw conflict(`Les conditions du solde ne sont plus réunies : ${readiness.missingConditions.join(' ')}`);
  const today = parisDate(new Date());
  await ctx.db.transaction(async (m) => {
    const existing = rowsOf(await m.query(`SELECT id FROM payment WHERE candidature_id = $1 AND kind = 'BALANCE'`, [row.id]));
    if (existing.length) throw conflict('Le solde a déjà été validé.');
    await bumpVersion(m, row.id, row.version, ctx.claims.sub);
    await m.query(`INSERT INTO payment (id, candidature_id, kind, amount, status, due_on, created_by) VALUES ($1, $2, 'BALANCE', $3, 'DUE', $4, $5)`, [
      randomUUID(),
      row.id,
      readiness.balanceAmount,
      today,
      ctx.claims.sub ?? 'inconnu',
    ]);
    await insertEvent(m, {
      candidatureId: row.id,
      actorId: ctx.claims.sub,
      actorRole: role,
      action: 'validate_balance',
      fromState: row.state,
      toState: row.state,
      details: { balanceAmount: readiness.balanceAmount, hardwareGranted: readiness.hardwareGranted, hardwarePayable: readiness.hardwarePayable, balanceStatus: 'DUE' },
    });
  });
  ctx.loaders.clear();
  return (await readableCandidature(ctx, row.id)) as CandidatureRow;
}

/** The instructeur refuses the balance request (reason required by the domain): back to IN_DEPLOYMENT. */
export async function refuseBalance(ctx: SubgraphContext, id: string, reason: string): Promise<CandidatureRow> {
  const { row, role } = await instructionActor(ctx, id);
  const to = next(row, 'refuse_balance', role, { reason });
  const updated = await ctx.db.transaction((m) => writeTransition(m, ctx, row, to, 'refuse_balance', role, { comment: reason.trim() }));
  ctx.loaders.clear();
  return updated;
}

export interface PaymentRecord {
  paidOn: string | null;
  reference: string | null;
  paidBy: string | null;
}

export const paymentRecordLoader = (ctx: SubgraphContext) =>
  loaderFor<string, PaymentRecord>(ctx, 'payment:record', async (ids) => {
    const rows: any[] = await ctx.db.query(`SELECT id, to_char(paid_on, 'YYYY-MM-DD') AS paid_on, reference, paid_by FROM payment WHERE id = ANY($1::uuid[])`, [[...ids]]);
    return ids.map((id) => {
      const r = rows.find((x) => x.id === id);
      return { paidOn: r?.paid_on ?? null, reference: r?.reference ?? null, paidBy: r?.paid_by ?? null };
    });
  });

/**
 * Records a payment as made (DUE → PAID, date and accounting reference) by the pivot ARS. The advance moves the file
 * CONVENTION_SIGNED → ADVANCE_PAID, the balance BALANCE_REQUESTED → CLOSED (domain transitions, with the event).
 */
export async function recordPayment(ctx: SubgraphContext, paymentId: string, paidOn: string, reference: string): Promise<{ candidatureId: string }> {
  if (!isUuid(paymentId ?? '')) throw notFound("Ce versement n'existe pas ou vous n'y avez pas accès.");
  const payment = rowsOf(await ctx.db.query(`SELECT id, candidature_id, kind, amount, status, to_char(due_on, 'YYYY-MM-DD') AS due_on FROM payment WHERE id = $1`, [paymentId]))[0];
  if (!payment) throw notFound("Ce versement n'existe pas ou vous n'y avez pas accès.");
  const { row, role } = await instructionActor(ctx, payment.candidature_id);
  validDate(paidOn, 'paidOn');
  if (paidOn > parisDate(new Date())) throw badInput('La date de versement ne peut pas être dans le futur.', { field: 'paidOn' });
  const convention = await conventionOf(ctx, row.id);
  if (convention?.signedOn && paidOn < convention.signedOn) throw badInput(`La date de versement ne peut pas précéder la signature de la convention (${convention.signedOn}).`, { field: 'paidOn' });
  const ref = String(reference ?? '').trim();
  if (!ref || ref.length > 100) throw badInput('Indiquez la référence comptable du versement (100 caractères au plus).', { field: 'reference' });
  if (payment.status === 'PAID') throw conflict('Ce versement est déjà enregistré comme payé.');
  const action = payment.kind === 'ADVANCE' ? 'pay_advance' : 'pay_balance';
  const moves = (payment.kind === 'ADVANCE' && row.state === 'CONVENTION_SIGNED') || (payment.kind === 'BALANCE' && row.state === 'BALANCE_REQUESTED');
  const to = moves ? next(row, action, role) : row.state;
  await ctx.db.transaction(async (m) => {
    const updated = rowsOf(
      await m.query(`UPDATE payment SET status = 'PAID', paid_on = $2, reference = $3, paid_by = $4, paid_at = now() WHERE id = $1 AND status = 'DUE' RETURNING id`, [
        payment.id,
        paidOn,
        ref,
        ctx.claims.sub ?? 'inconnu',
      ]),
    );
    if (!updated.length) throw conflict('Ce versement a été enregistré entre-temps.');
    const details = { paymentId: payment.id, kind: payment.kind, amount: Number(payment.amount), paidOn, reference: ref, before: { status: 'DUE' }, after: { status: 'PAID' } };
    if (moves) await writeTransition(m, ctx, row, to, action, role, details);
    else {
      await bumpVersion(m, row.id, row.version, ctx.claims.sub);
      await insertEvent(m, { candidatureId: row.id, actorId: ctx.claims.sub, actorRole: role, action: 'record_payment', fromState: row.state, toState: row.state, details });
    }
  });
  ctx.loaders.clear();
  return { candidatureId: row.id };
}

export { paymentsOf };
