import { existsSync, readFileSync } from 'node:fs';
import type { EntityManager } from 'typeorm';
import { demoAccountId, demoPorteurEmail } from '@esms/server-kit';
import type { AccountRole } from './identity.entities';
import { DEMO_FLOW_PATH } from '../demo/load-demo';
import { parseFinessFlow } from '../finess/finess-flow';
import { hashPassword } from './secrets';

/** Demo only (ESMS_DEMO=1): the accounts of the team brief, all active. */
export const DEMO_PASSWORD = 'demo-esms-numerique-2026';

export const DEMO_ACCOUNTS: { email: string; displayName: string; role: AccountRole; regionCode?: string; departements?: string[] }[] = [
  { email: 'porteur@demo.esms-numerique.fr', displayName: 'Camille Porteur (démo)', role: 'PORTEUR' },
  { email: 'instructeur.normandie@demo.esms-numerique.fr', displayName: 'Instructeur ARS Normandie (démo)', role: 'INSTRUCTEUR', regionCode: '28' },
  // A second Normandie instructeur, so that two instructeurs can grade the same file.
  { email: 'instructeur2.normandie@demo.esms-numerique.fr', displayName: 'Second instructeur ARS Normandie (démo)', role: 'INSTRUCTEUR', regionCode: '28' },
  { email: 'instructeur.paca@demo.esms-numerique.fr', displayName: 'Instructeur ARS PACA (démo)', role: 'INSTRUCTEUR', regionCode: '93' },
  { email: 'cd.calvados@demo.esms-numerique.fr', displayName: 'Conseil départemental du Calvados (démo)', role: 'CD', departements: ['14'] },
  { email: 'cnsa@demo.esms-numerique.fr', displayName: 'CNSA — équipe nationale (démo)', role: 'CNSA' },
];

export interface DemoOrganisme {
  finessEj: string;
  name: string;
  /** Region of the FINESS EJ (who confirms); the main demo organisme is in Normandie (28). */
  regionCode?: string | null;
}

/** The first open organisme gestionnaire of Normandie (région 28) of the demo FiNESS flow, when the file exists. */
export function firstNormandieOrganisme(path = process.env['ESMS_DEMO_STRUCTURES'] ?? DEMO_FLOW_PATH): DemoOrganisme | null {
  if (!existsSync(path)) return null;
  const flow = parseFinessFlow(JSON.parse(readFileSync(path, 'utf8')));
  const organisme = flow.organismes.find((o) => o.regionCode === '28' && !o.closed);
  return organisme ? { finessEj: organisme.finessEj, name: organisme.name } : null;
}

/** Every open organisme gestionnaire of the demo FiNESS flow (empty when the file does not exist). */
export function demoFlowOrganismes(path = process.env['ESMS_DEMO_STRUCTURES'] ?? DEMO_FLOW_PATH): DemoOrganisme[] {
  if (!existsSync(path)) return [];
  const flow = parseFinessFlow(JSON.parse(readFileSync(path, 'utf8')));
  return flow.organismes.filter((o) => !o.closed).map((o) => ({ finessEj: o.finessEj, name: o.name, regionCode: o.regionCode ?? null }));
}

/**
 * Creates the demo accounts when missing (idempotent: keyed by e-mail), each with `demoAccountId(email)` as id (the
 * other subgraphs' demo data name the same ids), attaches the demo porteur to its Normandie organisme, and gives every
 * other demo organisme its own active porteur account `porteur.<finessEj>@demo…` (the porteur of its demo files).
 * Called by the annuaire's main when ESMS_DEMO=1. An account created before these ids existed keeps its id.
 */
export async function seedDemoAccounts(
  manager: EntityManager,
  organisme: DemoOrganisme | null = firstNormandieOrganisme(),
  organismes: readonly DemoOrganisme[] = demoFlowOrganismes(),
): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD); // argon2 is slow: hashed once, reused for every account
  const insertAccount = (email: string, displayName: string, role: AccountRole, regionCode: string | null, departements: string[]) =>
    manager.query(
      `INSERT INTO account (id, email, password_hash, display_name, role, region_code, departements, status, created_at, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'ACTIVE', now(), now())
         ON CONFLICT DO NOTHING`,
      [demoAccountId(email), email, passwordHash, displayName, role, regionCode, departements],
    );
  const attach = (email: string, o: DemoOrganisme, regionCode: string | null) =>
    manager.query(
      `INSERT INTO account_organisme (account_id, finess_ej, name, region_code, confirmed, created_at, confirmed_at)
         SELECT id, $2, $3, $4, true, now(), now() FROM account WHERE email = $1
         ON CONFLICT (account_id, finess_ej) DO NOTHING`,
      [email, o.finessEj, o.name, regionCode],
    );
  for (const account of DEMO_ACCOUNTS) {
    await insertAccount(account.email, account.displayName, account.role, account.regionCode ?? null, account.departements ?? []);
  }
  // Without the demo FiNESS flow (tools/demo-data not generated), the demo porteur starts with no organisme.
  if (organisme) await attach(DEMO_ACCOUNTS[0].email, organisme, '28');
  for (const o of organismes) {
    const email = demoPorteurEmail(o.finessEj, organisme?.finessEj ?? null);
    if (email === DEMO_ACCOUNTS[0].email) continue;
    await insertAccount(email, `Porteur ${o.name} (démo)`, 'PORTEUR', null, []);
    await attach(email, o, o.regionCode ?? null);
  }
}
