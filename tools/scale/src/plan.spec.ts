import { checkFiness, computeFunding, REGIONS, splitPayment, TRANSITIONS } from '@esms/domain';
import { generateScaleFlow } from './flow';
import { FUNDED_STATES, measurementsOf, pathTo, planCandidatures } from './plan';

// A small volume with the same shape as the national one (the generator's defaults are 42 000 ESSMS, 3 000 files).
const flow = generateScaleFlow({ target: 2000, seed: 7 });
const plan = planCandidatures(flow.organismes, { count: 150, seed: 7 });

describe('scale volume generator', () => {
  it('is deterministic: same seed, same flow and same files', () => {
    expect(JSON.stringify(generateScaleFlow({ target: 2000, seed: 7 }).document)).toBe(JSON.stringify(flow.document));
    expect(JSON.stringify(planCandidatures(flow.organismes, { count: 150, seed: 7 }))).toBe(JSON.stringify(plan));
    expect(JSON.stringify(generateScaleFlow({ target: 2000, seed: 8 }).document)).not.toBe(JSON.stringify(flow.document));
  });

  it('spreads valid, unique FINESS over the 18 regions, never reusing a reserved number', () => {
    const all = flow.organismes.flatMap((o) => [o.finessEj, ...o.essms.map((e) => e.finess)]);
    expect(new Set(all).size).toBe(all.length);
    for (const f of all) expect(checkFiness(f).ok).toBe(true);
    expect(new Set(flow.organismes.map((o) => o.regionCode))).toEqual(new Set(REGIONS.map((r) => r.code)));
    const reserved = flow.organismes[0].essms[0].finess;
    const other = generateScaleFlow({ target: 200, seed: 7, reserved: [reserved] });
    expect(other.organismes.flatMap((o) => o.essms.map((e) => e.finess))).not.toContain(reserved);
  });

  it('plans the asked number of files; every open ESSMS is in a grappe; amounts and payments from the domain', () => {
    expect(plan.files).toHaveLength(150);
    const inGrappes = new Set(plan.files.flatMap((f) => f.members.map((m) => m.finess)));
    for (const e of flow.organismes.flatMap((o) => o.essms)) expect(inGrappes.has(e.finess)).toBe(!e.closed);
    for (const f of plan.files) {
      const funding = computeFunding({ essms: f.members.map((m) => ({ finess: m.finess, regionCode: m.regionCode, situation: m.situation, organismeFinessEj: m.finessEj, ...(m.hardwareQuote !== null ? { hardwareQuote: m.hardwareQuote } : {}) })), amoa: f.amoa, organismeSizes: Object.fromEntries(flow.organismes.map((o) => [o.finessEj, o.essms.filter((e) => !e.closed).length])) });
      expect(f.fundingTotal).toBe(funding.total);
      expect(f.events.map((e) => e.to).at(-1) ?? 'DRAFT').toBe(f.state);
      expect(f.submittedAt === null).toBe(f.state === 'DRAFT');
      if (f.convention) {
        expect(f.convention).toMatchObject({ total: f.fundingTotal, ...splitPayment(f.fundingTotal) });
        expect(f.payments.filter((p) => p.status === 'PAID').every((p) => p.paidOn)).toBe(true);
      }
      expect(f.firstMonth !== null).toBe(FUNDED_STATES.includes(f.state));
    }
    expect(new Set(plan.files.map((f) => f.reference)).size).toBe(150);
  });

  it('follows the domain transitions to each state', () => {
    const path = pathTo('CLOSED');
    expect(path[0]).toMatchObject({ from: 'DRAFT', action: 'submit' });
    for (const step of path) expect(TRANSITIONS.some((t) => t.from === step.from && t.to === step.to && t.action === step.action)).toBe(true);
  });

  it('measures 24 months per ESSMS of a funded file, counts consistent (numerator ≤ its denominator where the domain says so)', () => {
    const funded = plan.files.find((f) => f.firstMonth)!;
    const values = measurementsOf(7, funded.id, funded.members[0].finess, funded.firstMonth!, 24);
    expect(values).toHaveLength(24);
    expect(new Set(values.map((v) => v.month)).size).toBe(24);
    for (const v of values) {
      expect(v.dmp).toBeLessThanOrEqual(v.persons);
      expect(v.active).toBeLessThanOrEqual(v.persons);
      expect(v.withPp).toBeLessThanOrEqual(v.active);
      expect(v.withAgenda).toBeLessThanOrEqual(v.active);
    }
    expect(measurementsOf(7, funded.id, funded.members[0].finess, funded.firstMonth!, 24)).toEqual(values);
  });
});
