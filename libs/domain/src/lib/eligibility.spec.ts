import { ALL_PIECES, buildEligibilityEssms, buildGrappe, REFERENCED_SOLUTION } from '../testing';
import { NORMANDIE_2024 } from './calendar';
import { eligibilityReport, type EligibilityInput, type EligibilityProject } from './eligibility';

const project: EligibilityProject = {
  porteurIsGht: false,
  otherEuFunds: [],
  selfDiagnostics: { anapMaturitySecurity: true, anapManagementLevel: true, cyber13Measures: true },
  presentPieces: [...ALL_PIECES],
  hardwareRequested: false,
  submittedAt: new Date('2024-03-01T10:00:00+01:00'),
  track: NORMANDIE_2024.tracks.regional,
};
const grappe = buildEligibilityEssms(buildGrappe(15));
const ok: EligibilityInput = { essms: grappe, project, fundingHistory: {} };
const items = (input: EligibilityInput, code: string) => eligibilityReport(input).items.filter((i) => i.code === code);
const first = grappe[0].finess;

describe('eligibilityReport (003 §4.1–4.2; domain-rules §3)', () => {
  it('a complete, eligible project: no blocking, no condition, no warning', () => {
    const r = eligibilityReport(ok);
    expect(r).toMatchObject({ blocking: false, conditions: [], warnings: [] });
    expect(new Set(r.items.map((i) => i.code))).toEqual(new Set(['E01', 'E02', 'E03', 'E04', 'E05', 'E07', 'E08', 'E09', 'E10', 'E11', 'E12']));
  });

  it('003 §4.1 E01: a SAAD with confort activity is eligible, funded pro rata', () => {
    const essms = grappe.map((e, i) => (i === 0 ? { ...e, isSaad: true, hasConfortActivity: true } : e));
    expect(items({ ...ok, essms }, 'E01')[0]).toMatchObject({ status: 'OK', finess: first });
    expect(items({ ...ok, essms }, 'E01')[0].message).toMatch(/prorata/);
  });
  it('E01: a health establishment (category 365, README) is not an ESSMS', () => {
    const essms = grappe.map((e, i) => (i === 0 ? { ...e, category: '365' } : e));
    expect(eligibilityReport({ ...ok, essms }).blocking).toBe(true);
  });

  it('003 §4.2 A E02: « ne doit pas bénéficier d’autres aides issues des Fonds européens (FEDER, FSE) »', () => {
    const r = eligibilityReport({ ...ok, project: { ...project, otherEuFunds: ['FEDER'] } });
    expect(r.blocking).toBe(true);
    expect(items({ ...ok, project: { ...project, otherEuFunds: undefined } }, 'E02')[0].status).toBe('TO_CHECK');
  });

  it('003 §4.2 A E03: « à plusieurs reprises pour … le même logiciel »', () => {
    const input = { ...ok, fundingHistory: { [first]: [{ campaign: 'normandie-2022', situation: 'ACQUISITION' as const, softwareSolution: 'dui exemple', sonsOrdered: false }] } };
    const e03 = items(input, 'E03').find((i) => i.finess === first);
    expect(e03).toMatchObject({ severity: 'BLOCKING', status: 'KO' });
    expect(items(input, 'E04').find((i) => i.finess === first)?.status).toBe('OK');
  });

  it('003 §4.2 A E04: « pour deux logiciels de DUI différents »', () => {
    const input = { ...ok, fundingHistory: { [first]: [{ campaign: 'paca-2023', situation: 'UPGRADE' as const, softwareSolution: 'Autre DUI', sonsOrdered: false }] } };
    expect(items(input, 'E04').find((i) => i.finess === first)).toMatchObject({ status: 'KO' });
    expect(eligibilityReport(input).blocking).toBe(true);
  });

  it('003 §4.2 A E05: SONS ordered → cannot be funded to acquire another DUI', () => {
    const input = { ...ok, fundingHistory: { [first]: [{ campaign: 'sons-2023', situation: 'NONE' as const, softwareSolution: 'Autre DUI', sonsOrdered: true }] } };
    expect(items(input, 'E05').find((i) => i.finess === first)).toMatchObject({ status: 'KO' });
    expect(items(input, 'E04').find((i) => i.finess === first)?.status).toBe('OK'); // a SONS order alone is not an ESMS numérique funding
    const upgrade = { ...input, essms: grappe.map((e) => ({ ...e, situation: 'UPGRADE' as const })) };
    expect(items(upgrade, 'E05').every((i) => i.status === 'OK')).toBe(true);
  });

  it('003 §4.2 B E06: attached to a national entity → condition until P13 is joined', () => {
    const essms = grappe.map((e, i) => (i === 0 ? { ...e, nationalEntity: 'Croix-Rouge française' } : e));
    const without = eligibilityReport({ ...ok, essms, project: { ...project, presentPieces: ALL_PIECES.filter((p) => p !== 'P13') } });
    expect(without.conditions.map((c) => c.code)).toContain('E06');
    expect(eligibilityReport({ ...ok, essms }).conditions).toEqual([]);
  });

  it('003 §4.2 C E07: « tous les ESSMS … la même solution logicielle »', () => {
    const essms = grappe.map((e, i) => (i === 0 ? { ...e, solution: { ...REFERENCED_SOLUTION, name: 'Autre DUI' } } : e));
    expect(items({ ...ok, essms }, 'E07')[0].status).toBe('KO');
  });

  it('003 §4.2 C E08: not referenced in the medico-social couloir → blocking', () => {
    const essms = grappe.map((e) => ({ ...e, solution: { ...REFERENCED_SOLUTION, referencing: 'NOT_REFERENCED' as const } }));
    expect(items({ ...ok, essms }, 'E08')[0]).toMatchObject({ severity: 'BLOCKING', status: 'KO' });
  });
  it('003 §4.2 C E08: « en cours de référencement » → condition before paramétrage', () => {
    const essms = grappe.map((e) => ({ ...e, solution: { ...REFERENCED_SOLUTION, referencing: 'IN_PROGRESS' as const } }));
    const r = eligibilityReport({ ...ok, essms });
    expect(r.conditions[0]).toMatchObject({ code: 'E08', status: 'TO_CHECK' });
    expect(r.blocking).toBe(false);
  });
  it('003 §4.2 C E08: GHT with a hospital-couloir solution needs the three cumulative conditions', () => {
    const essms = grappe.map((e) => ({ ...e, solution: { ...REFERENCED_SOLUTION, couloir: 'HOPITAL' as const } }));
    const ght = { ...project, porteurIsGht: true, ght: { publicProcurementContract: true, dpiCoverageStudy: true, noEuOrHopenFunding: false } };
    expect(items({ ...ok, essms, project: ght }, 'E08')[0]).toMatchObject({ status: 'KO' });
    expect(items({ ...ok, essms, project: ght }, 'E08')[0].message).toMatch(/HOP'EN/);
    const allThree = { ...ght, ght: { ...ght.ght, noEuOrHopenFunding: true } };
    expect(items({ ...ok, essms, project: allThree }, 'E08')[0].status).toBe('OK');
    expect(items({ ...ok, essms, project: { ...project } }, 'E08')[0].status).toBe('KO'); // not a GHT
  });
  it('002 E08: « projets concernant uniquement des ESSMS AHI et PJM » — no referencing obligation (categories 340, 214)', () => {
    const essms = grappe.map((e, i) => ({ ...e, category: i % 2 ? '340' : '214', solution: { ...REFERENCED_SOLUTION, referencing: 'NOT_REFERENCED' as const } }));
    expect(items({ ...ok, essms }, 'E08')[0]).toMatchObject({ severity: 'INFO', status: 'OK' });
    const mixed = essms.map((e, i) => (i === 0 ? { ...e, category: '500' } : e));
    expect(items({ ...ok, essms: mixed }, 'E08')[0].status).toBe('KO');
  });

  it('003 §4.2 D E09: 14 ESSMS in metropole → warning (ARS judgement); joining a funded regroupement noted', () => {
    const small = { ...ok, essms: grappe.slice(0, 14) };
    expect(eligibilityReport(small).warnings.map((w) => w.code)).toEqual(['E09']);
    expect(items({ ...small, project: { ...project, joinsFundedRegroupement: true } }, 'E09')[0].message).toMatch(/déjà financé/);
  });
  it('003 §4.2 D E09: 8 ESSMS overseas → no warning', () => {
    const essms = buildEligibilityEssms(buildGrappe(8, { departement: '974' }));
    expect(eligibilityReport({ ...ok, essms }).warnings).toEqual([]);
  });

  it('003 §4.2 E E10: self-diagnostics invited — a warning, never blocking', () => {
    const r = eligibilityReport({ ...ok, project: { ...project, selfDiagnostics: undefined } });
    expect(r.warnings.map((w) => w.code)).toEqual(['E10']);
    expect(r.blocking).toBe(false);
  });

  it('003 annexe 2 E11: missing P15 when hardware is asked → blocking', () => {
    const r = eligibilityReport({ ...ok, project: { ...project, hardwareRequested: true, presentPieces: ALL_PIECES.filter((p) => p !== 'P15') } });
    expect(r.blocking).toBe(true);
    expect(items({ ...ok, project: { ...project, hardwareRequested: true, presentPieces: ALL_PIECES.filter((p) => p !== 'P15') } }, 'E11')[0].message).toMatch(/P15/);
  });

  it('003 §4.6 E12: « tout dossier déposé après la date de clôture … non recevable »', () => {
    const late = { ...ok, project: { ...project, submittedAt: new Date('2024-09-16T00:00:00+02:00') } };
    expect(items(late, 'E12')[0]).toMatchObject({ severity: 'BLOCKING', status: 'KO' });
    expect(items({ ...ok, project: { ...project, submittedAt: undefined } }, 'E12')[0].status).toBe('TO_CHECK');
  });
});
