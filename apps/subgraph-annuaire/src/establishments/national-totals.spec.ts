import { serviceClaims, signClaims, CLAIMS_HEADER } from '@esms/server-kit';
import { startAnnuaireForTest, type AnnuaireTestServer } from '../demo/start-for-tests';

const EHPAD = '010780906'; // EHPAD, region 84 (sample flow)
const CLOSED = '010790061'; // closed SESSAD

async function internal(t: AnnuaireTestServer, route: string, body: unknown, service = true) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (service) headers[CLAIMS_HEADER] = await signClaims(serviceClaims('candidature'));
  const res = await fetch(`${t.baseUrl}/internal/${route}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as unknown };
}

describe('internal routes for the national dashboard', () => {
  let t: AnnuaireTestServer;
  beforeAll(async () => {
    t = await startAnnuaireForTest({ importSample: true });
  }, 60_000);
  afterAll(() => t?.stop());

  it('counts open ESSMS per region and field, equal to a direct SQL count', async () => {
    const res = await internal(t, 'establishments/totals', {});
    expect(res.status).toBe(200);
    const totals = res.body as Record<string, { open: number; byField: Record<string, number> }>;
    const direct: { region: string; n: string }[] = await t.db.dataSource.query(
      `SELECT coalesce(region_code, '?') AS region, count(*) AS n FROM establishment WHERE NOT closed GROUP BY 1`,
    );
    expect(Object.keys(totals).sort()).toEqual(direct.map((d) => d.region).sort());
    for (const d of direct) {
      expect(totals[d.region]!.open).toBe(Number(d.n));
      expect(Object.values(totals[d.region]!.byField).reduce((a, b) => a + b, 0)).toBe(Number(d.n));
    }
    expect(totals['84']!.byField['PA']).toBeGreaterThan(0);
  });

  it('gives the field of known ESSMS and refuses callers without service claims', async () => {
    const res = await internal(t, 'establishments/fields', { finess: [EHPAD, CLOSED, '12AB'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ [EHPAD]: { field: 'PA', category: '500', closed: false }, [CLOSED]: { closed: true } });
    expect((await internal(t, 'establishments/totals', {}, false)).status).toBe(401);
  });
});
