import { generateFinessKey } from '@esms/domain';
import { CLAIMS_HEADER, callInternal, signClaims, startSubgraphServer, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, testClaims } from '@esms/server-kit/testing';
import { Identity1767225600100 } from '../migrations/1767225600100-identity';
import { seedDemoAccounts } from './demo-accounts';
import { identityEntities } from './identity.entities';
import { IdentityResolver } from './identity.resolver';
import { identityInternalRoutes } from './internal-routes';

jest.setTimeout(60_000);

describe('internal route accounts/contacts (annuaire identity)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  let base: string;

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'identity_contacts', entities: identityEntities, migrations: [Identity1767225600100] });
    await seedDemoAccounts(db.dataSource.manager, { finessEj: `14000099${generateFinessKey('14000099')}`, name: 'Organisme démo' });
    subgraph = await startSubgraphServer({ definition: { name: 'annuaire', resolvers: [IdentityResolver] }, db: db.dataSource, internalRoutes: identityInternalRoutes });
    base = `http://127.0.0.1:${subgraph.port}`;
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it('gives e-mail, name, role and region of known accounts; unknown and malformed ids are absent', async () => {
    const accounts = (await db.dataSource.query(`SELECT id, email, role FROM account ORDER BY email`)) as { id: string; email: string; role: string }[];
    const porteur = accounts.find((a) => a.email === 'porteur@demo.esms-numerique.fr')!;
    const instr = accounts.find((a) => a.email === 'instructeur.normandie@demo.esms-numerique.fr')!;
    const answer = await callInternal<Record<string, unknown>>(base, 'accounts/contacts', { ids: [porteur.id, instr.id, '00000000-0000-4000-8000-000000000000', 'not-an-id'] }, 'candidature');
    expect(Object.keys(answer).sort()).toEqual([porteur.id, instr.id].sort());
    expect(answer[porteur.id]).toEqual({ email: porteur.email, displayName: expect.any(String), role: 'PORTEUR', regionCode: null });
    expect(answer[instr.id]).toMatchObject({ email: instr.email, role: 'INSTRUCTEUR', regionCode: '28' });
    expect(JSON.stringify(answer)).not.toMatch(/password|hash/i);
  });

  it('refuses bodies that are not an id list and callers without SERVICE claims', async () => {
    const post = async (body: unknown, claims = testClaims.cnsa()) =>
      fetch(`${base}/internal/accounts/contacts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [CLAIMS_HEADER]: await signClaims(claims) },
        body: JSON.stringify(body),
      });
    expect((await post({ ids: [] })).status).toBe(401); // a person (even CNSA) cannot call it
    const noClaims = await fetch(`${base}/internal/accounts/contacts`, { method: 'POST', body: '{"ids":[]}' });
    expect(noClaims.status).toBe(401);
    await expect(callInternal(base, 'accounts/contacts', { ids: 'x' }, 'candidature')).rejects.toThrow(/400/);
    await expect(callInternal(base, 'accounts/contacts', { ids: Array.from({ length: 501 }, () => 'x') }, 'candidature')).rejects.toThrow(/400/);
    expect(await callInternal(base, 'accounts/contacts', { ids: [] }, 'candidature')).toEqual({});
  });
});
