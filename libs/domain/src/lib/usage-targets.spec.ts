import fc from 'fast-check';
import { measurementPeriod, missedUsageTargets, USAGE_INDICATORS, usageRates, usageTargetsDue, validateMeasurement, type UsageMeasurement } from './usage-targets';

const base: UsageMeasurement = {
  personsAccompanied: 100,
  mssanteMessagesSent: 70,
  dmpFed: 70,
  activeDossiers: 90,
  activeDossiersWithProjetPersonnalise: 81,
  activeDossiersWithAgendaEvent: 81,
};
const rateOf = (m: UsageMeasurement, id: string) => usageRates(m).indicators.find((i) => i.id === id);

describe('usage targets (003 §5)', () => {
  it.each([
    ['003 §5 A: MSSanté « 70 % »', 'MSSANTE', 70],
    ['003 §5 A: DMP « 70 % »', 'DMP', 70],
    ['003 §5 B: dossiers actifs « 90 % »', 'ACTIVE_DOSSIERS', 90],
    ['003 §5 B: dossiers actifs avec projet personnalisé « 90 % »', 'PROJET_PERSONNALISE', 90],
    ['003 §5 B: dossiers actifs avec un événement d’agenda « 90 % »', 'AGENDA', 90],
  ])('%s', (_n, id, target) => {
    expect(USAGE_INDICATORS.find((i) => i.id === id)?.target).toBe(target);
  });

  it('003 §5: exactly at target → reached for all five', () => {
    const r = usageRates(base);
    expect(r.indicators.map((i) => [i.id, i.rate, i.reached])).toEqual([
      ['MSSANTE', 70, true],
      ['DMP', 70, true],
      ['ACTIVE_DOSSIERS', 90, true],
      ['PROJET_PERSONNALISE', 90, true],
      ['AGENDA', 90, true],
    ]);
    expect(r.allReached).toBe(true);
  });

  it('003 §5 A: MSSanté 69 messages for 100 persons → 69 %, not reached', () => {
    expect(rateOf({ ...base, mssanteMessagesSent: 69 }, 'MSSANTE')).toMatchObject({ rate: 69, reached: false });
    expect(usageRates({ ...base, mssanteMessagesSent: 69 }).allReached).toBe(false);
  });

  it('003 §5 B: PP and agenda are measured over active dossiers (80 of 90 → 88.9 %, not reached)', () => {
    expect(rateOf({ ...base, activeDossiersWithProjetPersonnalise: 80 }, 'PROJET_PERSONNALISE')).toMatchObject({ rate: 88.9, reached: false });
    expect(rateOf({ ...base, activeDossiersWithAgendaEvent: 80 }, 'AGENDA')).toMatchObject({ rate: 88.9, reached: false });
  });

  it('reached compares the exact ratio, not the rounded rate (69.96 % displays 70 but is not reached)', () => {
    const m = { ...base, personsAccompanied: 10000, mssanteMessagesSent: 6996, dmpFed: 7000, activeDossiers: 9000, activeDossiersWithProjetPersonnalise: 8100, activeDossiersWithAgendaEvent: 8100 };
    expect(rateOf(m, 'MSSANTE')).toMatchObject({ rate: 70, reached: false });
  });

  it('denominator 0 → rate null, not reached', () => {
    const r = usageRates({ ...base, personsAccompanied: 0, mssanteMessagesSent: 0, dmpFed: 0, activeDossiers: 0, activeDossiersWithProjetPersonnalise: 0, activeDossiersWithAgendaEvent: 0 });
    expect(r.indicators.every((i) => i.rate === null && !i.reached)).toBe(true);
  });

  it('platform decision: MSSanté counts messages, which may exceed persons (150 %)', () => {
    const m = { ...base, mssanteMessagesSent: 150 };
    expect(validateMeasurement(m)).toEqual([]);
    expect(rateOf(m, 'MSSANTE')).toMatchObject({ rate: 150, reached: true });
  });

  it.each([
    ['dmpFed', { dmpFed: 101 }],
    ['activeDossiers', { activeDossiers: 101, activeDossiersWithProjetPersonnalise: 90, activeDossiersWithAgendaEvent: 90 }],
    ['activeDossiersWithProjetPersonnalise', { activeDossiersWithProjetPersonnalise: 91 }],
    ['activeDossiersWithAgendaEvent', { activeDossiersWithAgendaEvent: 91 }],
  ])('003 §5: %s cannot exceed its denominator', (field, patch) => {
    const errors = validateMeasurement({ ...base, ...patch });
    expect(errors.map((e) => e.field)).toEqual([field]);
    expect(errors[0].message).toMatch(/ne peut pas dépasser/);
  });

  it('counts are non-negative integers', () => {
    expect(validateMeasurement({ ...base, dmpFed: -1 }).map((e) => e.field)).toEqual(['dmpFed']);
    expect(validateMeasurement({ ...base, activeDossiers: 1.5 }).map((e) => e.field)).toEqual(['activeDossiers']);
    expect(validateMeasurement({ ...base, ePrescriptionsImported: -2 }).map((e) => e.field)).toEqual(['ePrescriptionsImported']);
  });

  it('003 §5 C: e-prescription and e-parcours counts are optional, with no target', () => {
    expect(usageRates(base).optional).toEqual({ ePrescriptionsImported: null, eParcoursExchanges: null });
    expect(usageRates({ ...base, ePrescriptionsImported: 12, eParcoursExchanges: 3 }).optional).toEqual({ ePrescriptionsImported: 12, eParcoursExchanges: 3 });
  });

  it('property: a valid measurement gives rates in [0, 100] except MSSanté', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.nat(), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (persons, msg, a, b, c, d) => {
        const activeDossiers = persons ? a % (persons + 1) : 0;
        const m: UsageMeasurement = {
          personsAccompanied: persons,
          mssanteMessagesSent: msg % 20000,
          dmpFed: persons ? b % (persons + 1) : 0,
          activeDossiers,
          activeDossiersWithProjetPersonnalise: c % (activeDossiers + 1),
          activeDossiersWithAgendaEvent: d % (activeDossiers + 1),
        };
        expect(validateMeasurement(m)).toEqual([]);
        for (const r of usageRates(m).indicators.filter((i) => i.id !== 'MSSANTE')) {
          if (r.rate !== null) expect(r.rate >= 0 && r.rate <= 100).toBe(true);
        }
      }),
    );
  });
});

describe('measurementPeriod (003 §5: « sur le mois écoulé … avec une période de 3 mois pour la première mesure »)', () => {
  it('003 §5: the first measure covers 3 months', () => {
    expect(measurementPeriod('2024-11', 0)).toEqual({ from: '2024-11-01', to: '2025-01-31', months: 3 });
  });
  it('003 §5: then monthly, at each month end', () => {
    expect(measurementPeriod('2024-11', 1)).toEqual({ from: '2025-02-01', to: '2025-02-28', months: 1 });
    expect(measurementPeriod('2024-01', 1)).toEqual({ from: '2024-04-01', to: '2024-04-30', months: 1 });
    expect(measurementPeriod('2023-12', 3)).toEqual({ from: '2024-05-01', to: '2024-05-31', months: 1 });
    expect(measurementPeriod('2023-12', 0).to).toBe('2024-02-29');
  });
  it('rejects bad input', () => {
    expect(() => measurementPeriod('2024-13', 0)).toThrow();
    expect(() => measurementPeriod('2024-01', -1)).toThrow();
  });
});

describe("missed usage targets (003 §4.5.2: « à l'atteinte des cibles d'usage à la fin du projet »)", () => {
  const low: UsageMeasurement = { ...base, dmpFed: 52, activeDossiersWithAgendaEvent: 80 }; // DMP 52 % < 70 %, agenda 88.9 % < 90 %
  const end = '2026-10-10'; // expected end of the convention (indicative: 9 or 18 months after the start)
  it.each([
    ['before the end: the targets are not due yet, nothing is missed', low, '2026-09-30', end, []],
    [
      '003 §4.5.2: the measurement whose period contains the expected end judges the targets',
      low,
      '2026-10-31',
      end,
      [
        { id: 'DMP', target: 70, rate: 52 },
        { id: 'AGENDA', target: 90, rate: 88.9 },
      ],
    ],
    ['after the end, a month still below target is missed', { ...base, mssanteMessagesSent: 69 }, '2027-01-31', end, [{ id: 'MSSANTE', target: 70, rate: 69 }]],
    ['a period ending on the expected end day is due', { ...base, dmpFed: 69 }, '2026-10-31', '2026-10-31', [{ id: 'DMP', target: 70, rate: 69 }]],
    ['003 §5: exactly at target is reached, nothing missed', base, '2026-11-30', end, []],
    ['no persons accompanied: no rate, every target missed', { ...base, personsAccompanied: 0, mssanteMessagesSent: 0, dmpFed: 0, activeDossiers: 0, activeDossiersWithProjetPersonnalise: 0, activeDossiersWithAgendaEvent: 0 }, '2026-11-30', end, USAGE_INDICATORS.map((i) => ({ id: i.id, target: i.target, rate: null }))],
    ['003 §4.5.2: « ces délais indicatifs ne concernent pas les projets de portée nationale » (no expected end)', low, '2030-12-31', null, []],
  ])('%s', (_name, counts, to, expectedEnd, missed) => {
    expect(missedUsageTargets(counts, { to }, expectedEnd)).toEqual(missed);
  });

  it('usageTargetsDue compares the period end with the expected end, and rejects bad dates', () => {
    expect(usageTargetsDue({ to: '2026-10-09' }, '2026-10-10')).toBe(false);
    expect(usageTargetsDue({ to: '2026-10-10' }, '2026-10-10')).toBe(true);
    expect(() => usageTargetsDue({ to: '2026-13-01' }, '2026-10-10')).toThrow();
    expect(() => usageTargetsDue({ to: '2026-10-31' }, '10/10/2026')).toThrow();
  });

  it('property: what is missed is exactly what usageRates says is not reached, once due', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.nat(), fc.nat(), fc.nat(), (persons, msg, a, b) => {
        const activeDossiers = persons ? a % (persons + 1) : 0;
        const m: UsageMeasurement = { ...base, personsAccompanied: persons, mssanteMessagesSent: msg % 1000, dmpFed: persons ? b % (persons + 1) : 0, activeDossiers, activeDossiersWithProjetPersonnalise: activeDossiers, activeDossiersWithAgendaEvent: 0 };
        const notReached = usageRates(m).indicators.filter((i) => !i.reached).map((i) => i.id);
        expect(missedUsageTargets(m, { to: '2026-12-31' }, '2026-12-01').map((t) => t.id)).toEqual(notReached);
      }),
    );
  });
});
