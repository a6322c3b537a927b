import { randomUUID } from 'node:crypto';
import { generateFinessKey } from '@esms/domain';
import { startSubgraphServer, type Claims, type Database, type RunningSubgraph } from '@esms/server-kit';
import { ensureTestSecret, openTestDatabase, querySubgraph, testClaims } from '@esms/server-kit/testing';
import { Identity1767225600100 } from '../migrations/1767225600100-identity';
import { seedDemoAccounts } from './demo-accounts';
import { identityEntities } from './identity.entities';
import { RegionInstructeursResolver } from './region-instructeurs';

jest.setTimeout(60_000);

const QUERY = 'query ($r: String) { regionInstructeurs(regionCode: $r) { id displayName email } }';
type Listed = { regionInstructeurs: { id: string; displayName: string; email: string }[] };

describe('regionInstructeurs (annuaire identity)', () => {
  let db: Database;
  let subgraph: RunningSubgraph;
  const list = async (claims: Claims, regionCode?: string) => querySubgraph<Listed>(subgraph.url, QUERY, { r: regionCode ?? null }, claims);
  const emails = (res: { data?: Listed }) => res.data?.regionInstructeurs.map((i) => i.email);

  beforeAll(async () => {
    ensureTestSecret();
    db = await openTestDatabase({ name: 'identity_region_instructeurs', entities: identityEntities, migrations: [Identity1767225600100] });
    await seedDemoAccounts(db.dataSource.manager, { finessEj: `14000099${generateFinessKey('14000099')}`, name: 'Organisme démo' }, []);
    // An instructeur of Normandie whose account is disabled: never offered.
    await db.dataSource.query(
      `INSERT INTO account (id, email, password_hash, display_name, role, region_code, departements, status, created_at) VALUES ($1, 'parti.normandie@ars.example.org', 'x', 'Ancien instructeur', 'INSTRUCTEUR', '28', '{}', 'DISABLED', now())`,
      [randomUUID()],
    );
    subgraph = await startSubgraphServer({ definition: { name: 'annuaire', resolvers: [RegionInstructeursResolver] }, db: db.dataSource });
  });

  afterAll(async () => {
    await subgraph?.stop();
    await db?.close();
  });

  it("lists the active instructeurs of the caller's ARS, with their account ids", async () => {
    const [normandie] = (await db.dataSource.query(`SELECT id FROM account WHERE email = 'instructeur.normandie@demo.esms-numerique.fr'`)) as { id: string }[];
    const res = await list(testClaims.instructeur('28', normandie.id));
    expect(res.errors).toBeUndefined();
    expect(emails(res)?.sort()).toEqual(['instructeur.normandie@demo.esms-numerique.fr', 'instructeur2.normandie@demo.esms-numerique.fr']);
    expect(res.data?.regionInstructeurs.find((i) => i.email.startsWith('instructeur.normandie'))?.id).toBe(normandie.id);
    expect(emails(await list(testClaims.instructeur('28'), '28'))).toHaveLength(2);
  });

  it('gives an instructeur nothing of another ARS; the CNSA reads the region it asks for', async () => {
    expect(emails(await list(testClaims.instructeur('93'), '28'))).toEqual([]);
    expect(emails(await list(testClaims.instructeur('93')))).toEqual(['instructeur.paca@demo.esms-numerique.fr']);
    expect(emails(await list(testClaims.cnsa(), '93'))).toEqual(['instructeur.paca@demo.esms-numerique.fr']);
    expect(emails(await list(testClaims.cnsa()))).toEqual([]);
  });

  it('answers UNAUTHENTICATED to the public and FORBIDDEN to porteurs and conseils départementaux', async () => {
    expect((await list(testClaims.public(), '28')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await list(testClaims.porteur(['140000000']), '28')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await list(testClaims.cd(['14']), '28')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
