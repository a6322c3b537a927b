import { randomUUID } from 'node:crypto';
import { indicativeDurationMonths, parisDate, regionName, splitPayment, usageRates } from '@esms/domain';
import type { EntityManager } from 'typeorm';
import { addMonths, } from '../convention/convention.service';
import { conventionPdf } from '../convention/convention.pdf';
import { addMonthsToMonth, currentParisMonth, monthOfDate, periodOfMonth } from '../measurements/months';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Title of the demo porteur's file in deployment (ANES, Normandie) — the follow-up journey's file. */
export const DEMO_FOLLOW_UP_TITLE = 'ANES : DUI Alpha dans les établissements de Seine-Maritime';

const rowsOf = (r: any): any[] => (Array.isArray(r) && Array.isArray(r[0]) ? r[0] : r);
const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Follow-up demo data (additive, inside the demo load's transaction): a signed convention and the advance for every
 * demo file past the signature (dates from their histories), the demo porteur's file in deployment signed five
 * months ago (so that an editor can send the three first measurement months), and four months of measurements for
 * the PACA file in deployment, some ESSMS below target (portfolio, at-risk flags).
 */
export async function loadFollowUpDemo(m: EntityManager, now = new Date()): Promise<void> {
  const files = rowsOf(
    await m.query(`SELECT c.id, c.reference, c.title, c.state, c.desk, c.pivot_region FROM candidature c WHERE c.state IN ('CONVENTION_SIGNED', 'ADVANCE_PAID', 'IN_DEPLOYMENT', 'BALANCE_REQUESTED', 'CLOSED')
       AND NOT EXISTS (SELECT 1 FROM convention v WHERE v.candidature_id = c.id)`),
  );
  for (const f of files) {
    const lines = rowsOf(await m.query(`SELECT finess, situation, amount FROM funding_history WHERE candidature_id = $1 ORDER BY finess`, [f.id]));
    const events = rowsOf(await m.query(`SELECT id, action, at FROM candidature_event WHERE candidature_id = $1 ORDER BY at, id`, [f.id]));
    const at = (action: string) => events.find((e: any) => e.action === action);
    const total = lines.reduce((s: number, l: any) => s + Number(l.amount), 0);
    const { advance, balance } = splitPayment(total);
    const duration = indicativeDurationMonths({ anyAcquisition: lines.some((l: any) => l.situation === 'ACQUISITION'), desk: f.desk === 'NATIONAL' ? 'NATIONAL' : 'REGIONAL' });
    let signedOn = at('sign_convention') ? parisDate(new Date(at('sign_convention').at)) : parisDate(now);
    let advancePaidOn = at('pay_advance') ? parisDate(new Date(at('pay_advance').at)) : null;
    if (f.title === DEMO_FOLLOW_UP_TITLE) {
      // Signed on the 10th, five months ago: first measure = months M-5..M-3, then M-2 and M-1.
      signedOn = `${addMonthsToMonth(currentParisMonth(now), -5)}-10`;
      advancePaidOn = addDays(signedOn, 20);
      const moves: [string, string][] = [
        ['sign_convention', signedOn],
        ['pay_advance', advancePaidOn],
        ['start_deployment', addDays(signedOn, 35)],
      ];
      for (const [action, day] of moves) {
        const e = at(action);
        if (e) await m.query(`UPDATE candidature_event SET at = $2 WHERE id = $1`, [e.id, new Date(`${day}T09:00:00Z`)]);
      }
      await m.query(`UPDATE funding_history SET recorded_at = $2 WHERE candidature_id = $1`, [f.id, new Date(`${signedOn}T09:00:00Z`)]);
      await m.query(`UPDATE candidature SET updated_at = $2 WHERE id = $1`, [f.id, new Date(`${addDays(signedOn, 35)}T09:00:00Z`)]);
    }
    const expectedEnd = duration === null ? null : addMonths(signedOn, duration);
    const pdf = await conventionPdf({
      regionLabel: `Agence régionale de santé ${regionName(f.pivot_region ?? '') ?? ''}`,
      reference: f.reference,
      title: f.title,
      total,
      advance,
      balance,
      projectStart: signedOn,
      expectedEnd,
      durationMonths: duration,
      essms: lines.map((l: any) => ({ finess: l.finess, amount: Number(l.amount) })),
      generatedAt: new Date(`${signedOn}T08:00:00Z`),
    });
    await m.query(
      `INSERT INTO convention (id, candidature_id, status, total, advance, balance, duration_months, project_start, expected_end, pdf, generated_by, generated_at, signed_on, signed_by, signed_at)
       VALUES ($1, $2, 'SIGNED', $3, $4, $5, $6, $7, $8, $9, 'démo', $10, $7, 'démo', $10)`,
      [randomUUID(), f.id, total, advance, balance, duration, signedOn, expectedEnd, pdf, new Date(`${signedOn}T09:00:00Z`)],
    );
    const paid = f.state !== 'CONVENTION_SIGNED' && advancePaidOn;
    await m.query(
      `INSERT INTO payment (id, candidature_id, kind, amount, status, due_on, created_by, paid_on, reference, paid_by, paid_at) VALUES ($1, $2, 'ADVANCE', $3, $4, $5, 'démo', $6, $7, $8, $9)`,
      [randomUUID(), f.id, advance, paid ? 'PAID' : 'DUE', signedOn, paid ? advancePaidOn : null, paid ? `DEMO-AVANCE-${f.reference}` : null, paid ? 'démo' : null, paid ? new Date(`${advancePaidOn}T09:00:00Z`) : null],
    );
  }
  await demoMeasurements(m, now);
}

/** Four monthly measurements for the PACA file in deployment: most ESSMS reach the targets, a few lag (at risk). */
async function demoMeasurements(m: EntityManager, now: Date) {
  const file = rowsOf(
    await m.query(`SELECT c.id, to_char(v.signed_on, 'YYYY-MM-DD') AS signed_on FROM candidature c JOIN convention v ON v.candidature_id = c.id WHERE c.state = 'IN_DEPLOYMENT' AND c.pivot_region = '93' ORDER BY c.reference LIMIT 1`),
  )[0];
  if (!file) return;
  const members = rowsOf(await m.query(`SELECT finess FROM grappe_member WHERE candidature_id = $1 ORDER BY finess`, [file.id]));
  const firstMonth = monthOfDate(file.signed_on);
  const current = currentParisMonth(now);
  for (let back = 4; back >= 1; back -= 1) {
    const month = addMonthsToMonth(current, -back);
    const period = periodOfMonth(firstMonth, month);
    if (!period) continue;
    for (const [i, { finess }] of members.entries()) {
      const lagging = i % 6 === 5; // one ESSMS in six stays below the DMP and agenda targets
      const persons = 40 + ((i * 7) % 50);
      const step = 4 - back;
      const active = Math.min(persons, Math.round(persons * (0.88 + step * 0.02)));
      const counts = {
        personsAccompanied: persons,
        activeDossiers: active,
        activeDossiersWithProjetPersonnalise: Math.min(active, Math.round(active * 0.93)),
        activeDossiersWithAgendaEvent: Math.min(active, Math.round(active * (lagging ? 0.6 : 0.95))),
        mssanteMessagesSent: Math.round(persons * (lagging ? 0.5 : 1.4)),
        dmpFed: Math.min(persons, Math.round(persons * (lagging ? 0.45 : 0.75 + step * 0.01))),
        ePrescriptionsImported: i % 3 === 0 ? 12 + step : null,
        eParcoursExchanges: null,
      };
      usageRates(counts as any); // same rules as the API: the demo counts are valid measurements
      const id = randomUUID();
      await m.query(
        `INSERT INTO usage_measurement (id, candidature_id, finess, month, period_from, period_to, persons_accompanied, active_dossiers, active_dossiers_with_pp, active_dossiers_with_agenda,
           mssante_messages_sent, dmp_fed, e_prescriptions_imported, e_parcours_exchanges, source, recorded_by, recorded_by_role, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'DEMO', 'démo', 'PORTEUR', $15)`,
        [id, file.id, finess, month, period.from, period.to, counts.personsAccompanied, counts.activeDossiers, counts.activeDossiersWithProjetPersonnalise, counts.activeDossiersWithAgendaEvent,
          counts.mssanteMessagesSent, counts.dmpFed, counts.ePrescriptionsImported, counts.eParcoursExchanges, new Date(`${addMonthsToMonth(month, 1)}-03T09:00:00Z`)],
      );
      await m.query(
        `INSERT INTO usage_measurement_history (measurement_id, candidature_id, finess, month, before, after, source, changed_by, changed_by_role, changed_at) VALUES ($1, $2, $3, $4, NULL, $5::jsonb, 'DEMO', 'démo', 'PORTEUR', $6)`,
        [id, file.id, finess, month, JSON.stringify(counts), new Date(`${addMonthsToMonth(month, 1)}-03T09:00:00Z`)],
      );
    }
  }
}
