import { existsSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AccountRole } from './identity.entities';
import { DEMO_FLOW_PATH } from '../demo/load-demo';
import { parseFinessFlow } from '../finess/finess-flow';
import { hashPassword } from './secrets';

/** Demo only (ESMS_DEMO=1): the accounts of the team brief, all active. */
export const DEMO_PASSWORD = 'demo-esms-numerique-2026';

export const DEMO_ACCOUNTS: { email: string; displayName: string; role: AccountRole; regionCode?: string; departements?: string[] }[] = [
  { email: 'porteur@demo.esms-numerique.fr', displayName: 'Camille Porteur (démo)', role: 'PORTEUR' },
  { email: 'instructeur.normandie@demo.esms-numerique.fr', displayName: 'Instructeur ARS Normandie (démo)', role: 'INSTRUCTEUR', regionCode: '28' },
  { email: 'instructeur.paca@demo.esms-numerique.fr', displayName: 'Instructeur ARS PACA (démo)', role: 'INSTRUCTEUR', regionCode: '93' },
  { email: 'cd.calvados@demo.esms-numerique.fr', displayName: 'Conseil départemental du Calvados (démo)', role: 'CD', departements: ['14'] },
  { email: 'cnsa@demo.esms-numerique.fr', displayName: 'CNSA — équipe nationale (démo)', role: 'CNSA' },
];

export interface DemoOrganisme {
  finessEj: string;
  name: string;
}

/** The first open organisme gestionnaire of Normandie (région 28) of the demo FiNESS flow, when the file exists. */
export function firstNormandieOrganisme(path = process.env['ESMS_DEMO_STRUCTURES'] ?? DEMO_FLOW_PATH): DemoOrganisme | null {
  if (!existsSync(path)) return null;
  const flow = parseFinessFlow(JSON.parse(readFileSync(path, 'utf8')));
  const organisme = flow.organismes.find((o) => o.regionCode === '28' && !o.closed);
  return organisme ? { finessEj: organisme.finessEj, name: organisme.name } : null;
}

/**
 * Creates the demo accounts when missing (idempotent: keyed by e-mail) and attaches the demo
 * porteur to its Normandie organisme. Called by the annuaire's main when ESMS_DEMO=1.
 */
export async function seedDemoAccounts(manager: EntityManager, organisme: DemoOrganisme | null = firstNormandieOrganisme()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const account of DEMO_ACCOUNTS) {
    await manager.query(
      `INSERT INTO account (id, email, password_hash, display_name, role, region_code, departements, status, created_at, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'ACTIVE', now(), now())
         ON CONFLICT (email) DO NOTHING`,
      [randomUUID(), account.email, passwordHash, account.displayName, account.role, account.regionCode ?? null, account.departements ?? []],
    );
  }
  // Without the demo FiNESS flow (tools/demo-data not generated), the demo porteur starts with no organisme.
  if (organisme) {
    await manager.query(
      `INSERT INTO account_organisme (account_id, finess_ej, name, region_code, confirmed, created_at, confirmed_at)
         SELECT id, $2, $3, '28', true, now(), now() FROM account WHERE email = $1
         ON CONFLICT (account_id, finess_ej) DO NOTHING`,
      ['porteur@demo.esms-numerique.fr', organisme.finessEj, organisme.name],
    );
  }
}
