/*
 * The two SQL steps of the preparation, each in the subgraph that owns the table, and the read-back of the facts.
 *
 * - Annuaire `account` + `account_organisme`: the porteurs' accounts, active and confirmed for their organisme, and
 *   one CNSA account (it adds a referenced DUI solution to the catalogue through the API: without demo data the
 *   catalogue is empty). Through the API this is a sign-up (argon2 hash + an activation e-mail to open) then an
 *   organisme attachment an ARS must confirm, per porteur: nothing of that is under test here. The annuaire's demo
 *   seed (`demo-accounts.ts`) writes the same rows the same way, one argon2 hash shared by every account.
 * - Candidature `campaign`: no API creates a campaign (calendars are programme data, like the shipped ones).
 *
 * Everything else (organismes and ESSMS, drafts, grappes, pieces, logins) goes through the platform's own code.
 */
import argon2 from 'argon2';
import { randomUUID } from 'node:crypto';
import type { CampaignCalendar } from '@esms/domain';
import type { DatabaseFacts } from './invariants';
import type { LoadOrganisme } from './flow';
import type { SqlSession } from './databases';

export interface LoadPorteur {
  index: number;
  email: string;
  organisme: LoadOrganisme;
}

export const porteurEmail = (index: number) => `porteur-${String(index + 1).padStart(4, '0')}@charge.esms-numerique.test`;
export const CNSA_EMAIL = 'cnsa@charge.esms-numerique.test';

/** Same cost as the annuaire's `ARGON2_OPTIONS` (secrets.ts), so a login here costs what a real one does. */
const ARGON2_COST = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** The porteurs (one per organisme) and the CNSA account, all active, with the same password. */
export async function insertAccounts(annuaire: SqlSession, organismes: readonly LoadOrganisme[], regionCode: string, password: string): Promise<LoadPorteur[]> {
  const hash = await argon2.hash(password, ARGON2_COST);
  const porteurs = organismes.map((organisme, index) => ({ index, email: porteurEmail(index), organisme }));
  await annuaire.query('BEGIN');
  try {
    await annuaire.query(
      `INSERT INTO account (id, email, password_hash, display_name, role, status, created_at, activated_at) VALUES ($1, $2, $3, 'CNSA (test de charge)', 'CNSA', 'ACTIVE', now(), now())`,
      [randomUUID(), CNSA_EMAIL, hash],
    );
    for (const p of porteurs) {
      const id = randomUUID();
      await annuaire.query(
        `INSERT INTO account (id, email, password_hash, display_name, role, status, created_at, activated_at)
         VALUES ($1, $2, $3, $4, 'PORTEUR', 'ACTIVE', now(), now())`,
        [id, p.email, hash, `Porteur de charge ${p.index + 1}`],
      );
      await annuaire.query(
        `INSERT INTO account_organisme (account_id, finess_ej, name, region_code, confirmed, created_at, confirmed_at) VALUES ($1, $2, $3, $4, true, now(), now())`,
        [id, p.organisme.finessEj, p.organisme.name, regionCode],
      );
    }
    await annuaire.query('COMMIT');
  } catch (error) {
    await annuaire.query('ROLLBACK');
    throw error;
  }
  return porteurs;
}

export async function insertCampaign(candidature: SqlSession, calendar: CampaignCalendar): Promise<void> {
  await candidature.query(`INSERT INTO campaign (id, region_code, year, label, calendar) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
    calendar.id,
    calendar.regionCode,
    calendar.year,
    calendar.label,
    JSON.stringify(calendar),
  ]);
}

export async function readFacts(candidature: SqlSession, campaignId: string): Promise<DatabaseFacts> {
  const files = await candidature.query<{ id: string; state: string; receipt_number: string | null; submitted_at: Date | string | null }>(
    `SELECT id::text AS id, state, receipt_number, submitted_at FROM candidature WHERE campaign_id = $1`,
    [campaignId],
  );
  const submissions = await candidature.query<{ candidature_id: string; receipt_number: string; idempotency_key: string }>(
    `SELECT s.candidature_id::text AS candidature_id, s.receipt_number, s.idempotency_key
       FROM candidature_submission s JOIN candidature c ON c.id = s.candidature_id WHERE c.campaign_id = $1`,
    [campaignId],
  );
  const emails = await candidature.query<{ ref: string; sent: boolean }>(
    `SELECT ref, sent_at IS NOT NULL AS sent FROM outbox_email
      WHERE kind = 'submission_confirmation' AND split_part(ref, ':', 1) IN (SELECT id::text FROM candidature WHERE campaign_id = $1)`,
    [campaignId],
  );
  return {
    files: files.map((f) => ({ id: f.id, state: f.state, receiptNumber: f.receipt_number, submittedAt: f.submitted_at ? new Date(f.submitted_at) : null })),
    submissions: submissions.map((s) => ({ candidatureId: s.candidature_id, receiptNumber: s.receipt_number, idempotencyKey: s.idempotency_key })),
    emails: emails.map((e) => ({ ref: e.ref, sent: e.sent === true })),
  };
}
