import { parisDate, STATE_LABELS, USAGE_INDICATORS, type CandidatureState } from '@esms/domain';
import { requireRole, type SubgraphContext } from '@esms/server-kit';
import { candidatureScopeSql } from '../authorization/candidature-scope';
import type { CandidatureRow } from '../candidatures/candidature.entity';
import { eventsLoader, mapCandidature } from '../candidatures/candidature.repository';
import { paymentsOf } from '../convention/convention.service';
import { measurementsLoader } from '../measurements/measurement.service';
import { currentParisMonth, monthEnd, openMonths } from '../measurements/months';
import { balanceReadiness, expenseStatementLoader, paymentRecordLoader, targetsOf } from '../payments/payment.service';
import type { FollowUp } from './follow-up.types';
import { milestoneAlerts, milestones, type MilestoneView } from './milestones';
import { PROJECTION_METHOD } from './targets';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** The states of a selected project after its convention. */
export const FOLLOW_UP_STATES: CandidatureState[] = ['CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED'];

const eventDate = (events: { action: string; at: Date }[], action: string) => {
  const e = [...events].reverse().find((x) => x.action === action);
  return e ? parisDate(e.at) : null;
};

/** Everything the follow-up shows, computed from the facts (domain rules only). Null before the signature. */
export async function followUpOf(ctx: SubgraphContext, row: CandidatureRow, options: { withBalance?: boolean } = {}): Promise<FollowUp | null> {
  const { convention, firstMonth, targets } = await targetsOf(ctx, row);
  if (!convention?.signedOn || !firstMonth) return null;
  const [payments, events, measurements, statement] = await Promise.all([
    paymentsOf(ctx, row.id),
    eventsLoader(ctx).load(row.id),
    measurementsLoader(ctx).load(row.id),
    expenseStatementLoader(ctx).load(row.id),
  ]);
  const records = await Promise.all(payments.map((p) => paymentRecordLoader(ctx).load(p.id)));
  const paidOn = (kind: string) => {
    const i = payments.findIndex((p) => p.kind === kind && p.status === 'PAID');
    return i >= 0 ? (records[i]?.paidOn ?? null) : null;
  };
  const today = parisDate(new Date());
  const firstRecorded = (measurements ?? []).reduce<Date | null>((min, m) => (!min || m.recordedAt < min ? m.recordedAt : min), null);
  const list: MilestoneView[] = milestones(
    {
      signedOn: convention.signedOn,
      expectedEnd: convention.expectedEnd,
      firstMonth,
      advancePaidOn: paidOn('ADVANCE'),
      deploymentStartedOn: eventDate(events ?? [], 'start_deployment'),
      firstMeasurementOn: firstRecorded ? parisDate(firstRecorded) : null,
      targetsReachedOn: targets.firstMonthAllReached ? monthEnd(targets.firstMonthAllReached) : null,
      balanceRequestedOn: eventDate(events ?? [], 'request_balance'),
      balancePaidOn: paidOn('BALANCE'),
    },
    today,
  );
  const alerts = milestoneAlerts(list);
  if (targets.atRisk && row.state !== 'CLOSED') alerts.push(`Projet à risque sur les cibles d’usage : ${targets.reasons.slice(0, 3).join(' ')}${targets.reasons.length > 3 ? ` (et ${targets.reasons.length - 3} autres)` : ''}`);
  const balance = options.withBalance
    ? await balanceReadiness(ctx, row)
    : { missingConditions: [], canRequest: false, conventionBalance: convention.balance, hardwareGranted: 0, hardwareProven: null, hardwarePayable: 0, balanceAmount: convention.balance };
  return {
    candidatureId: row.id,
    signedOn: convention.signedOn,
    projectStart: convention.projectStart,
    expectedEnd: convention.expectedEnd,
    durationMonths: convention.durationMonths,
    firstMonth,
    openMonths: row.state === 'CLOSED' ? [] : openMonths(firstMonth),
    milestones: list,
    alerts,
    indicators: USAGE_INDICATORS.map((i) => ({ id: i.id, label: i.label, formula: i.formula, target: i.target, mayExceed100: i.numeratorMayExceedDenominator })),
    essms: targets.essms.map((e) => ({ ...e, establishment: { finess: e.finess } })),
    targetsReached: targets.targetsReached,
    missingTargets: targets.missingTargets,
    projection: { atRisk: targets.atRisk, method: PROJECTION_METHOD, horizonMonth: targets.horizonMonth, reasons: targets.reasons },
    expenseStatement: statement ?? null,
    balance,
  };
}

/** The selected projects the caller follows (porteur: its files; instructeur: its region; CNSA: all), by reference. */
export async function portfolioFiles(ctx: SubgraphContext, regionCode?: string | null): Promise<CandidatureRow[]> {
  requireRole(ctx, 'PORTEUR', 'INSTRUCTEUR', 'CNSA');
  const params: unknown[] = [FOLLOW_UP_STATES];
  let extra = '';
  if (regionCode) {
    params.push(regionCode);
    extra = ` AND c.pivot_region = $2`;
  }
  const scope = candidatureScopeSql(ctx.claims, params.length);
  const rows: any[] = await ctx.db.query(
    `SELECT c.* FROM candidature c WHERE c.state = ANY($1::text[])${extra} AND (${scope.sql}) ORDER BY c.reference LIMIT 1000`,
    [...params, ...scope.params],
  );
  return rows.map(mapCandidature);
}

export interface PortfolioLine {
  row: CandidatureRow;
  followUp: FollowUp | null;
}

export async function portfolio(ctx: SubgraphContext, regionCode?: string | null): Promise<PortfolioLine[]> {
  const files = await portfolioFiles(ctx, regionCode);
  return Promise.all(files.map(async (row) => ({ row, followUp: await followUpOf(ctx, row) })));
}

export const stateLabel = (s: CandidatureState) => STATE_LABELS[s];
export { currentParisMonth };
