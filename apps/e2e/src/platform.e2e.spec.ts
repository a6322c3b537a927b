import { buildFiness } from '@esms/domain/testing';
import { gql } from './support/browser';
import { stackInfo } from './support/stack-file';

const DEMO_PASSWORD = 'demo-esms-numerique-2026';

async function login(gateway: string, email: string) {
  const response = await fetch(`${gateway}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/i);
  return cookie.split(';')[0];
}

describe('the federated platform through the gateway', () => {
  const { urls } = stackInfo();

  it('answers the federated regions query with the 18 regions, their ARS referents and GRADeS', async () => {
    const res = await gql<{ regions: { code: string; name: string; isOverseas: boolean; ars: { genericEmails: string[]; referents: { name: string; email: string }[] }; grades: { name: string; contacts: { email: string | null }[] } | null }[] }>(
      urls.gateway,
      '{ regions { code name isOverseas ars { genericEmails referents { name email } } grades { name contacts { name email } } } }',
    );
    expect(res.errors).toBeUndefined();
    const regions = res.data!.regions;
    expect(regions).toHaveLength(18);
    expect(regions.filter((r) => r.isOverseas)).toHaveLength(5);
    const normandie = regions.find((r) => r.code === '28')!;
    expect(normandie.name).toBe('Normandie');
    expect(normandie.ars.referents.length + normandie.ars.genericEmails.length).toBeGreaterThan(0);
    expect(normandie.grades?.name).toBeTruthy();
    // Mayotte has no GRADeS row in the annex of seed 004.
    expect(regions.filter((r) => r.grades === null).map((r) => r.code)).toEqual(['06']);
  });

  it('computes the public funding simulation of domain-rules §4 without login', async () => {
    const essms = [1, 2, 3].map((n) => ({ finess: buildFiness('14', n), situation: 'ACQUISITION' }));
    const res = await gql<{ fundingSimulation: { essmsCount: number; desk: string; usages: number; software: number; total: number; advance: number; balance: number } }>(
      urls.gateway,
      'query($input: FundingSimulationInput!) { fundingSimulation(input: $input) { essmsCount desk usages software total advance balance } }',
      { input: { essms } },
    );
    expect(res.errors).toBeUndefined();
    // 003 §4.4: 7 000 € usages + 14 000 € software per acquiring ESSMS at rank 1–49.
    expect(res.data!.fundingSimulation).toEqual({ essmsCount: 3, desk: 'REGIONAL', usages: 21_000, software: 42_000, total: 63_000, advance: 31_500, balance: 31_500 });
  });

  it('names a malformed FINESS in a BAD_USER_INPUT error', async () => {
    const res = await gql(urls.gateway, 'query($input: FundingSimulationInput!) { fundingSimulation(input: $input) { total } }', {
      input: { essms: [{ finess: '14000000X', situation: 'ACQUISITION' }] },
    });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain('14000000X');
  });

  it('refuses a request sent straight to a subgraph without the gateway claims', async () => {
    for (const service of ['annuaire', 'candidature', 'grading-grid'] as const) {
      const response = await fetch(`${urls[service]}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      expect(response.status).toBe(401);
    }
  });

  it('scopes candidatures: a porteur sees only its own, an instructeur only its region', async () => {
    const porteur = await login(urls.gateway, 'porteur@demo.esms-numerique.fr');
    const normandie = await login(urls.gateway, 'instructeur.normandie@demo.esms-numerique.fr');
    const paca = await login(urls.gateway, 'instructeur.paca@demo.esms-numerique.fr');
    const cnsa = await login(urls.gateway, 'cnsa@demo.esms-numerique.fr');
    const list = '{ me { role organismes { finessEj } } candidatures { id readOnly pivotRegion { code } regions { code } organismes { finessEj } } }';

    const mine = await gql<{ me: { role: string; organismes: { finessEj: string }[] }; candidatures: { id: string; organismes: { finessEj: string }[] }[] }>(urls.gateway, list, {}, { cookie: porteur });
    expect(mine.errors).toBeUndefined();
    expect(mine.data!.me.role).toBe('PORTEUR');
    const own = new Set(mine.data!.me.organismes.map((o) => o.finessEj));
    expect(mine.data!.candidatures.length).toBeGreaterThan(0);
    for (const c of mine.data!.candidatures) expect(c.organismes.some((o) => own.has(o.finessEj))).toBe(true);

    type Listed = { candidatures: { id: string; readOnly: boolean; pivotRegion: { code: string } | null; regions: { code: string }[] }[] };
    const all = await gql<Listed>(urls.gateway, list, {}, { cookie: cnsa });
    const inNormandie = await gql<Listed>(urls.gateway, list, {}, { cookie: normandie });
    const inPaca = await gql<Listed>(urls.gateway, list, {}, { cookie: paca });
    expect(all.data!.candidatures.length).toBeGreaterThan(inNormandie.data!.candidatures.length);
    expect(inNormandie.data!.candidatures.length).toBeGreaterThan(0);
    // Its own region's files, and read-only the multiregional/national ones that include ESSMS of Normandie.
    for (const c of inNormandie.data!.candidatures) {
      if (c.pivotRegion?.code !== '28') {
        expect(c.readOnly).toBe(true);
        expect(c.regions.map((r) => r.code)).toContain('28');
      }
    }
    expect(inNormandie.data!.candidatures.some((c) => c.pivotRegion?.code === '28' && !c.readOnly)).toBe(true);

    // A Normandie file read by the PACA instructeur: the same answer as a file that does not exist.
    const target = inNormandie.data!.candidatures.find((c) => c.pivotRegion?.code === '28')!.id;
    expect(inPaca.data!.candidatures.map((c) => c.id)).not.toContain(target);
    const other = await gql(urls.gateway, 'query($id: ID!) { candidature(id: $id) { id } }', { id: target }, { cookie: paca });
    const missing = await gql(urls.gateway, 'query($id: ID!) { candidature(id: $id) { id } }', { id: '00000000-0000-4000-8000-000000000000' }, { cookie: paca });
    expect(other.data).toEqual(missing.data);
    expect(other.errors?.map((e) => e.extensions?.code)).toEqual(missing.errors?.map((e) => e.extensions?.code));
  });
});
