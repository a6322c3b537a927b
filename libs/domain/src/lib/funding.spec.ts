import fc from 'fast-check';
import { buildFiness, buildGrappe } from '../testing';
import { DomainValidationError } from './errors';
import { computeFunding, FUNDING_RULES_2024, roundEuro, type FundingEssmsInput } from './funding';

const one = (e: Partial<FundingEssmsInput> = {}): FundingEssmsInput => ({ finess: buildFiness('14', 1001), situation: 'ACQUISITION', ...e });
const lineAt = (grappe: FundingEssmsInput[], rank: number) => computeFunding({ essms: grappe }).lines[rank - 1];

describe('computeFunding — amounts (003 §4.4.2)', () => {
  it.each([
    ['003 §4.4.2 1): usages 7 000 € for an acquisition at rank 1', 'ACQUISITION', 1, 'usages', 7000],
    ['003 §4.4.2 1): usages 7 000 € for an acquisition at rank 49 (« jusqu’au 49e ESSMS »)', 'ACQUISITION', 49, 'usages', 7000],
    ['003 §4.4.2 1): usages 2 000 € for an acquisition at rank 50 (« à partir du 50e ESSMS »)', 'ACQUISITION', 50, 'usages', 2000],
    ['003 §4.4.2 1): usages 5 000 € for an upgrade at rank 1', 'UPGRADE', 1, 'usages', 5000],
    ['003 §4.4.2 1): usages 5 000 € for an upgrade at rank 49', 'UPGRADE', 49, 'usages', 5000],
    ['003 §4.4.2 1): usages 2 000 € for an upgrade at rank 50', 'UPGRADE', 50, 'usages', 2000],
    ['003 §4.4.2 2): software 14 000 € for an acquisition at rank 1', 'ACQUISITION', 1, 'software', 14000],
    ['003 §4.4.2 2): software 14 000 € for an acquisition at rank 49', 'ACQUISITION', 49, 'software', 14000],
    ['003 §4.4.2 2): software 3 000 € for an acquisition at rank 50', 'ACQUISITION', 50, 'software', 3000],
    ['003 §4.4.2 2): software 0 € for an upgrade (« versé via le dispositif SONS ») at rank 1', 'UPGRADE', 1, 'software', 0],
    ['003 §4.4.2 2): software 0 € for an upgrade at rank 50', 'UPGRADE', 50, 'software', 0],
  ] as const)('%s', (_name, situation, rank, line, amount) => {
    const grappe = buildGrappe(Math.max(rank, 1), { situation });
    expect(lineAt(grappe, rank)[line]).toBe(amount);
  });

  it('003 §4.4.2 résumé: 49 acquisitions = 49 × 21 000 €, the 50th adds 5 000 €', () => {
    expect(computeFunding({ essms: buildGrappe(49) }).total).toBe(49 * 21000);
    expect(computeFunding({ essms: buildGrappe(50) }).total).toBe(49 * 21000 + 5000);
  });

  it('003 §4.4.2 résumé: 60 upgrades = 49 × 5 000 + 11 × 2 000 €, no software line', () => {
    const r = computeFunding({ essms: buildGrappe(60, { situation: 'UPGRADE', organismes: 4 }), organismeSizes: {} });
    expect(r).toMatchObject({ usages: 49 * 5000 + 11 * 2000, software: 0, total: 49 * 5000 + 11 * 2000 });
  });

  it('003 §4.4.1: « nombre de FINESS géographiques uniques » — a duplicate is ignored with a notice', () => {
    const e = one();
    const r = computeFunding({ essms: [e, { ...e }, one({ finess: buildFiness('14', 1002) })] });
    expect(r.essmsCount).toBe(2);
    expect(r.lines).toHaveLength(2);
    expect(r.total).toBe(2 * 21000);
    expect(r.notices.join(' ')).toMatch(/plusieurs fois/);
  });

  it('platform decision (003 §3.1 « conditions particulières »): mixed grappe ranks acquisitions first, then upgrades, each by FINESS, with an ARS notice', () => {
    const acq = buildGrappe(30, { firstSerial: 100 });
    const upg = buildGrappe(30, { situation: 'UPGRADE', firstSerial: 1 });
    const r = computeFunding({ essms: [...upg, ...acq] });
    expect(r.lines.slice(0, 30).every((l) => l.situation === 'ACQUISITION')).toBe(true);
    expect(r.lines.map((l) => l.rank)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(r.lines[29].finess < r.lines[0].finess).toBe(false);
    // 30 acquisitions × 21 000 + 19 upgrades × 5 000 + 11 upgrades × 2 000
    expect(r.total).toBe(30 * 21000 + 19 * 5000 + 11 * 2000);
    expect(r.notices.join(' ')).toMatch(/Grappe mixte.*ARS doit confirmer/);
  });

  it('platform decision: a single-situation grappe is ranked by FINESS ascending whatever the input order', () => {
    const g = buildGrappe(5).reverse();
    expect(computeFunding({ essms: g }).lines.map((l) => l.finess)).toEqual(g.map((e) => e.finess).sort());
  });
});

describe('computeFunding — small organismes (003 §4.4.2 3)', () => {
  const ej = buildFiness('14', 1);
  it('003 §4.4.2 3): hardware at most 20 000 € per ESSMS (quote 25 000 € → 20 000 €)', () => {
    const r = computeFunding({ essms: [one({ organismeFinessEj: ej, hardwareQuote: 25000 })] });
    expect(r.hardware).toBe(20000);
    expect(r.lines[0].hardware).toBe(20000);
  });
  it('003 §4.4.1: hardware « modulés en fonction des devis » (quote 12 345,67 € → 12 345 €, never above the expense)', () => {
    expect(computeFunding({ essms: [one({ organismeFinessEj: ej, hardwareQuote: 12345.67 })] }).hardware).toBe(12345);
  });
  it('003 §4.4.2 3): no quote, no hardware line', () => {
    expect(computeFunding({ essms: [one({ organismeFinessEj: ej })] }).hardware).toBe(0);
  });
  it('003 §4.4.2 3): « moins de 15 ESSMS » — an organisme with 14 ESSMS is small, with 15 it is not', () => {
    const g14 = buildGrappe(14, { hardwareQuote: 1000 });
    expect(computeFunding({ essms: g14 }).hardware).toBe(14 * 1000);
    const g15 = buildGrappe(15, { hardwareQuote: 1000 });
    const r = computeFunding({ essms: g15 });
    expect(r.hardware).toBe(0);
    expect(r.notices.join(' ')).toMatch(/réservé aux petits organismes/);
  });
  it('003 §4.4.2 3): the directory size wins over the input count (organismeSizes)', () => {
    const g = buildGrappe(3, { hardwareQuote: 1000 });
    expect(computeFunding({ essms: g, organismeSizes: { [g[0].organismeFinessEj as string]: 40 } }).hardware).toBe(0);
  });
  it('003 §4.4.2 3): « moins de 8 ESSMS pour la Corse et les territoires ultramarins » — 7 is small, 8 is not (La Réunion)', () => {
    const g = buildGrappe(1, { departement: '974', hardwareQuote: 1000 });
    const ejReunion = g[0].organismeFinessEj as string;
    expect(computeFunding({ essms: g, organismeSizes: { [ejReunion]: 7 } }).hardware).toBe(1000);
    expect(computeFunding({ essms: g, organismeSizes: { [ejReunion]: 8 } }).hardware).toBe(0);
  });
  it('003 §4.4.2 3): Corse threshold 8 as well (2A organisme with 8 ESSMS is not small)', () => {
    const g = buildGrappe(8, { departement: '2A', hardwareQuote: 1000 });
    expect(computeFunding({ essms: g }).hardware).toBe(0);
    expect(computeFunding({ essms: g.slice(0, 7) }).hardware).toBe(7000);
  });
  it('platform decision: an ESSMS without organisme gets no hardware, with a notice', () => {
    const r = computeFunding({ essms: [one({ hardwareQuote: 1000 })] });
    expect(r.hardware).toBe(0);
    expect(r.notices.join(' ')).toMatch(/Renseignez l'organisme gestionnaire/);
  });
  it('003 §4.4.2 3): AMOA forfait 100 000 € per project when every organisme is small', () => {
    const g = buildGrappe(20, { organismes: 2 }); // 10 ESSMS each
    const r = computeFunding({ essms: g, amoa: true });
    expect(r.amoa).toBe(100000);
    expect(r.total).toBe(20 * 21000 + 100000);
  });
  it('003 §4.4.2 3): AMOA refused with a notice when one organisme is not small', () => {
    const g = buildGrappe(20, { organismes: 2 });
    const r = computeFunding({ essms: g, amoa: true, organismeSizes: { [g[0].organismeFinessEj as string]: 30 } });
    expect(r.amoa).toBe(0);
    expect(r.notices.join(' ')).toMatch(/AMOA/);
  });
  it('003 §4.4.2 3): no AMOA when not asked', () => {
    expect(computeFunding({ essms: buildGrappe(3) }).amoa).toBe(0);
  });
});

describe('computeFunding — SAAD prorata (003 annex 1)', () => {
  it('003 annexe 1: « au prorata de l’activité médico-sociale » — 600 h of 1 000 h → usages 4 200 €, software 8 400 €', () => {
    const r = computeFunding({ essms: [one({ saadTotalHours: 1000, saadMedicoSocialHours: 600 })] });
    expect(r.lines[0]).toMatchObject({ usages: 4200, software: 8400, prorata: 0.6 });
  });
  it('003 annexe 1: each prorated line is rounded to the nearest euro, half up (1/3 → 2 333 € and 4 667 €)', () => {
    const r = computeFunding({ essms: [one({ saadTotalHours: 3, saadMedicoSocialHours: 1 })] });
    expect(r.lines[0]).toMatchObject({ usages: 2333, software: 4667 });
  });
  it('003 annexe 1: half up (5 000 € × 1/16 = 312,5 → 313 €)', () => {
    expect(roundEuro(312.5)).toBe(313);
    const r = computeFunding({ essms: [one({ situation: 'UPGRADE', saadTotalHours: 16, saadMedicoSocialHours: 1 })] });
    expect(r.lines[0].usages).toBe(313);
  });
  it('003 §4.4.1: the prorata does not apply to hardware', () => {
    const r = computeFunding({ essms: [one({ organismeFinessEj: buildFiness('14', 1), hardwareQuote: 10000, saadTotalHours: 100, saadMedicoSocialHours: 50 })] });
    expect(r.lines[0]).toMatchObject({ usages: 3500, software: 7000, hardware: 10000 });
  });
  it.each([
    ['total 0', { saadTotalHours: 0, saadMedicoSocialHours: 0 }, 'essms[0].saadTotalHours'],
    ['medico above total', { saadTotalHours: 10, saadMedicoSocialHours: 11 }, 'essms[0].saadMedicoSocialHours'],
    ['negative medico', { saadTotalHours: 10, saadMedicoSocialHours: -1 }, 'essms[0].saadMedicoSocialHours'],
    ['medico without total', { saadMedicoSocialHours: 5 }, 'essms[0].saadTotalHours'],
    ['total without medico', { saadTotalHours: 5 }, 'essms[0].saadMedicoSocialHours'],
  ])('003 annexe 1: rejects bad hours (%s)', (_n, hours, field) => {
    expect(() => computeFunding({ essms: [one(hours)] })).toThrow(expect.objectContaining({ field }));
  });
});

describe('computeFunding — validation, desk, notices', () => {
  it('throws a DomainValidationError naming the malformed FINESS', () => {
    try {
      computeFunding({ essms: [one(), one({ finess: '140001002' })] });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainValidationError);
      expect((e as DomainValidationError).field).toBe('essms[1].finess');
      expect((e as DomainValidationError).message).toMatch(/140001002/);
    }
  });
  it('throws on a negative quote', () => {
    expect(() => computeFunding({ essms: [one({ hardwareQuote: -1 })] })).toThrow(expect.objectContaining({ field: 'essms[0].hardwareQuote' }));
  });
  it('throws on a malformed organisme FINESS EJ', () => {
    expect(() => computeFunding({ essms: [one({ organismeFinessEj: '12' })] })).toThrow(expect.objectContaining({ field: 'essms[0].organismeFinessEj' }));
  });
  it('003 §4.5.1: advance = 50 % (rounded up), balance = the rest', () => {
    const r = computeFunding({ essms: [one({ saadTotalHours: 3, saadMedicoSocialHours: 1 })] }); // 7 000 €
    expect(r).toMatchObject({ total: 7000, advance: 3500, balance: 3500 });
    const odd = computeFunding({ essms: [one({ organismeFinessEj: buildFiness('14', 1), hardwareQuote: 1 })] });
    expect(odd).toMatchObject({ total: 21001, advance: 10501, balance: 10500 });
  });
  it('003 §4.2 D: below 15 ESSMS, a notice; 15 → none', () => {
    expect(computeFunding({ essms: buildGrappe(14) }).notices.join(' ')).toMatch(/moins que les 15/);
    expect(computeFunding({ essms: buildGrappe(15) }).notices.join(' ')).not.toMatch(/moins que les/);
  });
  it('003 §4.2 D: below 8 ESSMS overseas, a notice; 8 → none (Guadeloupe)', () => {
    expect(computeFunding({ essms: buildGrappe(7, { departement: '971' }) }).notices.join(' ')).toMatch(/moins que les 8/);
    expect(computeFunding({ essms: buildGrappe(8, { departement: '971' }) }).notices.join(' ')).not.toMatch(/moins que les/);
  });
  it('003 §4.3: region derived from the FINESS, 50 ESSMS in 2 regions → national desk', () => {
    const g = [...buildGrappe(25, { departement: '14' }), ...buildGrappe(25, { departement: '13' })].map(({ regionCode: _r, ...e }) => e);
    const r = computeFunding({ essms: g, organismeSizes: {} });
    expect(r).toMatchObject({ essmsCount: 50, regionCount: 2, desk: 'NATIONAL', multiregional: true });
  });
  it('no ESSMS: zero everywhere, with a notice', () => {
    const r = computeFunding({ essms: [] });
    expect(r).toMatchObject({ total: 0, advance: 0, balance: 0, essmsCount: 0, desk: 'REGIONAL' });
    expect(r.notices).toHaveLength(1);
  });
  it('rules are data with their source', () => {
    expect(FUNDING_RULES_2024).toMatchObject({ source: '003 §4.4.2', hardwareCapPerEssms: 20000, amoaPerProject: 100000, volumeTierFromRank: 50 });
  });
});

describe('computeFunding — properties', () => {
  const essmsArb = fc.record({
    serial: fc.integer({ min: 1, max: 400 }),
    dep: fc.constantFrom('14', '13', '974', '2A'),
    situation: fc.constantFrom<'ACQUISITION' | 'UPGRADE'>('ACQUISITION', 'UPGRADE'),
    organisme: fc.integer({ min: 1, max: 4 }),
    quote: fc.option(fc.integer({ min: 0, max: 40000 }), { nil: undefined }),
    saad: fc.option(fc.tuple(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 2000 })), { nil: undefined }),
  });
  const toInput = (x: { serial: number; dep: string; situation: 'ACQUISITION' | 'UPGRADE'; organisme: number; quote?: number; saad?: [number, number] }): FundingEssmsInput => ({
    finess: buildFiness(x.dep, 1000 + x.serial),
    situation: x.situation,
    organismeFinessEj: buildFiness('14', x.organisme),
    hardwareQuote: x.quote,
    ...(x.saad ? { saadTotalHours: Math.max(...x.saad), saadMedicoSocialHours: Math.min(...x.saad) } : {}),
  });

  it('003 §4.4: total = sum of lines + AMOA; advance + balance = total; integer euros', () => {
    fc.assert(
      fc.property(fc.array(essmsArb, { maxLength: 80 }), fc.boolean(), (xs, amoa) => {
        const r = computeFunding({ essms: xs.map(toInput), amoa });
        const lines = r.lines.reduce((s, l) => s + l.usages + l.software + l.hardware, 0);
        expect(r.total).toBe(lines + r.amoa);
        expect(r.usages + r.software + r.hardware + r.amoa).toBe(r.total);
        expect(r.advance + r.balance).toBe(r.total);
        for (const v of [r.total, r.advance, r.balance, ...r.lines.flatMap((l) => [l.usages, l.software, l.hardware])]) expect(Number.isInteger(v)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('003 §4.4: funding never decreases when an ESSMS is added (organisme sizes from the directory, no SAAD prorata)', () => {
    // Expected decreases, excluded here: with sizes counted from the input an organisme crossing 15 ESSMS stops
    // being small; a low-prorata SAAD can push a full ESSMS to rank 50; adding an ESSMS of a large organisme
    // removes the AMOA forfait (reserved to grappes of small organismes only).
    const noSaad = essmsArb.map((x) => ({ ...x, saad: undefined }));
    const [o1, o2, o3, o4] = [1, 2, 3, 4].map((n) => buildFiness('14', n));
    const scenarios = fc.constantFrom(
      { amoa: false, organismeSizes: { [o1]: 3, [o2]: 30, [o3]: 5, [o4]: 14 } },
      { amoa: true, organismeSizes: { [o1]: 3, [o2]: 1, [o3]: 5, [o4]: 14 } },
    );
    fc.assert(
      fc.property(fc.array(noSaad, { maxLength: 70 }), noSaad, scenarios, (xs, extra, scenario) => {
        const before = computeFunding({ essms: xs.map(toInput), ...scenario }).total;
        const after = computeFunding({ essms: [...xs, extra].map(toInput), ...scenario }).total;
        expect(after).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 200 },
    );
  });

  it('003 §4.4.2: the rank-50 boundary — in any single-situation grappe, ranks 1–49 get the first tier and ranks ≥ 50 the volume tier', () => {
    fc.assert(
      fc.property(fc.integer({ min: 49, max: 120 }), fc.constantFrom<'ACQUISITION' | 'UPGRADE'>('ACQUISITION', 'UPGRADE'), (n, situation) => {
        const r = computeFunding({ essms: buildGrappe(n, { situation }) });
        const t = FUNDING_RULES_2024;
        expect(r.lines[48].usages).toBe(t.usages[situation].upTo49);
        if (n >= 50) expect(r.lines[49].usages).toBe(t.usages[situation].from50);
        expect(r.lines.every((l) => l.usages === (l.rank <= 49 ? t.usages[situation].upTo49 : t.usages[situation].from50))).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('duplicates never change the result', () => {
    fc.assert(
      fc.property(fc.array(essmsArb, { minLength: 1, maxLength: 40 }), (xs) => {
        const input = xs.map(toInput);
        const a = computeFunding({ essms: input });
        const b = computeFunding({ essms: [...input, ...input] });
        expect(b.total).toBe(a.total);
        expect(b.essmsCount).toBe(a.essmsCount);
      }),
      { numRuns: 80 },
    );
  });
});
