import { evaluateCondition, matchRule, rankFiles, runningTotals, type Condition, type FileFacts, type RankableFile } from './committee-ranking';

// 003 (AAP Normandie), « Focus sur les critères de sélection des projets : Prioriser : 1 - Les projets dits
// « matures » (note >=11) ; 2 - Les projets d'acquisition PA/PH pour les grappes ; … 5 - Au moins un projet de
// type SAAD ; 6 - Les projets « 100% normands » dans la fenêtre 1 ; … »
const acquisitionPaPh: Condition = { all: [{ fact: 'situations', allIn: ['ACQUISITION'] }, { fact: 'fields', includesAny: ['PA', 'PH'] }] };
const saad: Condition = { fact: 'hasSaad', equals: true };
const allNormandWindow1: Condition = { all: [{ fact: 'regions', allIn: ['28'] }, { fact: 'windowCode', equals: 'F1' }] };

describe('regional priority rules (domain-rules §7, 003 « éléments de priorisation »)', () => {
  it.each<[string, Condition, FileFacts, boolean | null]>([
    ['2 — acquisition PA/PH: an acquisition grappe of PA ESSMS', acquisitionPaPh, { situations: ['ACQUISITION'], fields: ['PA', 'PDS'] }, true],
    ['2 — acquisition PA/PH: an upgrade is not an acquisition', acquisitionPaPh, { situations: ['ACQUISITION', 'UPGRADE'], fields: ['PA'] }, false],
    ['2 — acquisition PA/PH: fields unknown → to assess', acquisitionPaPh, { situations: ['ACQUISITION'] }, null],
    ['5 — au moins un SAAD', saad, { hasSaad: true }, true],
    ['5 — no SAAD', saad, { hasSaad: false }, false],
    ['6 — « 100 % normands » in window 1', allNormandWindow1, { regions: ['28'], windowCode: 'F1' }, true],
    ['6 — one ESSMS outside Normandie', allNormandWindow1, { regions: ['28', '93'], windowCode: 'F1' }, false],
    ['6 — Normandie only but window 2', allNormandWindow1, { regions: ['28'], windowCode: 'F2' }, false],
    ['a false branch decides even when another fact is unknown', allNormandWindow1, { windowCode: 'F2' }, false],
  ])('%s', (_label, condition, facts, expected) => {
    expect(evaluateCondition(condition, facts)).toBe(expected);
  });

  it('a rule without matcher (e.g. PACA « qualité des réponses ») is for the ARS to assess, never matched or refused', () => {
    expect(matchRule({ code: 'PACA-QUALITE', label: 'Qualité des réponses', matcher: null }, { essmsCount: 20 }).status).toBe('TO_ASSESS');
  });

  it('an unknown fact says which one is missing', () => {
    const m = matchRule({ code: 'N5', label: 'Au moins un SAAD', matcher: saad }, {});
    expect(m.status).toBe('TO_ASSESS');
    expect(m.explanation).toContain('présence d’un SAAD');
  });
});

const file = (reference: string, over: Partial<RankableFile>): RankableFile => ({
  candidatureId: reference,
  reference,
  mature: null,
  matchedPriorityCount: 0,
  consensus: null,
  fundingTotal: 100_000,
  decision: null,
  ...over,
});

describe('committee agenda: ranking and running total against the envelope', () => {
  it('003 « 1 - Les projets dits matures (note >=11) » first, then the number of priorities met, then the note', () => {
    const ranked = rankFiles([
      file('D', { mature: false, matchedPriorityCount: 5, consensus: 10 }),
      file('B', { mature: true, matchedPriorityCount: 1, consensus: 18 }),
      file('A', { mature: true, matchedPriorityCount: 2, consensus: 11 }),
      file('C', { mature: true, matchedPriorityCount: 1, consensus: 15 }),
      file('E', { mature: null, matchedPriorityCount: 0, consensus: null }),
    ]);
    expect(ranked.map((f) => f.reference)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('ties end on the reference, so the agenda is stable', () => {
    expect(rankFiles([file('Z', {}), file('M', {})]).map((f) => f.reference)).toEqual(['M', 'Z']);
  });

  it('runs the total from what earlier committees committed; refused and postponed files do not count', () => {
    const lines = runningTotals(
      [file('A', { fundingTotal: 300_000 }), file('B', { fundingTotal: 250_000, decision: 'NOT_RETAINED' }), file('C', { fundingTotal: 200_000, decision: 'POSTPONED' }), file('D', { fundingTotal: 150_000 })],
      800_000,
      400_000,
    );
    expect(lines.map((l) => [l.rank, l.counted, l.runningTotal, l.withinEnvelope, l.overshoot])).toEqual([
      [1, true, 700_000, true, 0],
      [2, false, 700_000, true, 0],
      [3, false, 700_000, true, 0],
      [4, true, 850_000, false, 50_000],
    ]);
  });

  it('without an envelope, nothing is said about it', () => {
    expect(runningTotals([file('A', {})], null)[0]).toMatchObject({ withinEnvelope: null, overshoot: 0, runningTotal: 100_000 });
  });
});
